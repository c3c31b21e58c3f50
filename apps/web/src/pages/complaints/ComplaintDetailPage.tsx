// 诉件详情: the facts, deadlines, point on the map, timeline, photos and linked complaints, with the steps this user
// may take now (the server's availableActions / canReroute / canMerge / canRecordFeedback) as buttons.
import { useState, type ReactNode } from 'react';
import {
  Alert, Button, Card, Col, Descriptions, Empty, Flex, List, Row, Skeleton, Space, Tag, Timeline, Tooltip, Typography,
} from 'antd';
import {
  ArrowLeftOutlined, CheckCircleTwoTone, CloseCircleTwoTone, FileProtectOutlined, ReloadOutlined,
} from '@ant-design/icons';
import { Link, useNavigate, useParams } from 'react-router';
import { type ComplaintAction, type ComplaintAvailableAction, type ComplaintDetail, type ComplaintEvent } from '../../api/complaints';
import { complaintApi } from '../../api/complaints';
import { useAuth } from '../../auth/auth-context';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { dash, fmtDateTime } from '../../lib/format';
import { useRequest } from '../../lib/use-request';
import { ActionModal } from './ActionModal';
import { ComplaintMap } from './ComplaintMap';
import { ComplaintPhotos } from './ComplaintPhotos';
import { ComplaintStatusTag, DueTag, fmtDeadline, STATUS_LABELS } from './complaint-ui';
import { FeedbackModal, MergeModal, RerouteModal } from './DeskModals';
import './complaints.css';

const PRIMARY: readonly ComplaintAction[] = ['dispatch', 'sign', 'start', 'handle', 'reply', 'close', 'approve_extension'];
const DANGER: readonly ComplaintAction[] = ['return', 'reject_extension'];
const EVENT_COLORS: Record<string, string> = {
  accepted: 'gray', dispatched: 'blue', signed: 'blue', handling: 'blue', contacted: 'cyan', handled: 'green', replied: 'green',
  closed: 'green', returned: 'red', rerouted: 'orange', extension_requested: 'orange', extension_approved: 'green',
  extension_rejected: 'red', reopened: 'red', feedback: 'purple', merged: 'gray', linked: 'gray', photo: 'gray', note: 'gray',
};

const statusName = (s: string | null) => (s ? (STATUS_LABELS as Record<string, string>)[s] ?? s : '');

function EventItem({ e }: { e: ComplaintEvent }) {
  const moved = e.fromStatus && e.toStatus && e.fromStatus !== e.toStatus;
  return (
    <div data-testid={`event-${e.kind}`}>
      <Space size={8} wrap>
        <Typography.Text strong>{e.kindLabel}</Typography.Text>
        <Typography.Text type="secondary">{fmtDateTime(e.at)}</Typography.Text>
        <Typography.Text type="secondary">{e.actorName}</Typography.Text>
        {moved ? <Tag>{statusName(e.fromStatus)} → {statusName(e.toStatus)}</Tag> : null}
        {!e.fromStatus && e.toStatus ? <Tag>{statusName(e.toStatus)}</Tag> : null}
        {e.fromUnitName && e.toUnitName ? <Tag color="orange">{e.fromUnitName} → {e.toUnitName}</Tag> : null}
      </Space>
      {e.note ? <div className="complaint-event-note">{e.note}</div> : null}
    </div>
  );
}

function ContactState({ c }: { c: ComplaintDetail }) {
  if (c.contactedAt) {
    const late = new Date(c.contactedAt).getTime() > new Date(c.contactDueAt).getTime();
    return <Tag color={late ? 'orange' : 'green'}>{fmtDateTime(c.contactedAt)} 已联系{late ? '（超时）' : ''}</Tag>;
  }
  if (c.source === 'field') return <Tag>巡查发现，无需联系</Tag>;
  if (c.dueState === 'done') return <Tag>未记录联系</Tag>;
  return new Date(c.contactDueAt).getTime() < Date.now() ? <Tag color="red">超时未联系</Tag> : <Tag>待联系</Tag>;
}

function Deadlines({ c }: { c: ComplaintDetail }) {
  const items: { key: string; label: string; children: ReactNode }[] = [
    { key: 'received', label: '受理时间', children: fmtDateTime(c.receivedAt) },
    {
      key: 'contact', label: '首次联系时限',
      children: <Space size={4} wrap><span data-testid="contact-due">{fmtDeadline(c.contactDueAt)}</span><ContactState c={c} /></Space>,
    },
    {
      key: 'due', label: '处置时限',
      children: (
        <Space size={4} wrap>
          <span data-testid="handle-due">{fmtDeadline(c.dueAt)}</span>
          <DueTag state={c.dueState} />
          {c.reopenCount > 0 ? <Tooltip title="市民不满意重办后，时限为重办时起3个工作日"><Tag color="red">重办{c.reopenCount > 1 ? ` ×${c.reopenCount}` : ''}</Tag></Tooltip> : null}
        </Space>
      ),
    },
  ];
  if (c.extensionPending) {
    items.push({
      key: 'ext', label: '延期申请',
      children: <Space size={4} wrap><Tag color="orange" data-testid="extension-pending">待审批</Tag>申请延至 {fmtDeadline(c.extensionRequestedDueAt)}</Space>,
    });
  }
  if (c.handledAt) {
    items.push({
      key: 'handled', label: '处置完毕',
      children: <Space size={4}>{fmtDateTime(c.handledAt)}{c.handledOnTime === false ? <Tag color="red">超期处置</Tag> : <Tag color="green">按时</Tag>}</Space>,
    });
  }
  if (c.repliedAt) items.push({ key: 'replied', label: '回复市民', children: fmtDateTime(c.repliedAt) });
  if (c.closedAt) items.push({ key: 'closed', label: '办结时间', children: fmtDateTime(c.closedAt) });
  if (c.returnCount > 0) items.push({ key: 'returns', label: '退回次数', children: c.returnCount });
  return <Descriptions size="small" column={1} items={items} />;
}

function Facts({ c }: { c: ComplaintDetail }) {
  return (
    <Descriptions
      size="small" column={{ xs: 1, md: 2 }} bordered
      items={[
        { key: 'cat', label: '诉件类别', children: c.categoryName },
        { key: 'source', label: '来源', children: c.externalNo ? `${c.sourceLabel}（工单号 ${c.externalNo}）` : c.sourceLabel },
        { key: 'desc', label: '诉件内容', span: 'filled', children: <div className="complaint-event-note" data-testid="complaint-description">{c.description}</div> },
        { key: 'addr', label: '地址', children: dash(c.address) },
        { key: 'point', label: '坐标', children: `${c.lon.toFixed(6)}, ${c.lat.toFixed(6)}` },
        { key: 'reporter', label: '诉求人', children: dash(c.reporterName) },
        { key: 'phone', label: '诉求人电话', children: dash(c.reporterPhone) },
        { key: 'unit', label: '承办中队', children: <span data-testid="complaint-unit">{c.unitName}</span> },
        { key: 'by', label: '受理人', children: `${c.createdByName}（${fmtDateTime(c.createdAt)}）` },
        ...(c.handlingNote ? [{ key: 'handling', label: '处置情况', span: 'filled' as const, children: <div className="complaint-event-note">{c.handlingNote}</div> }] : []),
        ...(c.replyText ? [{ key: 'reply', label: '回复内容', span: 'filled' as const, children: <div className="complaint-event-note">{c.replyText}</div> }] : []),
        ...(c.satisfactionLabel ? [{
          key: 'sat', label: '市民评价', span: 'filled' as const,
          children: <Space><Tag color={c.satisfaction === 'dissatisfied' ? 'red' : 'green'} data-testid="complaint-satisfaction">{c.satisfactionLabel}</Tag>{fmtDateTime(c.feedbackAt)}</Space>,
        }] : []),
      ]}
    />
  );
}

function ArchiveCard({ c }: { c: ComplaintDetail }) {
  return (
    <Card
      size="small" title="一事一档"
      extra={
        <Button size="small" type="primary" ghost icon={<FileProtectOutlined />} data-testid="archive-link"
          onClick={() => { void complaintApi.archivePdf(c.id, c.code); }}>
          下载一事一档（PDF）
        </Button>
      }
    >
      <Flex wrap gap={6}>
        {c.archive.items.map((i) => (
          <Tag key={i.key} icon={i.ok ? <CheckCircleTwoTone twoToneColor="#52c41a" /> : <CloseCircleTwoTone twoToneColor="#bfbfbf" />} color={i.ok ? 'success' : 'default'}>
            {i.label}
          </Tag>
        ))}
      </Flex>
      <Typography.Text type={c.archive.complete ? 'success' : 'secondary'} style={{ fontSize: 12 }}>
        {c.archive.complete ? '档案完整' : `尚缺：${c.archive.missing.join('、') || '—'}`}
      </Typography.Text>
    </Card>
  );
}

export default function ComplaintDetailPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { can } = useAuth();
  const detail = useRequest((signal) => complaintApi.get(id, signal), [id]);
  const [action, setAction] = useState<ComplaintAvailableAction | null>(null);
  const [desk, setDesk] = useState<'reroute' | 'merge' | 'feedback' | null>(null);
  const c = detail.data;

  if (detail.error) {
    return (
      <>
        <PageHeader title="诉件详情" extra={<Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>返回</Button>} />
        <LoadError error={detail.error} onRetry={detail.reload} />
      </>
    );
  }
  if (!c) return <Skeleton active />;

  const done = (next: ComplaintDetail) => {
    detail.setData(next);
    setAction(null);
    setDesk(null);
  };
  const merged = c.mergedIntoId !== null;
  const canUpload = !merged && c.status !== 'closed' && (can('complaint.write') || can('complaint.handle') || can('complaint.approve'));
  const hasButtons = c.availableActions.length > 0 || c.canReroute || c.canMerge || c.canRecordFeedback;

  return (
    <>
      <PageHeader
        title={
          <Space size={8} wrap>
            <span data-testid="complaint-code">{c.code}</span>
            <ComplaintStatusTag status={c.status} label={c.statusLabel} testId="complaint-status" />
            <DueTag state={c.dueState} dueAt={c.dueAt} />
            {c.extensionPending ? <Tag color="orange">延期待审批</Tag> : null}
            {merged ? <Tag>已合并</Tag> : null}
          </Space>
        }
        subTitle={`${c.categoryName} · ${c.unitName} · ${c.sourceLabel}`}
        extra={
          <>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/complaints')}>返回列表</Button>
            <Tooltip title="刷新"><Button icon={<ReloadOutlined />} aria-label="刷新" onClick={detail.reload} loading={detail.loading} /></Tooltip>
          </>
        }
      />
      {merged ? (
        <Alert
          type="info" showIcon style={{ marginBottom: 12 }}
          title={<>本件已作为重复件并入 <Link to={`/complaints/${c.mergedIntoId}`}>{c.mergedIntoCode}</Link>，随其办理。</>}
        />
      ) : null}
      <Card size="small" style={{ marginBottom: 12 }} title="办理" data-testid="complaint-actions">
        {hasButtons ? (
          <Flex wrap gap={8}>
            {c.availableActions.map((a) => (
              <Button
                key={a.action} data-testid={`action-${a.action}`}
                type={PRIMARY.includes(a.action) ? 'primary' : 'default'} danger={DANGER.includes(a.action)}
                onClick={() => setAction(a)}
              >
                {a.label}
              </Button>
            ))}
            {c.canReroute ? <Button onClick={() => setDesk('reroute')} data-testid="btn-reroute">改派</Button> : null}
            {c.canMerge ? <Button onClick={() => setDesk('merge')} data-testid="btn-merge">合并 / 关联</Button> : null}
            {c.canRecordFeedback ? <Button onClick={() => setDesk('feedback')} data-testid="btn-feedback">市民评价</Button> : null}
          </Flex>
        ) : (
          <Typography.Text type="secondary" data-testid="no-actions">
            {c.status === 'closed' ? '诉件已办结。' : '当前没有您可以办理的步骤。'}
          </Typography.Text>
        )}
      </Card>
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={15}>
          <Flex vertical gap={12}>
            <Card size="small" title="诉件信息"><Facts c={c} /></Card>
            <Card size="small" title="办理过程" data-testid="complaint-timeline">
              <Timeline
                items={c.events.map((e) => ({ key: e.id, color: EVENT_COLORS[e.kind] ?? 'gray', content: <EventItem e={e} /> }))}
              />
            </Card>
          </Flex>
        </Col>
        <Col xs={24} xl={9}>
          <Flex vertical gap={12}>
            <ArchiveCard c={c} />
            <Card size="small" title="时限"><Deadlines c={c} /></Card>
            <Card size="small" title="位置"><ComplaintMap point={c} /></Card>
            <Card size="small" title={`照片（${c.photos.length}）`}>
              <ComplaintPhotos key={c.id} complaint={c} canUpload={canUpload} onChange={detail.setData} />
            </Card>
            <Card size="small" title="关联诉件" data-testid="complaint-links">
              {c.links.length ? (
                <List
                  size="small" dataSource={c.links}
                  renderItem={(l) => (
                    <List.Item>
                      <Space>
                        <Link to={`/complaints/${l.id}`}>{l.code}</Link>
                        <Tag color={l.kind === 'merged' ? 'purple' : 'default'}>{l.kind === 'merged' ? '合并' : '关联'}</Tag>
                        <ComplaintStatusTag status={l.status} label={l.statusLabel} />
                      </Space>
                    </List.Item>
                  )}
                />
              ) : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有关联的诉件" />}
            </Card>
          </Flex>
        </Col>
      </Row>

      <ActionModal complaint={c} action={action} onClose={() => setAction(null)} onDone={done} onReload={detail.reload} />
      <RerouteModal complaint={c} open={desk === 'reroute'} onClose={() => setDesk(null)} onDone={done} onReload={detail.reload} />
      <MergeModal complaint={c} open={desk === 'merge'} onClose={() => setDesk(null)} onDone={done} onReload={detail.reload} />
      <FeedbackModal complaint={c} open={desk === 'feedback'} onClose={() => setDesk(null)} onDone={done} onReload={detail.reload} />
    </>
  );
}
