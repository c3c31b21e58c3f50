import { Alert, Button } from 'antd';
import { isApiError } from '../../api/client';
import { errorMessage } from '../../lib/errors';

/** The error of a step in a modal; a stale page (409 VERSION_CONFLICT) gets a 刷新 button. */
export function ActionError({ error, extra, onReload }: { error: unknown; extra?: string[]; onReload: () => void }) {
  if (!error) return null;
  const stale = isApiError(error) && error.code === 'VERSION_CONFLICT';
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      data-testid="action-error"
      style={{ marginBottom: 16 }}
      title={stale ? '记录已被他人修改，请刷新后重试' : errorMessage(error)}
      description={!stale && extra?.length ? extra.join('；') : undefined}
      action={stale ? <Button size="small" onClick={onReload}>刷新</Button> : undefined}
    />
  );
}
