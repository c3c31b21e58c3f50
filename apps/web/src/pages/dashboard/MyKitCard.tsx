// 我的装备: what the signed-in officer holds, with 签收 for kit handed over and not yet signed for.
import { useState } from 'react';
import { App, Button, Card, Empty, List, Tag, Typography } from 'antd';
import { kitApi } from '../../api/endpoints';
import { LoadError } from '../../components/LoadError';
import { errorMessage } from '../../lib/errors';
import { fmtDateTime } from '../../lib/format';
import { useRequest } from '../../lib/use-request';

export function MyKitCard() {
  const { message } = App.useApp();
  const { data, error, loading, reload, setData } = useRequest((signal) => kitApi.mine(signal), []);
  const [busy, setBusy] = useState<string | null>(null);
  const unsigned = (data ?? []).filter((k) => !k.acknowledgedAt).length;

  const sign = async (id: string) => {
    setBusy(id);
    try {
      const signed = await kitApi.acknowledge(id);
      setData((data ?? []).map((k) => (k.id === id ? signed : k)));
      message.success(`已签收 ${signed.assetTag}`);
    } catch (e) {
      message.error(errorMessage(e));
      reload();
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card
      title="我的装备"
      size="small"
      data-testid="my-kit"
      extra={unsigned ? <Tag color="warning">{unsigned} 件待签收</Tag> : null}
    >
      {error ? <LoadError error={error} onRetry={reload} /> : (
        <List
          loading={loading}
          dataSource={data ?? []}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="名下没有配发或借用的装备" /> }}
          renderItem={(k) => (
            <List.Item
              actions={[k.acknowledgedAt ? (
                <Typography.Text type="secondary" key="s">已签收 {fmtDateTime(k.acknowledgedAt)}</Typography.Text>
              ) : (
                <Button key="s" type="primary" size="small" loading={busy === k.id} onClick={() => sign(k.id)} aria-label={`签收 ${k.assetTag}`}>
                  签收
                </Button>
              )]}
            >
              <List.Item.Meta
                title={<span><span style={{ fontFamily: 'monospace' }}>{k.assetTag}</span> {k.categoryName}</span>}
                description={`${k.action === 'issue' ? '借用' : '配发'} · ${k.handedOverBy} · ${fmtDateTime(k.handedOverAt)}${
                  k.expectedReturnAt ? ` · 预计 ${fmtDateTime(k.expectedReturnAt)} 归还` : ''}`}
              />
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
