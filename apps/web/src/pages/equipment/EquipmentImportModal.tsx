import { useEffect, useState } from 'react';
import { Alert, App, Button, Modal, Result, Space, Table, Typography, Upload } from 'antd';
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { isApiError } from '../../api/client';
import { equipmentApi } from '../../api/endpoints';
import type { ApiErrorDetail } from '../../api/types';
import { errorMessage } from '../../lib/errors';

interface Props {
  open: boolean;
  /** Default unit for rows without 所属单位编码 (the current tree selection). */
  unitId?: string;
  unitName?: string;
  onClose: () => void;
  onImported: (count: number) => void;
}

type Outcome =
  | { kind: 'ok'; imported: number }
  | { kind: 'invalid'; message: string; details: ApiErrorDetail[] }
  | { kind: 'error'; message: string };

const MAX_BYTES = 10 * 1024 * 1024;

/** Excel导入 of equipment: every row registered as 在库, or nothing; on 422 IMPORT_INVALID each row/field error is listed. */
export function EquipmentImportModal({ open, unitId, unitName, onClose, onImported }: Props) {
  const { message } = App.useApp();
  const [file, setFile] = useState<File | null>(null);
  const [uploading, setUploading] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  useEffect(() => {
    if (open) {
      setFile(null);
      setOutcome(null);
    }
  }, [open]);

  const submit = async () => {
    if (!file) return;
    setUploading(true);
    setOutcome(null);
    try {
      const { imported } = await equipmentApi.importXlsx(file, unitId);
      setOutcome({ kind: 'ok', imported });
      onImported(imported);
    } catch (e) {
      if (isApiError(e) && e.code === 'IMPORT_INVALID') {
        setOutcome({ kind: 'invalid', message: e.message, details: e.details });
      } else {
        setOutcome({ kind: 'error', message: errorMessage(e, '导入失败') });
      }
    } finally {
      setUploading(false);
    }
  };

  const downloadTemplate = () => {
    equipmentApi.template().catch((e: unknown) => message.error(errorMessage(e, '模板下载失败')));
  };

  const done = outcome?.kind === 'ok';

  return (
    <Modal
      open={open}
      title="Excel导入执法装备"
      width={760}
      onCancel={onClose}
      destroyOnHidden
      mask={{ closable: !uploading }}
      footer={
        done ? (
          <Button type="primary" onClick={onClose}>
            完成
          </Button>
        ) : (
          <Space>
            <Button icon={<DownloadOutlined />} onClick={downloadTemplate}>
              下载模板
            </Button>
            <Button onClick={onClose}>取消</Button>
            <Button type="primary" disabled={!file} loading={uploading} onClick={submit}>
              开始导入
            </Button>
          </Space>
        )
      }
    >
      {done ? (
        <Result
          status="success"
          title={`导入成功，共登记 ${outcome.imported} 件装备`}
          subTitle="均已登记为“在库”，装备列表已刷新；配发、借用请在台账中办理。"
        />
      ) : (
        <>
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            title="请使用导入模板（第一个工作表）。必填列：资产编号、类别、型号；可填：品牌、序列号、所属单位编码、责任人执法证号、购置日期、保修截止、存放位置、备注、性能属性（“属性=值”，用“；”分隔）。"
            description={
              unitId
                ? `未填写“所属单位编码”的行将导入到：${unitName ?? '当前选中单位'}。导入为整体操作：任何一行有误则全部不写入。`
                : '未选择单位：每行须填写“所属单位编码”。导入为整体操作：任何一行有误则全部不写入。'
            }
          />
          <Upload.Dragger
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            multiple={false}
            maxCount={1}
            fileList={file ? [{ uid: 'import-file', name: file.name, status: 'done', size: file.size }] : []}
            beforeUpload={(f) => {
              if (!/\.xlsx$/i.test(f.name)) {
                message.error('只支持 .xlsx 格式的 Excel 文件');
                return Upload.LIST_IGNORE;
              }
              if (f.size > MAX_BYTES) {
                message.error('文件不能超过 10 MB');
                return Upload.LIST_IGNORE;
              }
              setFile(f);
              setOutcome(null);
              return false; // upload manually on 开始导入
            }}
            onRemove={() => {
              setFile(null);
              setOutcome(null);
            }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">点击或拖拽 .xlsx 文件到此处</p>
            <p className="ant-upload-hint">单个文件，不超过 10 MB</p>
          </Upload.Dragger>
        </>
      )}
      {outcome?.kind === 'invalid' ? (
        <div style={{ marginTop: 16 }}>
          <Alert
            type="error"
            showIcon
            role="alert"
            title={outcome.message || '导入数据校验未通过'}
            description={`共 ${outcome.details.length} 处错误，未写入任何数据。请修正 Excel 后重新导入。`}
            style={{ marginBottom: 8 }}
          />
          <Table<ApiErrorDetail & { key: number }>
            size="small"
            rowKey="key"
            dataSource={outcome.details.map((d, i) => ({ ...d, key: i }))}
            pagination={outcome.details.length > 10 ? { pageSize: 10, size: 'small' } : false}
            scroll={{ x: 'max-content' }}
            columns={[
              { title: '行号', dataIndex: 'row', width: 72, render: (v?: number) => v ?? '—' },
              { title: '列/字段', dataIndex: 'field', width: 140, render: (v?: string) => v || '—' },
              { title: '错误说明', dataIndex: 'message' },
            ]}
          />
        </div>
      ) : null}
      {outcome?.kind === 'error' ? (
        <Alert type="error" showIcon role="alert" style={{ marginTop: 16 }} title={outcome.message} description="未写入任何数据。" />
      ) : null}
      {file && !outcome ? (
        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8 }}>
          已选择：{file.name}（{(file.size / 1024).toFixed(1)} KB）
        </Typography.Text>
      ) : null}
    </Modal>
  );
}
