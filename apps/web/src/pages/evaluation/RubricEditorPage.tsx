// 评分标准 editor (/evaluation/rubrics/:id). A draft is edited in the browser against the domain's own rubricProblems()
// (sums per item, category and tier, codes, indicators, bounds — the same check the server runs on 保存 and 发布), so
// every problem shows next to its place while typing. Published versions, and users without evaluation.rubric, see the
// same tree read-only; changing a published version means copying it to a new draft.
import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Badge, Button, Card, Descriptions, Flex, Input, Popconfirm, Tabs, Tooltip, Typography } from 'antd';
import { CopyOutlined, LeftOutlined, RollbackOutlined, SaveOutlined, SendOutlined } from '@ant-design/icons';
import { rubricProblems, type RubricContent, type RubricProblem } from '@cg/domain';
import { Link, useBlocker, useNavigate, useParams } from 'react-router';
import { isApiError } from '../../api/client';
import { evaluationApi, type RubricDetail } from '../../api/evaluation';
import { useAuth } from '../../auth/auth-context';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { PageLoading } from '../../components/PageLoading';
import { errorMessage } from '../../lib/errors';
import { fmtDateTime } from '../../lib/format';
import { useRequest } from '../../lib/use-request';
import { cleanForSave, isDirty, placeOf, problemsFromDetails, problemsUnder } from './rubric-edit';
import { RubricStatusTag } from './RubricsPage';
import { RubricTierEditor } from './RubricTierEditor';

function ProblemList({ content, problems, onPick, testId, title }: {
  content: RubricContent; problems: readonly RubricProblem[]; onPick: (tier: number) => void; testId: string; title: string;
}) {
  return (
    <Alert type="error" showIcon data-testid={testId} title={title}
      description={(
        <ol style={{ margin: 0, paddingLeft: 20 }}>
          {problems.map((p, i) => {
            const tier = /^tiers\.(\d+)/.exec(p.path);
            return (
              <li key={`${p.path}-${i}`} data-testid="rubric-problem">
                {tier ? <Typography.Link onClick={() => onPick(Number(tier[1]))}>{placeOf(content, p.path)}</Typography.Link> : <span>{placeOf(content, p.path)}</span>}
                ：{p.message}
              </li>
            );
          })}
        </ol>
      )} />
  );
}

function Editor({ detail, onSaved }: { detail: RubricDetail; onSaved: (d: RubricDetail) => void }) {
  const { can } = useAuth();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const canEdit = can('evaluation.rubric');
  const editable = canEdit && detail.status === 'draft';
  const [content, setContent] = useState<RubricContent>(detail.content);
  const [name, setName] = useState(detail.name);
  const [note, setNote] = useState(detail.note ?? '');
  const [tab, setTab] = useState(0);
  const [busy, setBusy] = useState<'save' | 'publish' | 'copy' | null>(null);
  const [serverProblems, setServerProblems] = useState<RubricProblem[]>([]);

  // A new answer from the server (loaded, saved, published) is the new starting point.
  useEffect(() => {
    setContent(detail.content);
    setName(detail.name);
    setNote(detail.note ?? '');
    setServerProblems([]);
  }, [detail]);

  const problems = useMemo(() => (editable ? rubricProblems(content) : []), [content, editable]);
  const dirty = editable && (isDirty(detail.content, content) || name.trim() !== detail.name || (note.trim() || null) !== detail.note);

  // Leaving the page with unsaved edits asks first (closing the tab, reloading).
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => { e.preventDefault(); };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  // … and so does leaving it inside the app.
  const blocker = useBlocker(({ currentLocation, nextLocation }) => dirty && currentLocation.pathname !== nextLocation.pathname);
  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    modal.confirm({
      title: '放弃未保存的修改？', content: '离开本页后，对评分标准草稿的修改将丢失。', okText: '离开', cancelText: '留在本页',
      onOk: () => blocker.proceed(), onCancel: () => blocker.reset(),
    });
  }, [blocker, modal]);

  const change = (next: RubricContent) => {
    setContent(next);
    setServerProblems([]);
  };

  const save = async () => {
    if (!name.trim()) {
      message.error('请填写名称');
      return;
    }
    setBusy('save');
    try {
      const saved = await evaluationApi.updateRubric(detail.id, { rowVersion: detail.rowVersion, name: name.trim(), note: note.trim() || null, content: cleanForSave(content) });
      message.success('已保存');
      onSaved(saved);
    } catch (e) {
      if (isApiError(e) && e.details.length && (e.code === 'RUBRIC_INVALID' || e.status === 400)) setServerProblems(problemsFromDetails(e.details));
      message.error(errorMessage(e, '保存失败'));
    } finally {
      setBusy(null);
    }
  };
  const publish = async () => {
    setBusy('publish');
    try {
      const published = await evaluationApi.publishRubric(detail.id, detail.rowVersion);
      message.success(`第${published.version}版已发布`);
      onSaved(published);
    } catch (e) {
      if (isApiError(e) && e.code === 'RUBRIC_INVALID') setServerProblems(problemsFromDetails(e.details));
      message.error(errorMessage(e, '发布失败'));
    } finally {
      setBusy(null);
    }
  };
  const copy = async () => {
    setBusy('copy');
    try {
      const draft = await evaluationApi.copyRubric(detail.id);
      message.success(`已复制为第${draft.version}版草稿`);
      navigate(`/evaluation/rubrics/${draft.id}`);
    } catch (e) {
      message.error(errorMessage(e, '复制失败'));
    } finally {
      setBusy(null);
    }
  };
  const discard = () => {
    setContent(detail.content);
    setName(detail.name);
    setNote(detail.note ?? '');
    setServerProblems([]);
  };

  const publishBlocked = dirty ? '请先保存修改' : problems.length ? `还有${problems.length}处问题` : null;
  return (
    <div data-testid="rubric-editor" data-editable={editable ? 'true' : 'false'}>
      <PageHeader
        title={<Flex gap={8} align="center"><span>评分标准 第{detail.version}版</span><RubricStatusTag status={detail.status} /></Flex>}
        subTitle={detail.name}
        extra={(
          <>
            <Link to="/evaluation/rubrics"><Button icon={<LeftOutlined />}>全部版本</Button></Link>
            {editable ? (
              <>
                <Popconfirm title="放弃未保存的修改？" okText="放弃" cancelText="取消" onConfirm={discard} disabled={!dirty}>
                  <Button icon={<RollbackOutlined />} disabled={!dirty} data-testid="rubric-discard">放弃修改</Button>
                </Popconfirm>
                <Button type="primary" icon={<SaveOutlined />} loading={busy === 'save'} disabled={!dirty || busy !== null} onClick={() => void save()} data-testid="rubric-save">
                  保存
                </Button>
                <Popconfirm title={`发布第${detail.version}版？`} description="发布后不可修改，之后开启的考核轮次可选用该版本。" okText="发布" cancelText="取消"
                  onConfirm={() => publish()} disabled={publishBlocked !== null}>
                  <Tooltip title={publishBlocked}>
                    <Button icon={<SendOutlined />} loading={busy === 'publish'} disabled={publishBlocked !== null || busy !== null} data-testid="rubric-publish">发布</Button>
                  </Tooltip>
                </Popconfirm>
              </>
            ) : canEdit ? (
              <Button icon={<CopyOutlined />} loading={busy === 'copy'} onClick={() => void copy()} data-testid="rubric-copy">复制为新版本</Button>
            ) : null}
          </>
        )}
      />

      {!editable ? (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} data-testid="rubric-readonly"
          title={detail.status === 'published' ? '已发布的版本不可修改' : '草稿（只读）'}
          description={detail.status === 'published'
            ? (canEdit ? '如需调整，请“复制为新版本”后编辑草稿并发布；进行中的考核轮次仍按其开启时的版本计分。' : '考核轮次按其开启时选定的版本计分。')
            : '您没有维护评分标准的权限。'} />
      ) : null}

      <Card size="small" style={{ marginBottom: 12 }}>
        {editable ? (
          <Flex vertical gap={8}>
            <Input value={name} onChange={(e) => setName(e.target.value)} maxLength={100} prefix="名称" status={name.trim() ? undefined : 'error'} data-testid="rubric-name" />
            <Input.TextArea value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} autoSize={{ minRows: 1, maxRows: 3 }} placeholder="说明（选填），如：本版相对上一版的调整" data-testid="rubric-note" />
          </Flex>
        ) : null}
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }} style={{ marginTop: editable ? 8 : 0 }} items={[
          ...(editable ? [] : [{ key: 'note', label: '说明', children: detail.note ?? '—' }]),
          { key: 'created', label: '创建', children: `${detail.createdByName} ${fmtDateTime(detail.createdAt)}` },
          { key: 'updated', label: '最后修改', children: fmtDateTime(detail.updatedAt) },
          { key: 'published', label: '发布', children: detail.publishedAt ? `${detail.publishedByName ?? ''} ${fmtDateTime(detail.publishedAt)}` : '未发布' },
          { key: 'rounds', label: '使用轮次', children: detail.roundsUsing ? `${detail.roundsUsing}个` : '—' },
        ]} />
      </Card>

      {editable ? (
        <div style={{ marginBottom: 12 }}>
          {problems.length ? (
            <ProblemList content={content} problems={problems} onPick={setTab} testId="rubric-problems" title={`有${problems.length}处问题，修正后才能保存和发布`} />
          ) : (
            <Alert type="success" showIcon data-testid="rubric-problems" data-empty="true"
              title={dirty ? '分值合计与各项设置无误，保存后可发布' : '分值合计与各项设置无误'} />
          )}
          {serverProblems.length ? (
            <div style={{ marginTop: 8 }}>
              <ProblemList content={content} problems={serverProblems} onPick={setTab} testId="rubric-server-problems" title="服务器未接受本次保存" />
            </div>
          ) : null}
        </div>
      ) : null}

      <Tabs activeKey={String(tab)} onChange={(k) => setTab(Number(k))} items={content.tiers.map((t, i) => {
        const count = problemsUnder(problems, { tier: i }).length;
        return {
          key: String(i),
          label: <span data-testid={`rubric-tab-${t.tier}`}>{t.name}（合格线 {t.passLine} 分）{count ? <Badge count={count} size="small" style={{ marginLeft: 4 }} /> : null}</span>,
          children: <RubricTierEditor content={content} tierIndex={i} problems={problems} editable={editable} onChange={change} />,
        };
      })} />
    </div>
  );
}

export default function RubricEditorPage() {
  const { id = '' } = useParams();
  const detail = useRequest((signal) => evaluationApi.rubric(id, signal), [id]);
  if (detail.error) return <LoadError error={detail.error} onRetry={detail.reload} />;
  if (!detail.data) return <PageLoading />;
  return <Editor detail={detail.data} onSaved={(d) => detail.setData(d)} />;
}
