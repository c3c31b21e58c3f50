import { useState } from 'react';
import { Alert, Button } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { auditApi } from '../../api/endpoints';
import type { AuditVerifyResult } from '../../api/types';
import { errorMessage } from '../../lib/errors';

/** 校验审计链: recomputes the hash chain on the server and shows ok or the first broken entry. */
export function AuditVerifyButton({ onResult }: { onResult: (r: AuditVerifyResult | { error: string }) => void }) {
  const [busy, setBusy] = useState(false);
  return (
    <Button
      icon={<SafetyCertificateOutlined />}
      loading={busy}
      onClick={async () => {
        setBusy(true);
        try {
          onResult(await auditApi.verify());
        } catch (e) {
          onResult({ error: errorMessage(e, '校验失败') });
        } finally {
          setBusy(false);
        }
      }}
    >
      校验审计链
    </Button>
  );
}

export function AuditVerifyResultAlert({ result, onClose }: { result: AuditVerifyResult | { error: string }; onClose: () => void }) {
  if ('error' in result) {
    return <Alert type="error" showIcon closable={{ onClose }} title="审计链校验未完成" description={result.error} style={{ marginBottom: 12 }} />;
  }
  if (result.ok) {
    return (
      <Alert
        type="success"
        showIcon
        closable={{ onClose }}
        data-testid="audit-verify-result"
        title={`审计链完整：已校验 ${result.checked} 条记录，未发现篡改。`}
        style={{ marginBottom: 12 }}
      />
    );
  }
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      closable={{ onClose }}
      data-testid="audit-verify-result"
      title={
        result.firstBroken
          ? `审计链断裂：第 ${result.firstBroken.seq} 条记录校验失败`
          : '审计链校验失败'
      }
      description={
        <>
          {result.firstBroken ? <div>原因：{result.firstBroken.reason}</div> : null}
          <div>已校验 {result.checked} 条记录。该条及其后的记录可能被篡改，请立即上报并保全数据库备份。</div>
        </>
      }
      style={{ marginBottom: 12 }}
    />
  );
}
