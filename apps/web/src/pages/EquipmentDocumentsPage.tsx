import { useEffect, useMemo, useState } from 'react';
import {
  Alert, App, Button, Card, Empty, Flex, Form, Input, Modal, Select, Skeleton, Space, Table, Tag, Typography, Upload,
} from 'antd';
import { DownloadOutlined, InboxOutlined, UploadOutlined } from '@ant-design/icons';
import { useSearchParams } from 'react-router';
import { DOCUMENT_KINDS, detectDocumentType, type DocumentKind } from '@cg/domain';
import { documentsApi } from '../api/endpoints';
import type { UnitDocument } from '../api/types';
import { useAuth, useMe } from '../auth/auth-context';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { UnitTreeSelect } from '../components/UnitTreeSelect';
import { useUnitTree } from '../components/unit-tree-context';
import { errorMessage } from '../lib/errors';
import { applyServerErrors, validated } from '../lib/form-errors';
import { fmtDateTime } from '../lib/format';
import { useRequest } from '../lib/use-request';

/** The server's upload limit (multipart fileSize in apps/server app.ts). */
const MAX_BYTES = 10 * 1024 * 1024;
const ACCEPT = '.pdf,.doc,.docx,application/pdf,application/msword,application/vnd.openxmlformats-officedocument.wordprocessingml.document';
/** 装备使用、维护、管理制度 first: it is what the 执法装备库 asks of each squadron. */
const KINDS = Object.keys(DOCUMENT_KINDS) as DocumentKind[];

function fmtSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}

/** The same checks as the server, before sending: type by content (not name), size, not empty. */
async function fileProblem(file: File): Promise<string | null> {
  if (file.size === 0) return '文件是空的';
  if (file.size > MAX_BYTES) return `文件过大（${fmtSize(file.size)}），不能超过 10 MB`;
  const head = new Uint8Array(await file.slice(0, 8).arrayBuffer());
  if (!detectDocumentType(head, file.name)) return '文件内容不是 PDF 或 Word（.doc、.docx）文档';
  return null;
}

export default function EquipmentDocumentsPage() {
  const me = useMe();
  const { can } = useAuth();
  const { index } = useUnitTree();
  const [params, setParams] = useSearchParams();
  const unitId = params.get('unitId') ?? me.unit.id;
  const unitName = index.byId.get(unitId)?.name ?? (unitId === me.unit.id ? me.unit.name : '所选单位');
  const docs = useRequest((signal) => documentsApi.list(unitId, undefined, signal), [unitId]);
  const [upload, setUpload] = useState<{ kind: DocumentKind; title?: string } | null>(null);
  const canWrite = can('document.write');

  const byKind = useMemo(() => {
    const map = new Map<DocumentKind, UnitDocument[]>();
    for (const d of docs.data ?? []) map.set(d.kind, [...(map.get(d.kind) ?? []), d]);
    for (const list of map.values()) list.sort((a, b) => b.version - a.version);
    return map;
  }, [docs.data]);

  const setUnit = (id: string | undefined) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      if (id && id !== me.unit.id) next.set('unitId', id);
      else next.delete('unitId');
      return next;
    }, { replace: true });

  const loaded = docs.data !== undefined && !docs.loading;
  const none = loaded && (docs.data?.length ?? 0) === 0;

  return (
    <>
      <PageHeader
        title="装备管理制度"
        subTitle={`${unitName}的制度文件，每次上传保留为新版本`}
        extra={
          <>
            <UnitTreeSelect value={unitId} onChange={setUnit} allowClear={false} style={{ minWidth: 260 }} aria-label="单位" />
            {canWrite ? (
              <Button type="primary" icon={<UploadOutlined />} onClick={() => setUpload({ kind: 'equipment_rules' })}>
                上传制度文件
              </Button>
            ) : null}
          </>
        }
      />
      {docs.error ? <LoadError error={docs.error} onRetry={docs.reload} /> : null}
      {!loaded && !docs.error ? <Skeleton active paragraph={{ rows: 6 }} /> : null}
      {none ? (
        <Card style={{ marginBottom: 16 }}>
          <Empty
            description={
              <Space orientation="vertical" size={4}>
                <Typography.Text strong>{unitName}尚未上传制度文件</Typography.Text>
                <Typography.Text type="secondary">
                  按基层中队信息化建设标准，中队应制定《装备使用、维护、管理制度》（装备的领用、借用与归还，日常维护保养，
                  故障送修，报废与遗失审批，每季度清点等），并可上传《机房管理制度》《勤务指挥室管理制度》。
                  请上传盖章或定稿的 PDF 或 Word 文件（不超过 10 MB），修订后上传新版本，旧版本会保留备查。
                </Typography.Text>
              </Space>
            }
          >
            {canWrite ? (
              <Button type="primary" icon={<UploadOutlined />} onClick={() => setUpload({ kind: 'equipment_rules' })}>
                上传装备使用、维护、管理制度
              </Button>
            ) : (
              <Typography.Text type="secondary">请联系中队内勤或中队长上传。</Typography.Text>
            )}
          </Empty>
        </Card>
      ) : null}
      {loaded && !none
        ? KINDS.map((kind) => (
            <KindCard
              key={kind}
              kind={kind}
              docs={byKind.get(kind) ?? []}
              canWrite={canWrite}
              onUpload={(title) => setUpload({ kind, title })}
            />
          ))
        : null}
      <UploadModal
        open={upload !== null}
        unitId={unitId}
        unitName={unitName}
        initial={upload}
        onClose={() => setUpload(null)}
        onUploaded={() => {
          setUpload(null);
          docs.reload();
        }}
      />
    </>
  );
}

function KindCard({ kind, docs, canWrite, onUpload }: {
  kind: DocumentKind; docs: UnitDocument[]; canWrite: boolean; onUpload: (title?: string) => void;
}) {
  const { message } = App.useApp();
  const [downloading, setDownloading] = useState<string | null>(null);
  const current = docs[0];
  const download = async (d: UnitDocument) => {
    setDownloading(d.id);
    try {
      await documentsApi.download(d);
    } catch (e) {
      message.error(errorMessage(e, '下载失败'));
    } finally {
      setDownloading(null);
    }
  };
  return (
    <Card
      size="small"
      style={{ marginBottom: 16 }}
      data-testid={`documents-${kind}`}
      title={
        <Space wrap>
          {DOCUMENT_KINDS[kind]}
          {current ? <Tag color="blue">现行：第 {current.version} 版</Tag> : <Tag>未上传</Tag>}
        </Space>
      }
      extra={
        canWrite ? (
          <Button size="small" icon={<UploadOutlined />} onClick={() => onUpload(current?.title)}>
            {current ? '上传新版本' : '上传'}
          </Button>
        ) : null
      }
    >
      <Table<UnitDocument>
        size="small"
        rowKey="id"
        dataSource={docs}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={`尚未上传${DOCUMENT_KINDS[kind]}`} /> }}
        columns={[
          {
            title: '版本', dataIndex: 'version', width: 90,
            render: (v: number, d) => <Space size={4}>第 {v} 版{d.id === current?.id ? <Tag color="green">现行</Tag> : null}</Space>,
          },
          { title: '标题', dataIndex: 'title' },
          { title: '文件名', dataIndex: 'fileName', ellipsis: true },
          { title: '大小', dataIndex: 'sizeBytes', align: 'right', render: (v: number) => fmtSize(v) },
          { title: '上传人', dataIndex: 'uploadedByName' },
          { title: '上传时间', dataIndex: 'uploadedAt', render: (v: string) => fmtDateTime(v) },
          {
            title: 'SHA-256', dataIndex: 'sha256',
            render: (v: string) => (
              <Typography.Text code title={v} copyable={{ text: v, tooltips: ['复制完整 SHA-256', '已复制'] }}>
                {v.slice(0, 12)}
              </Typography.Text>
            ),
          },
          {
            title: '操作', key: 'download',
            render: (_, d) => (
              <Button size="small" type="link" icon={<DownloadOutlined />} loading={downloading === d.id} onClick={() => void download(d)}>
                下载
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
}

interface UploadValues {
  kind: DocumentKind;
  title: string;
}

function UploadModal({ open, unitId, unitName, initial, onClose, onUploaded }: {
  open: boolean; unitId: string; unitName: string; initial: { kind: DocumentKind; title?: string } | null;
  onClose: () => void; onUploaded: () => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<UploadValues>();
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (open && initial) {
      form.setFieldsValue({ kind: initial.kind, title: initial.title ?? DOCUMENT_KINDS[initial.kind] });
      setFile(null);
      setFileError(null);
      setError(null);
    }
  }, [open, initial, form]);

  const submit = async () => {
    const values = await validated(form);
    if (!file) setFileError('请选择要上传的 PDF 或 Word 文件');
    if (!values || !file) return;
    const problem = await fileProblem(file);
    if (problem) {
      setFileError(problem);
      return;
    }
    setSaving(true);
    setError(null);
    try {
      const doc = await documentsApi.upload(unitId, values.kind, values.title.trim(), file);
      message.success(`已上传${doc.kindLabel}第 ${doc.version} 版`);
      onUploaded();
    } catch (e) {
      const { message: msg, unmatched } = applyServerErrors(form, e);
      const fileDetail = unmatched.find((u) => u.startsWith('file：'));
      if (fileDetail) setFileError(fileDetail.slice('file：'.length));
      setError(msg);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={`上传制度文件：${unitName}`}
      width={640}
      onCancel={onClose}
      onOk={() => void submit()}
      okText="上传"
      confirmLoading={saving}
      destroyOnHidden
      mask={{ closable: !saving }}
    >
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title="PDF 或 Word（.pdf、.doc、.docx），单个文件不超过 10 MB"
        description="按文件内容识别类型，改扩展名的其他文件会被拒绝。每次上传为同类文件的新版本，旧版本保留备查；文件的 SHA-256 摘要随版本记录。"
      />
      {error ? <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 16 }} /> : null}
      <Form form={form} layout="vertical" requiredMark>
        <Form.Item name="kind" label="文件类别" rules={[{ required: true, message: '请选择文件类别' }]}>
          <Select options={KINDS.map((k) => ({ value: k, label: DOCUMENT_KINDS[k] }))} />
        </Form.Item>
        <Form.Item
          name="title"
          label="标题"
          rules={[
            { required: true, whitespace: true, message: '请填写标题' },
            { validator: async (_, v?: string) => {
              const t = (v ?? '').trim();
              if (t && t.length < 2) throw new Error('标题至少2个字');
              if (t.length > 100) throw new Error('标题不能超过100个字');
            } },
          ]}
        >
          <Input placeholder="如：南京东路街道中队装备使用、维护、管理制度（2026年修订）" maxLength={100} showCount />
        </Form.Item>
        <Form.Item label="文件" required validateStatus={fileError ? 'error' : undefined} help={fileError ?? undefined}>
          <Upload.Dragger
            accept={ACCEPT}
            multiple={false}
            maxCount={1}
            fileList={file ? [{ uid: 'doc-file', name: `${file.name}（${fmtSize(file.size)}）`, status: 'done', size: file.size }] : []}
            beforeUpload={(f) => {
              setFile(f);
              setError(null);
              void fileProblem(f).then(setFileError);
              return false; // sent on 上传
            }}
            onRemove={() => {
              setFile(null);
              setFileError(null);
            }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">点击或拖拽文件到此处</p>
            <p className="ant-upload-hint">PDF 或 Word，不超过 10 MB</p>
          </Upload.Dragger>
        </Form.Item>
      </Form>
      <Flex justify="end">
        <Typography.Text type="secondary">上传后记录上传人与时间，并写入审计日志。</Typography.Text>
      </Flex>
    </Modal>
  );
}
