// 扫码查装备 on the phone: the rear camera reads an equipment label (its QR code holds the …/equipment/tag/<资产编号>
// URL; a bare 资产编号 from a scanner gun or typed in works too) and opens the item through the tag page.
import { lazy, Suspense, useRef, useState } from 'react';
import { Alert, Button, Flex, Input, Modal, Spin, Typography } from 'antd';
import { ScanOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { assetTagFromScan } from '@cg/domain';

const QrScanner = lazy(() => import('../../components/QrScanner'));

export function FieldScanButton({ block }: { block?: boolean }) {
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const done = useRef(false);

  const go = (raw: string, typed: boolean) => {
    if (done.current) return;
    const tag = assetTagFromScan(raw);
    if (!tag) {
      setProblem(typed ? (raw.trim() ? `“${raw.trim()}”不是有效的资产编号` : '请输入资产编号') : `扫到的二维码不是装备标签：${raw.slice(0, 60)}`);
      return;
    }
    done.current = true;
    navigator.vibrate?.(80);
    setOpen(false);
    navigate(`/equipment/tag/${encodeURIComponent(tag)}`);
  };

  const show = () => {
    done.current = false;
    setProblem(null);
    setText('');
    setOpen(true);
  };

  return (
    <>
      <Button icon={<ScanOutlined />} block={block} onClick={show} data-testid="field-scan">扫码查装备</Button>
      <Modal title="扫码查装备" open={open} footer={null} onCancel={() => setOpen(false)} destroyOnHidden data-testid="field-scan-modal">
        <Flex vertical gap={12}>
          <Typography.Text type="secondary">将摄像头对准装备上的二维码标签。</Typography.Text>
          {open ? (
            <Suspense fallback={<Spin />}>
              <QrScanner onCode={(raw) => go(raw, false)} />
            </Suspense>
          ) : null}
          {problem ? <Alert type="warning" showIcon title={problem} closable onClose={() => setProblem(null)} data-testid="field-scan-problem" /> : null}
          <Input.Search value={text} onChange={(e) => setText(e.target.value)} onSearch={(v) => go(v, true)} enterButton="查询"
            placeholder="或输入资产编号" aria-label="资产编号" allowClear data-testid="field-scan-input" />
        </Flex>
      </Modal>
    </>
  );
}
