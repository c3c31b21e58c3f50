// Where counted tags come in: the phone camera, a handheld scanner gun (types the code and Enter), or typing.
import { lazy, Suspense, useRef, useState } from 'react';
import { Alert, Button, Flex, Input, Spin } from 'antd';
import { CameraOutlined, CloseOutlined } from '@ant-design/icons';
import { assetTagFromScan } from '@cg/domain';

const QrScanner = lazy(() => import('../../components/QrScanner'));

/** The same code seen again within this time is the camera still looking at it, not a second count. */
const REPEAT_MS = 4000;

interface Props {
  onTag: (assetTag: string, method: 'scan' | 'tick') => Promise<void>;
  disabled?: boolean;
}

export function ScanPanel({ onTag, disabled }: Props) {
  const [camera, setCamera] = useState(false);
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const recent = useRef(new Map<string, number>());
  const busy = useRef(false);

  const fromCamera = async (raw: string) => {
    const now = Date.now();
    if ((recent.current.get(raw) ?? 0) > now - REPEAT_MS || busy.current) return;
    recent.current.set(raw, now);
    const tag = assetTagFromScan(raw);
    if (!tag) {
      setProblem(`扫到的二维码不是装备标签：${raw.slice(0, 60)}`);
      return;
    }
    setProblem(null);
    busy.current = true;
    try {
      navigator.vibrate?.(80);
      await onTag(tag, 'scan');
    } finally {
      busy.current = false;
    }
  };

  const fromInput = async (value: string) => {
    const tag = assetTagFromScan(value);
    if (!tag) {
      setProblem(value.trim() ? `“${value.trim()}”不是有效的资产编号或装备标签` : '请输入资产编号');
      return;
    }
    setProblem(null);
    await onTag(tag, 'scan');
    setText('');
  };

  return (
    <div>
      <Flex gap={8} wrap>
        <Input.Search
          value={text}
          onChange={(e) => setText(e.target.value)}
          onSearch={fromInput}
          enterButton="登记"
          placeholder="扫码枪录入或输入资产编号"
          aria-label="资产编号"
          disabled={disabled}
          allowClear
          style={{ flex: '1 1 240px' }}
        />
        <Button
          icon={camera ? <CloseOutlined /> : <CameraOutlined />}
          type={camera ? 'default' : 'primary'}
          onClick={() => setCamera((c) => !c)}
          disabled={disabled}
        >
          {camera ? '关闭摄像头' : '摄像头扫码'}
        </Button>
      </Flex>
      {problem ? <Alert type="warning" showIcon style={{ marginTop: 8 }} title={problem} closable onClose={() => setProblem(null)} /> : null}
      {camera && !disabled ? (
        <div style={{ marginTop: 12 }}>
          <Suspense fallback={<Spin />}>
            <QrScanner onCode={fromCamera} />
          </Suspense>
        </div>
      ) : null}
    </div>
  );
}
