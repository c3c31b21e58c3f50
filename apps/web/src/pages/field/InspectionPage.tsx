// 现场检查 of one applying squadron on the phone (/field/inspect/:applicantId). The criteria the inspector looks at —
// on-site ones, data-plus-on-site ones, and any whose data is missing — grouped by category and item, each with the
// on-site guide and what the platform proposes (value vs target and points, or why there is no data). The inspector
// confirms the data (确认) or sets the credit with a reason and a camera photo (改判/评分); the running score per tier and
// what is still to check stay on top. Online only: every finding goes straight to the server, which rescores.
import { useEffect, useMemo, useRef, useState } from 'react';
import {
  Alert, App, Button, Card, Drawer, Empty, Flex, Image, Input, Segmented, Slider, Space, Tag, Typography,
} from 'antd';
import { CameraOutlined, CheckOutlined, EditOutlined, LeftOutlined, ReloadOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router';
import { evaluationApi, type ApplicantScores } from '../../api/evaluation';
import { LoadError } from '../../components/LoadError';
import { PageLoading } from '../../components/PageLoading';
import { errorMessage } from '../../lib/errors';
import { fmtDateTime } from '../../lib/format';
import { useRequest } from '../../lib/use-request';
import {
  basisTag, CREDIT_CHIPS, filterCriteria, fmtCredit, fmtPoints, groupCriteria, inspectCriteria, missingPhoto, progressOf, proposalOf,
  type InspectCriterion, type InspectFilter,
} from './inspection-model';
import { useOnline } from './inspection-online';
import { preparePhoto, type PreparedPhoto } from './photo-resize';

function ScoreBar({ data }: { data: ApplicantScores }) {
  if (data.tiers.length === 0) return <Alert type="info" showIcon title="尚无得分：轮次快照后才能现场检查" />;
  return (
    <Flex gap={8}>
      {data.tiers.map((t) => (
        <Card key={t.tier} size="small" style={{ flex: 1, minWidth: 0 }} styles={{ body: { padding: 8 } }} data-testid={`inspect-score-${t.tier}`}>
          <Flex vertical gap={2}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>{t.name}</Typography.Text>
            <Flex align="baseline" gap={4} wrap>
              <Typography.Text strong style={{ fontSize: 20 }} data-testid={`inspect-points-${t.tier}`}>{fmtPoints(t.points)}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>/ 合格 {fmtPoints(t.passLine)}</Typography.Text>
            </Flex>
            <Space size={4} wrap>
              <Tag color={t.passed ? 'green' : 'red'} style={{ margin: 0 }}>{t.passed ? '达标' : '未达标'}</Tag>
              {t.pendingPoints > 0 ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>待检查 {fmtPoints(t.pendingPoints)} 分</Typography.Text> : null}
            </Space>
            {t.requirementMet === false ? <Typography.Text type="danger" style={{ fontSize: 12 }}>须先通过规范化达标</Typography.Text> : null}
          </Flex>
        </Card>
      ))}
    </Flex>
  );
}

function CriterionCard({ c, canAct, busy, onConfirm, onOverride }: {
  c: InspectCriterion; canAct: boolean; busy: boolean; onConfirm: (c: InspectCriterion) => void; onOverride: (c: InspectCriterion) => void;
}) {
  const s = c.score;
  const p = proposalOf(c);
  const tag = basisTag(s);
  const f = c.finding;
  const noPhoto = missingPhoto(c);
  return (
    <Card size="small" data-testid={`inspect-criterion-${s.code}`} data-basis={s.basis} data-finding={f?.verdict ?? 'none'}
      title={<Space size={4}><Typography.Text type="secondary" style={{ fontSize: 12 }}>{s.code}</Typography.Text><span style={{ fontSize: 12 }}>{fmtPoints(s.weight)}分</span></Space>}
      extra={<Tag color={tag.color} style={{ margin: 0 }}>{tag.label}</Tag>}>
      <Flex vertical gap={8}>
        <Typography.Text strong>{s.text}</Typography.Text>
        {c.rule?.onsiteGuide ? (
          <Typography.Text style={{ fontSize: 13 }}><Tag color="cyan" style={{ marginRight: 4 }}>检查要点</Tag>{c.rule.onsiteGuide}</Typography.Text>
        ) : null}
        <div style={{ background: '#fafafa', borderRadius: 6, padding: 8 }} data-testid={`inspect-proposal-${s.code}`}>
          {p.data ? (
            <Flex vertical gap={2}>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>平台数据 · {s.indicatorLabel}</Typography.Text>
              <span>
                实际 <b>{p.data.value}</b>{p.data.ratio ? `（${p.data.ratio}）` : ''}，目标 {p.data.target}
                ，按数据得 <b>{fmtPoints(p.data.points)}</b> / {fmtPoints(s.weight)} 分
              </span>
            </Flex>
          ) : <Typography.Text type="secondary">{p.missing}</Typography.Text>}
        </div>
        {f ? (
          <Flex vertical gap={4} data-testid={`inspect-finding-${s.code}`}>
            <Space size={4} wrap>
              <Tag color={f.verdict === 'confirm' ? 'green' : 'orange'} style={{ margin: 0 }}>
                {f.verdict === 'confirm' ? '已确认平台数据' : `现场评定 ${fmtCredit(f.credit ?? 0)}`}
              </Tag>
              <Typography.Text>得 {fmtPoints(s.points)} 分</Typography.Text>
              {noPhoto ? <Tag color="red" style={{ margin: 0 }} data-testid={`inspect-nophoto-${s.code}`}>缺少照片，发布时将被拒绝</Tag> : null}
            </Space>
            {f.reason ? <Typography.Text style={{ fontSize: 13 }}>理由：{f.reason}</Typography.Text> : null}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>{f.inspectorName} · {fmtDateTime(f.at)}</Typography.Text>
            {f.photos.length ? (
              <Image.PreviewGroup>
                <Flex wrap gap={6}>
                  {f.photos.map((ph) => <Image key={ph.id} src={ph.url} width={64} height={64} style={{ objectFit: 'cover', borderRadius: 4 }} alt={ph.fileName} />)}
                </Flex>
              </Image.PreviewGroup>
            ) : null}
          </Flex>
        ) : null}
        {canAct ? (
          <Flex gap={8}>
            {c.hasData ? (
              <Button size="large" icon={<CheckOutlined />} style={{ flex: 1 }} loading={busy} data-testid={`inspect-confirm-${s.code}`}
                type={f?.verdict === 'confirm' ? 'default' : 'primary'} onClick={() => onConfirm(c)}>
                {f?.verdict === 'confirm' ? '已确认' : '确认'}
              </Button>
            ) : null}
            <Button size="large" icon={<EditOutlined />} style={{ flex: 1 }} disabled={busy} data-testid={`inspect-override-${s.code}`}
              type={!c.hasData && !f ? 'primary' : 'default'} onClick={() => onOverride(c)}>
              {c.hasData ? '改判' : '评分'}{noPhoto ? '（补拍照片）' : ''}
            </Button>
          </Flex>
        ) : null}
      </Flex>
    </Card>
  );
}

function OverrideDrawer({ c, onClose, onSubmit }: {
  c: InspectCriterion | null; onClose: () => void; onSubmit: (c: InspectCriterion, credit: number, reason: string, photo: PreparedPhoto | null) => Promise<boolean>;
}) {
  const { message } = App.useApp();
  const [credit, setCredit] = useState<number | null>(null);
  const [reason, setReason] = useState('');
  const [photo, setPhoto] = useState<PreparedPhoto | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [photoBusy, setPhotoBusy] = useState(false);
  const [tried, setTried] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  // A new criterion starts from its current finding (or the data's credit).
  useEffect(() => {
    if (!c) return;
    const f = c.finding;
    setCredit(f?.verdict === 'override' ? f.credit : null);
    setReason(f?.verdict === 'override' ? f.reason ?? '' : '');
    setPhoto(null);
    setTried(false);
  }, [c]);
  useEffect(() => {
    if (!photo) {
      setPreview(null);
      return;
    }
    const url = URL.createObjectURL(photo.blob);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [photo]);

  const hasPhoto = Boolean(photo) || Boolean(c?.finding?.photos.length);
  const submit = async () => {
    setTried(true);
    if (!c || credit === null || !reason.trim()) return;
    setBusy(true);
    try {
      if (await onSubmit(c, credit, reason.trim(), photo)) onClose();
    } finally {
      setBusy(false);
    }
  };
  const proposal = c ? proposalOf(c) : null;

  return (
    <Drawer open={Boolean(c)} onClose={onClose} placement="bottom" size="auto" destroyOnHidden
      title={c ? `${c.hasData ? '改判' : '现场评分'} · ${c.score.code}` : ''} styles={{ body: { paddingTop: 8 } }}>
      {c ? (
        <Flex vertical gap={12} data-testid="inspect-form">
          <Typography.Text>{c.score.text}（{fmtPoints(c.score.weight)}分）</Typography.Text>
          {proposal?.data ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>平台数据：{proposal.data.value}，目标 {proposal.data.target}，按数据得 {fmtCredit(proposal.data.credit)}</Typography.Text>
          ) : null}
          <Flex vertical gap={4}>
            <Typography.Text strong>得分比例 {credit === null ? '' : `${fmtCredit(credit)}（${fmtPoints(credit * c.score.weight)}分）`}</Typography.Text>
            <Flex gap={6} data-testid="inspect-credit">
              {CREDIT_CHIPS.map((v) => (
                <Button key={v} style={{ flex: 1, paddingInline: 0 }} type={credit === v ? 'primary' : 'default'} data-testid={`inspect-credit-${v * 100}`}
                  onClick={() => setCredit(v)}>{fmtCredit(v)}</Button>
              ))}
            </Flex>
            <Slider min={0} max={1} step={0.05} value={credit ?? 0} onChange={(v) => setCredit(v)} tooltip={{ formatter: (v) => fmtCredit(v ?? 0) }}
              aria-label="得分比例" />
            {tried && credit === null ? <Typography.Text type="danger">请选择得分比例</Typography.Text> : null}
          </Flex>
          <Flex vertical gap={4}>
            <Typography.Text strong>理由</Typography.Text>
            <Input.TextArea rows={3} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="inspect-reason"
              status={tried && !reason.trim() ? 'error' : undefined} placeholder="如：现场调阅录像仅保存10天；指挥室显示设备已损坏" />
            {tried && !reason.trim() ? <Typography.Text type="danger">请填写理由</Typography.Text> : null}
          </Flex>
          <Flex vertical gap={4}>
            <Flex gap={8} align="center">
              <Button icon={<CameraOutlined />} loading={photoBusy} onClick={() => input.current?.click()} style={{ flex: 1 }}>
                {photo ? '重拍照片' : '拍照取证'}
              </Button>
              {preview ? <Image src={preview} width={56} height={56} style={{ objectFit: 'cover', borderRadius: 4 }} alt="现场照片" /> : null}
            </Flex>
            {/* display:none, not hidden: antd's form styles show file inputs as blocks */}
            <input ref={input} type="file" accept="image/*" capture="environment" style={{ display: 'none' }} aria-label="拍照取证" data-testid="inspect-photo"
              onChange={async (e) => {
                const file = e.target.files?.[0];
                e.target.value = '';
                if (!file) return;
                setPhotoBusy(true);
                try {
                  setPhoto(await preparePhoto(file));
                } catch (err) {
                  message.error(errorMessage(err, '照片处理失败'));
                } finally {
                  setPhotoBusy(false);
                }
              }} />
            {c.finding?.photos.length ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>已有{c.finding.photos.length}张照片{photo ? '，本次再加1张' : ''}</Typography.Text>
            ) : !hasPhoto ? (
              <Alert type="warning" showIcon title="改判须附现场照片，没有照片的改判在发布结果时将被拒绝" data-testid="inspect-photo-warning" />
            ) : null}
          </Flex>
          <Button type="primary" size="large" block loading={busy} onClick={() => void submit()} data-testid="inspect-submit">提交</Button>
        </Flex>
      ) : null}
    </Drawer>
  );
}

const FILTERS: { value: InspectFilter; label: string }[] = [
  { value: 'onsite', label: '需现场检查' }, { value: 'todo', label: '未检查' }, { value: 'all', label: '全部指标' },
];

export default function InspectionPage() {
  const { applicantId = '' } = useParams();
  const { message } = App.useApp();
  const online = useOnline();
  const scores = useRequest((signal) => evaluationApi.applicant(applicantId, signal), [applicantId]);
  const rubricId = scores.data?.round.rubricId;
  const rubric = useRequest((signal) => evaluationApi.rubric(rubricId!, signal), [rubricId], Boolean(rubricId));
  const [filter, setFilter] = useState<InspectFilter>('onsite');
  const [editing, setEditing] = useState<InspectCriterion | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const data = scores.data;
  const all = useMemo(() => (data ? inspectCriteria(data.tiers, rubric.data?.content ?? null, data.findings) : []), [data, rubric.data]);
  const progress = progressOf(all);
  const groups = groupCriteria(filterCriteria(all, filter));
  const inspecting = data?.round.status === 'inspecting' && !data.frozen;
  const canAct = Boolean(inspecting && online);
  const manyTiers = (data?.tiers.length ?? 0) > 1;

  const refresh = async () => {
    try {
      scores.setData(await evaluationApi.applicant(applicantId));
    } catch {
      scores.reload();
    }
  };
  const confirm = async (c: InspectCriterion) => {
    setBusy(c.score.code);
    try {
      await evaluationApi.recordFinding(applicantId, c.score.code, { verdict: 'confirm', rowVersion: c.finding?.rowVersion });
      message.success('已确认平台数据');
      await refresh();
    } catch (e) {
      message.error(errorMessage(e, '提交失败'));
    } finally {
      setBusy(null);
    }
  };
  const override = async (c: InspectCriterion, credit: number, reason: string, photo: PreparedPhoto | null): Promise<boolean> => {
    let saved = false;
    try {
      const finding = await evaluationApi.recordFinding(applicantId, c.score.code, { verdict: 'override', credit, reason, rowVersion: c.finding?.rowVersion });
      saved = true;
      if (photo) await evaluationApi.uploadFindingPhoto(finding.id, photo.blob, photo.name);
      message.success(photo || finding.photos.length ? '已提交' : '已提交，请补拍照片');
      await refresh();
      return true;
    } catch (e) {
      message.error(saved ? `评分已保存，但照片上传失败：${errorMessage(e)}；请重新提交` : errorMessage(e, '提交失败'));
      if (saved) await refresh();
      return false;
    }
  };

  return (
    <div className="field-page" data-testid="inspection-page">
      <Flex vertical gap={12}>
        <Flex justify="space-between" align="center">
          <Link to="/field/inspect"><Button icon={<LeftOutlined />} type="text">现场检查</Button></Link>
          <Typography.Title level={5} style={{ margin: 0 }} ellipsis>{data?.applicant.unitName ?? '现场检查'}</Typography.Title>
          <Button type="text" icon={<ReloadOutlined />} aria-label="刷新" disabled={!online} loading={scores.loading} onClick={scores.reload} />
        </Flex>
        {!online ? (
          <Alert type="warning" showIcon data-testid="inspect-offline" title="当前离线，暂不能提交"
            description="现场检查需要联网使用：确认、评分和照片都直接提交到平台，恢复网络后再操作。" />
        ) : null}
        {scores.error ? <LoadError error={scores.error} onRetry={scores.reload} />
          : !data ? <PageLoading />
          : (
            <>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {data.round.name} · 申报{data.applicant.tierLabel}{data.applicant.districtName ? ` · ${data.applicant.districtName}` : ''}
              </Typography.Text>
              {!inspecting ? (
                <Alert type="info" showIcon data-testid="inspect-locked"
                  title={data.round.status === 'published' || data.frozen ? '结果已发布，现场检查记录已锁定' : '轮次尚未截止快照，还不能现场检查'} />
              ) : null}
              <ScoreBar data={data} />
              <Flex justify="space-between" align="center" wrap gap={4}>
                <Typography.Text data-testid="inspect-pending" data-pending={progress.pending}>
                  {progress.pending > 0 ? <>待检查 <b>{progress.pending}</b> 项</> : '需现场检查的指标已全部检查'}
                  <Typography.Text type="secondary">（共{progress.total}项，已检查{progress.done}项）</Typography.Text>
                </Typography.Text>
                {progress.missingPhotos > 0 ? <Tag color="red" data-testid="inspect-missing-photos">{progress.missingPhotos}项改判缺照片</Tag> : null}
              </Flex>
              {rubric.error ? <Alert type="warning" showIcon title={`无法加载评分标准（检查要点不显示）：${errorMessage(rubric.error)}`} /> : null}
              <Segmented block options={FILTERS} value={filter} onChange={(v) => setFilter(v as InspectFilter)} data-testid="inspect-filter" />
              {groups.length === 0 ? (
                <Empty description={filter === 'todo' ? '没有未检查的指标' : '没有需要现场检查的指标'} />
              ) : groups.map((g) => (
                <Flex key={g.key} vertical gap={8}>
                  <Typography.Text strong style={{ fontSize: 13 }}>
                    {manyTiers ? <Tag style={{ marginRight: 4 }}>{g.tierName}</Tag> : null}{g.categoryName} › {g.itemName}
                  </Typography.Text>
                  {g.criteria.map((c) => (
                    <CriterionCard key={c.score.code} c={c} canAct={canAct} busy={busy === c.score.code} onConfirm={(x) => void confirm(x)} onOverride={setEditing} />
                  ))}
                </Flex>
              ))}
            </>
          )}
      </Flex>
      <OverrideDrawer c={editing} onClose={() => setEditing(null)} onSubmit={override} />
    </div>
  );
}
