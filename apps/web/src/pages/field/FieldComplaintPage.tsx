// One 诉件 on the phone (/field/complaints/:id): where it is and how far, what the citizen said, the buttons the rules
// allow now (首次联系, 签收, 开始处置, 处置完毕, 退回, 申请延期), 处置前/处置后 photos from the camera, and the record.
// Everything the officer does is queued (works offline) and shown at once; the server's answer replaces it when synced.
import { useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Empty, Flex, Form, Image, Input, InputNumber, Modal, Space, Tag, Timeline, Typography } from 'antd';
import { CameraOutlined, EnvironmentOutlined, LeftOutlined, PhoneOutlined } from '@ant-design/icons';
import type { ComplaintAction } from '@cg/domain';
import { Link, useNavigate, useParams } from 'react-router';
import type { PhotoStage } from '../../api/complaints';
import { LoadError } from '../../components/LoadError';
import { PageLoading } from '../../components/PageLoading';
import { errorMessage } from '../../lib/errors';
import { fmtDateTime } from '../../lib/format';
import { DueBadge } from './FieldComplaintList';
import { distanceM, fmtDistance, STATUS_COLORS, type FieldComplaint, type FieldPhoto } from './field-model';
import { useFieldStore, type ActionFields, type FieldStore } from './field-store';
import { preparePhoto } from './photo-resize';
import { SyncBanner } from './SyncBanner';
import { useGeoFix } from './use-geo-fix';

/** Actions that need the officer to write something first. */
const DIALOGS: Partial<Record<ComplaintAction, { title: string; ok: string }>> = {
  contact: { title: '首次联系', ok: '确认已联系' },
  handle: { title: '处置完毕', ok: '确认处置完毕' },
  return: { title: '退回诉件', ok: '确认退回' },
  request_extension: { title: '申请延期', ok: '提交申请' },
};

function ActionDialog({ action, onClose, onSubmit }: {
  action: ComplaintAction | null; onClose: () => void; onSubmit: (a: ComplaintAction, f: ActionFields) => Promise<void>;
}) {
  const [form] = Form.useForm<ActionFields>();
  const [busy, setBusy] = useState(false);
  const spec = action ? DIALOGS[action] : undefined;
  const submit = async () => {
    if (!action) return;
    let values: ActionFields;
    try {
      values = await form.validateFields();
    } catch {
      return; // the form shows what is missing
    }
    setBusy(true);
    try {
      await onSubmit(action, values);
      onClose();
    } catch {
      /* the toast said why; the dialog stays open */
    } finally {
      setBusy(false);
    }
  };
  const min2 = (what: string) => [{ required: true, whitespace: true, message: `请填写${what}` }, { min: 2, message: `${what}至少2个字` }];
  return (
    <Modal title={spec?.title} open={Boolean(spec)} onCancel={onClose} okText={spec?.ok} onOk={() => void submit()} confirmLoading={busy} destroyOnHidden>
      <Form form={form} layout="vertical" requiredMark={false}>
        {action === 'contact' ? (
          <Form.Item name="note" label="联系情况" extra="选填，如：已电话联系诉求人，约定今日下午到场">
            <Input.TextArea rows={3} maxLength={500} data-testid="contact-note" />
          </Form.Item>
        ) : null}
        {action === 'handle' ? (
          <Form.Item name="note" label="处置情况" rules={min2('处置情况')} extra="建议先拍处置后照片">
            <Input.TextArea rows={4} maxLength={2000} placeholder="如：已劝离流动摊贩，现场恢复整洁" data-testid="handle-note" />
          </Form.Item>
        ) : null}
        {action === 'return' ? (
          <Form.Item name="reason" label="退回原因" rules={min2('退回原因')}>
            <Input.TextArea rows={3} maxLength={500} placeholder="如：不属本中队辖区／不属城管职责" data-testid="return-reason" />
          </Form.Item>
        ) : null}
        {action === 'request_extension' ? (
          <>
            <Form.Item name="extensionDays" label="延期天数（工作日）" initialValue={3} rules={[{ required: true, message: '请填写延期天数' }]}>
              <InputNumber min={1} max={10} precision={0} style={{ width: '100%' }} data-testid="extension-days" />
            </Form.Item>
            <Form.Item name="reason" label="延期原因" rules={min2('延期原因')}>
              <Input.TextArea rows={3} maxLength={500} data-testid="extension-reason" />
            </Form.Item>
          </>
        ) : null}
      </Form>
    </Modal>
  );
}

function PhotoThumb({ p, store }: { p: FieldPhoto; store: FieldStore }) {
  const src = p.url ?? (p.entryId ? store.photoUrl(p.entryId) : null);
  return (
    <div data-testid="photo-thumb" data-pending={p.entryId ? 'true' : 'false'} style={{ position: 'relative', width: 96 }}>
      {src ? <Image src={src} width={96} height={96} style={{ objectFit: 'cover', borderRadius: 6 }} alt={`${p.stageLabel}照片`} />
        : <div style={{ width: 96, height: 96, background: '#f0f0f0', borderRadius: 6 }} />}
      <Tag style={{ position: 'absolute', left: 4, top: 4, margin: 0 }} color={p.entryId ? 'gold' : 'blue'}>
        {p.stageLabel}{p.entryId ? ' · 待上传' : ''}
      </Tag>
    </div>
  );
}

function PhotoButton({ stage, label, onPicked }: { stage: PhotoStage; label: string; onPicked: (files: File[], stage: PhotoStage) => Promise<void> }) {
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  return (
    <>
      <Button icon={<CameraOutlined />} loading={busy} onClick={() => input.current?.click()} style={{ flex: 1 }}>{label}</Button>
      {/* display:none, not hidden: antd's form styles show file inputs as blocks */}
      <input ref={input} type="file" accept="image/*" capture="environment" multiple style={{ display: 'none' }} aria-label={label} data-testid={`photo-input-${stage}`}
        onChange={async (e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = '';
          if (files.length === 0) return;
          setBusy(true);
          try { await onPicked(files, stage); } finally { setBusy(false); }
        }} />
    </>
  );
}

function Body({ c, store }: { c: FieldComplaint; store: FieldStore }) {
  const { message } = App.useApp();
  const geo = useGeoFix();
  const [dialog, setDialog] = useState<ComplaintAction | null>(null);
  const here = geo.fix;

  const act = async (action: ComplaintAction, fields: ActionFields = {}) => {
    try {
      await store.act(c.id, action, fields);
      message.success(store.queueState.online ? '已提交' : '已保存，恢复网络后自动提交');
    } catch (e) {
      message.error(errorMessage(e, '保存失败，请重试'));
      throw e;
    }
  };
  const onPicked = async (files: File[], stage: PhotoStage) => {
    for (const f of files) {
      try {
        const prepared = await preparePhoto(f);
        await store.addPhoto(c.id, prepared, stage);
      } catch (e) {
        message.error(errorMessage(e, '照片保存失败'));
        return;
      }
    }
    message.success(`已保存${files.length}张照片${store.queueState.online ? '' : '，恢复网络后自动上传'}`);
  };

  const photoStages = c.status === 'handled' || c.status === 'replied' ? [] : [['before', '拍处置前照片'], ['after', '拍处置后照片']] as const;
  return (
    <Flex vertical gap={12}>
      <Card size="small" data-testid="complaint-card"
        title={<Space size={4} wrap><span data-testid="complaint-code">{c.local ? '巡查发现（待同步）' : c.code}</span><DueBadge c={c} /></Space>}
        extra={<Tag color={STATUS_COLORS[c.status]} data-testid="complaint-status">{c.statusLabel}</Tag>}>
        <Flex vertical gap={8}>
          <Typography.Text strong>{c.categoryName}</Typography.Text>
          <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{c.description}</Typography.Paragraph>
          <Space size={4} wrap>
            <EnvironmentOutlined />
            <span>{c.address ?? `${c.lon.toFixed(5)}, ${c.lat.toFixed(5)}`}</span>
            <Typography.Text type="secondary" data-testid="complaint-distance">
              {here ? `距您约${fmtDistance(distanceM(here, c))}` : geo.error ? '（无法定位）' : '（正在定位…）'}
            </Typography.Text>
          </Space>
          <Descriptions size="small" column={1} items={[
            ...(c.reporterName || c.reporterPhone ? [{
              key: 'reporter', label: '诉求人',
              children: <Space>{c.reporterName ?? ''}{c.reporterPhone ? <a href={`tel:${c.reporterPhone}`}><PhoneOutlined /> {c.reporterPhone}</a> : null}</Space>,
            }] : []),
            ...(c.contactDueAt && c.citizen ? [{ key: 'contactDue', label: '首次联系时限', children: c.contactedAt ? `已联系（${fmtDateTime(c.contactedAt)}）` : fmtDateTime(c.contactDueAt) }] : []),
            ...(c.dueAt ? [{ key: 'due', label: '处置时限', children: fmtDateTime(c.dueAt) }] : []),
            ...(c.extensionPending ? [{ key: 'ext', label: '延期', children: '延期申请待审批' }] : []),
            ...(c.handlingNote ? [{ key: 'note', label: '处置情况', children: c.handlingNote }] : []),
          ]} />
          {c.pending > 0 ? <Alert type="warning" showIcon title={`有 ${c.pending} 项操作待同步，已先按操作后的状态显示`} /> : null}
        </Flex>
      </Card>

      <Card size="small" title="办理">
        {c.actions.length === 0 ? (
          <Typography.Text type="secondary">{c.detailed ? '当前没有可办理的操作' : '尚无本件的离线副本，联网后可办理'}</Typography.Text>
        ) : (
          <Flex wrap gap={8} data-testid="complaint-actions">
            {c.actions.map((a) => (
              <Button key={a.action} size="large" data-testid={`action-${a.action}`}
                type={a.action === 'handle' || a.action === 'sign' || (a.action === 'start' && !c.actions.some((x) => x.action === 'sign')) ? 'primary' : 'default'}
                danger={a.action === 'return'} style={{ flex: '1 1 40%' }}
                onClick={() => (DIALOGS[a.action] ? setDialog(a.action) : void act(a.action).catch(() => undefined))}>
                {a.label}
              </Button>
            ))}
          </Flex>
        )}
      </Card>

      <Card size="small" title={`照片（${c.photos.length}）`}>
        <Flex vertical gap={8}>
          {photoStages.length > 0 ? (
            <Flex gap={8}>
              {photoStages.map(([stage, label]) => <PhotoButton key={stage} stage={stage} label={label} onPicked={onPicked} />)}
            </Flex>
          ) : null}
          {c.photos.length === 0 ? <Typography.Text type="secondary">暂无照片</Typography.Text> : (
            <Image.PreviewGroup>
              <Flex wrap gap={8} data-testid="complaint-photos">
                {c.photos.map((p) => <PhotoThumb key={p.key} p={p} store={store} />)}
              </Flex>
            </Image.PreviewGroup>
          )}
        </Flex>
      </Card>

      <Card size="small" title="办理记录">
        {c.events.length === 0 ? <Typography.Text type="secondary">{c.detailed ? '暂无记录' : '联网后显示'}</Typography.Text> : (
          <Timeline data-testid="complaint-events" items={[...c.events].reverse().map((e) => ({
            key: e.key, color: e.pending ? 'gray' : 'blue',
            title: <Space size={4} wrap><span>{e.label}</span>{e.pending ? <Tag color="gold">待同步</Tag> : null}</Space>,
            content: (
              <Flex vertical>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{fmtDateTime(e.at)} · {e.actorName}</Typography.Text>
                {e.note ? <Typography.Text>{e.note}</Typography.Text> : null}
              </Flex>
            ),
          }))} />
        )}
      </Card>
      <ActionDialog action={dialog} onClose={() => setDialog(null)} onSubmit={act} />
    </Flex>
  );
}

export default function FieldComplaintPage() {
  const { id = '' } = useParams();
  const store = useFieldStore();
  const navigate = useNavigate();
  const resolved = id.startsWith('local-') ? store.resolvedId(id) : null;

  // A report made here got its number: show the real complaint.
  useEffect(() => {
    if (resolved) navigate(`/field/complaints/${resolved}`, { replace: true });
  }, [resolved, navigate]);
  useEffect(() => {
    const release = store.view(id);
    if (!id.startsWith('local-') && navigator.onLine) void store.refreshDetail(id);
    return release;
  }, [id, store]);

  const c = store.complaint(id);
  const failed = id.startsWith('local-') ? store.failedReport(id) : null;
  const error = store.detailError(id);
  return (
    <div className="field-page">
      <Flex vertical gap={12}>
        <Flex justify="space-between" align="center">
          <Link to="/field?tab=complaints"><Button icon={<LeftOutlined />} type="text">我的诉件</Button></Link>
          <Typography.Title level={5} style={{ margin: 0 }}>诉件办理</Typography.Title>
        </Flex>
        <SyncBanner store={store} />
        {c ? <Body c={c} store={store} />
          : failed ? <Alert type="error" showIcon title="上报未成功" description={`${failed.message}（${failed.entry.label}）`} />
          : error ? <LoadError error={error} onRetry={() => void store.refreshDetail(id)} />
          : resolved || (navigator.onLine && store.queueState.ready) ? <PageLoading />
          : <Empty description="手机上没有这件诉件的副本，请联网后再打开" />}
      </Flex>
    </div>
  );
}
