import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';
import { isAbortError } from '../api/client';

export interface RequestState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** Fetch again with the same inputs. */
  reload: () => void;
  /** Replace the data locally (e.g. with the answer of an update). */
  setData: (data: T | undefined) => void;
}

/**
 * Runs `fn` whenever `deps` change (or `reload()` is called), aborting the previous call.
 * Stale answers never overwrite newer ones. Pass `enabled: false` to skip.
 */
export function useRequest<T>(
  fn: (signal: AbortSignal) => Promise<T>,
  deps: DependencyList,
  enabled = true,
): RequestState<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState<boolean>(enabled);
  const [tick, setTick] = useState(0);
  const fnRef = useRef(fn);
  fnRef.current = fn;

  useEffect(() => {
    if (!enabled) {
      setLoading(false);
      return;
    }
    const controller = new AbortController();
    setLoading(true);
    setError(undefined);
    fnRef.current(controller.signal).then(
      (result) => {
        if (controller.signal.aborted) return;
        setData(result);
        setLoading(false);
      },
      (e: unknown) => {
        if (controller.signal.aborted || isAbortError(e)) return;
        setError(e);
        setLoading(false);
      },
    );
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick, enabled]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload, setData };
}
