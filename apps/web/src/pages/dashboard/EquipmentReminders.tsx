// 装备提醒: overdue loans and squadrons that have not finished this quarter's inventory, in the user's scope.
import { Card, Flex, Statistic } from 'antd';
import { Link } from 'react-router';
import { quarterOf } from '@cg/domain';
import { equipmentApi, inventoryApi } from '../../api/endpoints';
import { useRequest } from '../../lib/use-request';

export function EquipmentReminders({ unitId }: { unitId: string }) {
  const q = quarterOf(new Date());
  const overdue = useRequest((signal) => equipmentApi.list({ unitId, overdue: 'true', page: 1, pageSize: 1 }, signal), [unitId]);
  const noResponsible = useRequest((signal) => equipmentApi.list({ unitId, noResponsible: 'true', page: 1, pageSize: 1 }, signal), [unitId]);
  const due = useRequest((signal) => inventoryApi.due({ year: q.year, quarter: q.quarter }, signal), [q.year, q.quarter]);
  const red = (n: number | undefined) => (n ? { content: { color: '#cf1322' } } : undefined);
  return (
    <Card title="装备提醒" size="small" extra={<Link to={`/equipment?unitId=${unitId}`}>查看装备</Link>} data-testid="equipment-reminders">
      <Flex wrap gap={32}>
        <Link to={`/equipment?unitId=${unitId}&overdue=true`}>
          <Statistic title="借用逾期未还" value={overdue.data?.total ?? '—'} suffix="件" loading={overdue.loading} styles={red(overdue.data?.total)} />
        </Link>
        <Link to={`/equipment?unitId=${unitId}&noResponsible=true`}>
          <Statistic title="未指定责任人" value={noResponsible.data?.total ?? '—'} suffix="件" loading={noResponsible.loading} />
        </Link>
        <Link to="/inventory">
          <Statistic title={`${q.label}未完成清点`} value={due.data?.length ?? '—'} suffix="个中队" loading={due.loading} styles={red(due.data?.length)} />
        </Link>
      </Flex>
    </Card>
  );
}
