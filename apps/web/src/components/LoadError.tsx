import { Alert, Button } from 'antd';
import { errorMessage } from '../lib/errors';

/** Inline error for a failed load, with a retry button. */
export function LoadError({ error, onRetry, title = '数据加载失败' }: { error: unknown; onRetry?: () => void; title?: string }) {
  return (
    <Alert
      type="error"
      showIcon
      title={title}
      description={errorMessage(error)}
      action={onRetry ? <Button size="small" onClick={onRetry}>重试</Button> : undefined}
      style={{ marginBottom: 16 }}
    />
  );
}
