import { useState } from 'react';
import { Alert, App, Button, Space, Upload } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { saveBlob } from '../../api/client';
import { unitsApi } from '../../api/endpoints';
import type { ApiErrorDetail } from '../../api/types';
import { isApiError } from '../../api/client';
import { errorMessage } from '../../lib/errors';
import { geojsonShapeProblem } from '../../lib/geo';

interface Props {
  rootId: string | undefined;
  rootCode: string | undefined;
  canWrite: boolean;
  onImported: () => void;
}

const MAX_BYTES = 10 * 1024 * 1024;

/** GeoJSON 导出 (download) and 导入 (all-or-nothing POST /api/units/geojson). */
export function GeoJsonTools({ rootId, rootCode, canWrite, onImported }: Props) {
  const { message, modal } = App.useApp();
  const [exporting, setExporting] = useState(false);
  const [importing, setImporting] = useState(false);
  const [result, setResult] = useState<{ ok: true; updated: number } | { ok: false; message: string; details: ApiErrorDetail[] } | null>(null);

  const exportGeojson = async () => {
    setExporting(true);
    try {
      const fc = await unitsApi.geojson(rootId);
      const blob = new Blob([JSON.stringify(fc, null, 2)], { type: 'application/geo+json' });
      saveBlob(blob, `辖区边界-${rootCode ?? 'all'}.geojson`);
      message.success(`已导出 ${fc.features.length} 个辖区`);
    } catch (e) {
      message.error(errorMessage(e, '导出失败'));
    } finally {
      setExporting(false);
    }
  };

  const send = async (body: unknown) => {
    setImporting(true);
    setResult(null);
    try {
      const { updated } = await unitsApi.importGeojson(body);
      setResult({ ok: true, updated });
      message.success(`已更新 ${updated} 个单位的辖区边界`);
      onImported();
    } catch (e) {
      setResult({ ok: false, message: errorMessage(e, '导入失败'), details: isApiError(e) ? e.details : [] });
    } finally {
      setImporting(false);
    }
  };

  const pick = async (file: File) => {
    setResult(null);
    if (file.size > MAX_BYTES) {
      setResult({ ok: false, message: '文件不能超过 10 MB', details: [] });
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(await file.text());
    } catch {
      setResult({ ok: false, message: `${file.name} 不是有效的 JSON 文件`, details: [] });
      return;
    }
    const problem = geojsonShapeProblem(parsed);
    if (problem) {
      setResult({ ok: false, message: problem, details: [] });
      return;
    }
    const count = (parsed as { features: unknown[] }).features.length;
    modal.confirm({
      title: '导入辖区边界',
      content: `文件 ${file.name} 含 ${count} 个要素，将按 properties.code 更新对应单位的辖区边界（整体导入：任一要素有误则全部不写入）。确定导入？`,
      okText: '导入',
      cancelText: '取消',
      onOk: () => send(parsed),
    });
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Button icon={<DownloadOutlined />} loading={exporting} onClick={exportGeojson}>
          导出GeoJSON
        </Button>
        {canWrite ? (
          <Upload
            accept=".geojson,.json,application/geo+json,application/json"
            showUploadList={false}
            beforeUpload={(file) => {
              void pick(file);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} loading={importing}>
              导入GeoJSON
            </Button>
          </Upload>
        ) : null}
      </Space>
      {result?.ok ? (
        <Alert type="success" showIcon closable={{ onClose: () => setResult(null) }} title={`导入成功：已更新 ${result.updated} 个单位的辖区边界`} />
      ) : null}
      {result && !result.ok ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          closable={{ onClose: () => setResult(null) }}
          title={result.message}
          description={
            result.details.length ? (
              <ul style={{ margin: 0, paddingLeft: 18, maxHeight: 200, overflow: 'auto' }}>
                {result.details.map((d, i) => (
                  <li key={i}>
                    {d.row != null ? `第 ${d.row} 个要素 ` : ''}
                    {d.field ? `${d.field}：` : ''}
                    {d.message}
                  </li>
                ))}
              </ul>
            ) : (
              '未写入任何数据。'
            )
          }
        />
      ) : null}
    </Space>
  );
}
