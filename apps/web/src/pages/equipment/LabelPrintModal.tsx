import { useEffect, useState } from 'react';
import { Alert, App, Form, InputNumber, Modal, Select, Typography } from 'antd';
import { equipmentApi } from '../../api/endpoints';
import type { EquipmentFilters } from '../../api/types';
import { errorMessage } from '../../lib/errors';

// The label stock the server lays out (apps/server equipment-labels.ts LABEL_LAYOUTS); both 3 × 8 per A4 sheet.
const LAYOUTS = [
  { value: 'a4-70x37', label: 'A4 24格 70×37mm（无边距）' },
  { value: 'a4-64x34', label: 'A4 24格 63.5×33.9mm（带边距）' },
] as const;
type Layout = (typeof LAYOUTS)[number]['value'];
const PER_SHEET = 24;
export const MAX_LABELS = 3000;
export const MAX_LABEL_IDS = 1000;
const LAYOUT_KEY = 'cg.equipment.labelLayout';

function savedLayout(): Layout {
  const v = localStorage.getItem(LAYOUT_KEY);
  return LAYOUTS.some((l) => l.value === v) ? (v as Layout) : LAYOUTS[0].value;
}

interface Props {
  open: boolean;
  /** The chosen items, or the list filter (and its order) when none are chosen. */
  selection: { ids: string[] } | (EquipmentFilters & { sort?: string });
  /** How many labels that is. */
  count: number;
  onClose: () => void;
}

/** 打印标签: confirms how many labels (and sheets) before the PDF is made; label stock and used labels to skip. */
export function LabelPrintModal({ open, selection, count, onClose }: Props) {
  const { message } = App.useApp();
  const [layout, setLayout] = useState<Layout>(savedLayout);
  const [skip, setSkip] = useState(0);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (open) setSkip(0);
  }, [open]);

  const byIds = 'ids' in selection;
  const tooMany = byIds ? count > MAX_LABEL_IDS : count > MAX_LABELS;
  const sheets = Math.ceil((count + skip) / PER_SHEET);

  const print = async () => {
    setBusy(true);
    try {
      localStorage.setItem(LAYOUT_KEY, layout);
      await equipmentApi.labelsPdf(selection, { skip, layout });
      message.success('标签 PDF 已生成，请用 A4 不干胶标签纸按“实际大小”（100%）打印');
      onClose();
    } catch (e) {
      message.error(errorMessage(e, '标签生成失败'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title="打印二维码标签"
      okText="生成 PDF"
      cancelText="取消"
      onOk={print}
      onCancel={onClose}
      confirmLoading={busy}
      okButtonProps={{ disabled: tooMany || count === 0 }}
      destroyOnHidden
    >
      <Typography.Paragraph>
        {byIds ? '已选择 ' : '按当前筛选条件共 '}
        <Typography.Text strong>{count}</Typography.Text> 件装备，将生成{' '}
        <Typography.Text strong>{count}</Typography.Text> 张标签，约 {sheets} 页 A4 标签纸。
      </Typography.Paragraph>
      {tooMany ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={
            byIds
              ? `一次最多按勾选打印 ${MAX_LABEL_IDS} 件，请减少勾选，或清除勾选后按筛选条件打印`
              : `一次最多打印 ${MAX_LABELS} 件，请先按单位、类别或状态缩小范围`
          }
        />
      ) : null}
      <Form layout="vertical">
        <Form.Item label="标签纸规格">
          <Select<Layout> value={layout} onChange={setLayout} options={LAYOUTS.map((l) => ({ ...l }))} />
        </Form.Item>
        <Form.Item label="跳过已用的标签" extra="第一页标签纸上已经用掉的标签数（按行从左到右计），从其后开始打印。">
          <InputNumber min={0} max={PER_SHEET - 1} precision={0} value={skip} onChange={(v) => setSkip(v ?? 0)} suffix="张" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
