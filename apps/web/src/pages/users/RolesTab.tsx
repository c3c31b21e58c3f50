import { Card, Col, Empty, Row, Tag, Typography } from 'antd';
import { metaApi } from '../../api/endpoints';
import { useMe } from '../../auth/auth-context';
import { LoadError } from '../../components/LoadError';
import { PageLoading } from '../../components/PageLoading';
import { useRequest } from '../../lib/use-request';

/** 角色与权限: each role and what it may do (GET /api/meta/roles). Data scope is the user's unit subtree. */
export function RolesTab() {
  const me = useMe();
  const { data, loading, error, reload } = useRequest((signal) => metaApi.roles(signal), []);
  if (loading && !data) return <PageLoading />;
  if (error) return <LoadError error={error} onRetry={reload} />;
  if (!data?.length) return <Empty description="暂无角色" />;
  return (
    <>
      <Typography.Paragraph type="secondary">
        每个用户只能查看和修改本单位及下级单位的数据；角色决定可以使用哪些功能。
      </Typography.Paragraph>
      <Row gutter={[16, 16]}>
        {data.map((r) => (
          <Col xs={24} md={12} xl={8} key={r.role}>
            <Card
              size="small"
              title={r.label}
              extra={r.role === me.role ? <Tag color="blue">当前角色</Tag> : <Typography.Text type="secondary">{r.role}</Typography.Text>}
              style={{ height: '100%' }}
            >
              {r.permissions.length ? (
                r.permissions.map((p) => (
                  <Tag key={p.key} style={{ marginBottom: 6 }} title={p.key}>
                    {p.label}
                  </Tag>
                ))
              ) : (
                <Typography.Text type="secondary">无权限</Typography.Text>
              )}
            </Card>
          </Col>
        ))}
      </Row>
    </>
  );
}
