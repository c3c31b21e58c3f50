// 车载设备: what is installed in a vehicle (its Beidou terminal reports this vehicle's positions).
import { Card, Empty, List, Typography } from 'antd';
import { Link } from 'react-router';
import { equipmentApi } from '../../api/endpoints';
import { LoadError } from '../../components/LoadError';
import { useRequest } from '../../lib/use-request';

export function VehicleDevices({ vehicleId }: { vehicleId: string }) {
  const { data, error, loading, reload } = useRequest(
    (signal) => equipmentApi.list({ holderVehicleId: vehicleId, page: 1, pageSize: 50 }, signal),
    [vehicleId],
  );
  return (
    <Card size="small" title="车载设备" style={{ marginTop: 16 }} data-testid="vehicle-devices">
      {error ? <LoadError error={error} onRetry={reload} /> : (
        <List
          loading={loading}
          dataSource={data?.items ?? []}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="未安装北斗定位终端等车载设备：在终端的页面办理“安装到车辆”" /> }}
          renderItem={(d) => (
            <List.Item>
              <Link to={`/equipment/${d.id}`} style={{ fontFamily: 'monospace' }}>{d.assetTag}</Link>
              <Typography.Text>{d.categoryName} · {d.model}</Typography.Text>
              <Typography.Text type="secondary">
                {typeof d.attributes.terminalPhone === 'string' ? `终端手机号 ${d.attributes.terminalPhone}` : ''}
              </Typography.Text>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
