// Page filters kept in the URL (so a link or the back button restores them): the current parameters and an updater
// that sets the given ones, drops those given as empty, and replaces the history entry.
import { useSearchParams } from 'react-router';

export function useUrlParams(): [URLSearchParams, (changes: Record<string, string | undefined>) => void] {
  const [params, setParams] = useSearchParams();
  const update = (changes: Record<string, string | undefined>) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      for (const [k, v] of Object.entries(changes)) {
        if (v) next.set(k, v);
        else next.delete(k);
      }
      return next;
    }, { replace: true });
  return [params, update];
}
