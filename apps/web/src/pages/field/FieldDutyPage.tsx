// 我的勤务 on the phone (/field/duty): 勤务日志 (written through the offline queue, with photos and position) and 请假
// (online only). The sync banner counts the log entries with the 诉件 steps: one queue for everything done on the phone.
import { useEffect } from 'react';
import { Alert, Button, Flex, Tabs, Typography } from 'antd';
import { LeftOutlined } from '@ant-design/icons';
import { Link, useSearchParams } from 'react-router';
import { useAuth } from '../../auth/auth-context';
import { FieldDutyLog } from './FieldDutyLog';
import { FieldLeavePanel } from './FieldLeavePanel';
import { useFieldStore } from './field-store';
import { SyncBanner } from './SyncBanner';

export default function FieldDutyPage() {
  const { me, can } = useAuth();
  const store = useFieldStore();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'leave' ? 'leave' : 'log';

  // Today's shifts and log (and the copy kept for dead zones); again whenever the network comes back.
  useEffect(() => { void store.refreshToday(); }, [store]);

  return (
    <div className="field-page" data-testid="field-duty-page">
      <Flex vertical gap={12}>
        <Flex justify="space-between" align="center">
          {can('dispatch.handle') ? <Link to="/field"><Button icon={<LeftOutlined />} type="text">移动执勤</Button></Link> : <span />}
          <Typography.Title level={5} style={{ margin: 0 }}>我的勤务</Typography.Title>
        </Flex>
        {!me?.officerId ? (
          <Alert type="warning" showIcon title="当前账号未关联执法人员" description="勤务日志和请假需要以执法人员本人的账号登录。" />
        ) : (
          <>
            <SyncBanner store={store} />
            {store.today?.leave ? (
              <Alert type="info" showIcon title={`今天${store.today.leave.kind}（${store.today.leave.fromDate} 至 ${store.today.leave.toDate}）`} />
            ) : null}
            <Tabs activeKey={tab} onChange={(key) => setParams(key === 'leave' ? { tab: key } : {}, { replace: true })} items={[
              { key: 'log', label: '勤务日志', children: <FieldDutyLog store={store} /> },
              { key: 'leave', label: '请假', children: <FieldLeavePanel online={store.queueState.online} /> },
            ]} />
          </>
        )}
      </Flex>
    </div>
  );
}
