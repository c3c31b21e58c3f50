import { Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import type { CertStatus, OfficerStatus } from '@cg/domain';
import { fmtDate } from '../lib/format';

const OFFICER_STATUS_COLORS: Record<OfficerStatus, string> = {
  在岗: 'green',
  借调: 'cyan',
  离岗: 'default',
  病休: 'orange',
  退休: 'default',
  调离: 'default',
};

const CERT_STATUS_COLORS: Record<CertStatus, string> = {
  有效: 'green',
  过期: 'red',
  暂扣: 'orange',
  注销: 'default',
  未持证: 'default',
};

export function OfficerStatusTag({ status }: { status: OfficerStatus }) {
  return <Tag color={OFFICER_STATUS_COLORS[status] ?? 'default'}>{status}</Tag>;
}

/** 持证状态 with the expiry date; an expiry in the past or within 30 days is highlighted. */
export function CertCell({ status, expiry }: { status: CertStatus; expiry: string | null }) {
  const d = expiry ? dayjs(expiry) : null;
  const expired = d ? d.isBefore(dayjs(), 'day') : false;
  const soon = d && !expired ? d.diff(dayjs(), 'day') <= 30 : false;
  return (
    <Space size={4} wrap>
      <Tag color={CERT_STATUS_COLORS[status] ?? 'default'}>{status}</Tag>
      {expiry ? (
        <Typography.Text type={expired ? 'danger' : soon ? 'warning' : 'secondary'} style={{ fontSize: 12 }}>
          {fmtDate(expiry)}
          {expired ? '（已过期）' : soon ? '（即将到期）' : ''}
        </Typography.Text>
      ) : null}
    </Space>
  );
}
