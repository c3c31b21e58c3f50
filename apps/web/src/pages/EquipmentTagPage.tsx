import { useEffect } from 'react';
import { Button, Result } from 'antd';
import { Link, useNavigate, useParams } from 'react-router';
import { assetTagFromScan } from '@cg/domain';
import { isApiError } from '../api/client';
import { equipmentApi } from '../api/endpoints';
import { LoadError } from '../components/LoadError';
import { PageLoading } from '../components/PageLoading';
import { useRequest } from '../lib/use-request';

/** Where a phone lands after scanning an equipment label (/equipment/tag/<资产编号>): on to the item's page. */
export default function EquipmentTagPage() {
  const { tag: raw = '' } = useParams();
  const navigate = useNavigate();
  const tag = assetTagFromScan(raw);
  const { data, error, loading, reload } = useRequest((signal) => equipmentApi.byTag(tag ?? '', signal), [tag], tag !== null);

  useEffect(() => {
    // replace: 返回 from the item goes back to where the scan came from, not to this hop.
    if (data) navigate(`/equipment/${data.id}`, { replace: true });
  }, [data, navigate]);

  const back = (
    <Link to="/equipment">
      <Button type="primary">返回执法装备库</Button>
    </Link>
  );
  if (tag === null || (isApiError(error) && (error.status === 404 || error.status === 400))) {
    return (
      <Result
        status="404"
        title="未找到该装备"
        subTitle={
          tag === null
            ? `“${raw}”不是有效的资产编号。`
            : `资产编号 ${tag} 的装备不存在，或不在您的管辖范围内。`
        }
        extra={back}
      />
    );
  }
  if (error) return <LoadError error={error} onRetry={reload} />;
  if (loading || data) return <PageLoading />;
  return null;
}
