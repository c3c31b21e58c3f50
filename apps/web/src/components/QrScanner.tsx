// Camera QR scanner for phones: the rear camera's frames are decoded with jsQR in the page (no network, no native
// app). Loaded on demand, so the decoder only ships to screens that scan.
import { useEffect, useRef, useState } from 'react';
import { Alert, Typography } from 'antd';
import jsQR from 'jsqr';

interface Props {
  /** Called with the raw text of every code seen (the caller decides what a repeat means). */
  onCode: (text: string) => void;
  /** Frames per second to decode; a phone keeps up with ~8 at 640 px. */
  fps?: number;
}

const MAX_WIDTH = 640;

function cameraProblem(e: unknown): string {
  const name = e instanceof DOMException ? e.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return '未获得摄像头权限：请在浏览器设置中允许本站使用摄像头后重试。';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return '没有找到可用的摄像头。';
  if (name === 'NotReadableError') return '摄像头正被其他应用占用，请关闭后重试。';
  return `无法打开摄像头：${e instanceof Error ? e.message : String(e)}`;
}

export default function QrScanner({ onCode, fps = 8 }: Props) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const onCodeRef = useRef(onCode);
  onCodeRef.current = onCode;
  const [problem, setProblem] = useState<string | null>(null);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    if (!navigator.mediaDevices?.getUserMedia) {
      setProblem('此浏览器不支持摄像头扫码（需通过 HTTPS 访问）。可直接输入资产编号。');
      return;
    }
    let stopped = false;
    let stream: MediaStream | null = null;
    let timer: number | undefined;
    const canvas = document.createElement('canvas');
    const ctx = canvas.getContext('2d', { willReadFrequently: true });

    const tick = () => {
      const video = videoRef.current;
      if (stopped || !video || !ctx) return;
      if (video.readyState >= 2 && video.videoWidth > 0) {
        const scale = Math.min(1, MAX_WIDTH / video.videoWidth);
        const w = Math.round(video.videoWidth * scale);
        const h = Math.round(video.videoHeight * scale);
        if (canvas.width !== w) canvas.width = w;
        if (canvas.height !== h) canvas.height = h;
        ctx.drawImage(video, 0, 0, w, h);
        const found = jsQR(ctx.getImageData(0, 0, w, h).data, w, h, { inversionAttempts: 'dontInvert' });
        if (found?.data) onCodeRef.current(found.data);
      }
      timer = window.setTimeout(tick, 1000 / fps);
    };

    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 } }, audio: false })
      .then(async (s) => {
        if (stopped) {
          s.getTracks().forEach((t) => t.stop());
          return;
        }
        stream = s;
        const video = videoRef.current;
        if (!video) return;
        video.srcObject = s;
        await video.play().catch(() => undefined);
        setReady(true);
        tick();
      })
      .catch((e: unknown) => setProblem(cameraProblem(e)));

    return () => {
      stopped = true;
      window.clearTimeout(timer);
      stream?.getTracks().forEach((t) => t.stop());
    };
  }, [fps]);

  if (problem) return <Alert type="warning" showIcon title={problem} />;
  return (
    <div className="qr-scanner" data-testid="qr-scanner">
      <video ref={videoRef} muted playsInline aria-label="摄像头画面" />
      <div className="qr-scanner-frame" aria-hidden />
      <Typography.Text type="secondary" className="qr-scanner-hint">
        {ready ? '将装备标签上的二维码对准取景框' : '正在打开摄像头…'}
      </Typography.Text>
    </div>
  );
}
