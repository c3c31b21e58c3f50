// A fake camera for Chromium (--use-file-for-fake-video-capture): a Y4M clip showing one QR code, so the
// field app's scanner decodes a real picture from a real getUserMedia stream.
import { writeFileSync } from 'node:fs';
import QRCode from 'qrcode';

/** Writes a 640×480 4:2:0 Y4M file of `frames` identical frames of a black-on-white QR code of `text`. */
export function writeQrVideo(file: string, text: string, frames = 10): void {
  const width = 640;
  const height = 480;
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 4;
  const scale = Math.floor(Math.min(width, height) * 0.8 / (n + 2 * quiet));
  const side = (n + 2 * quiet) * scale;
  const left = Math.floor((width - side) / 2);
  const top = Math.floor((height - side) / 2);
  const y = Buffer.alloc(width * height, 235); // white in video range
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (!qr.modules.get(r, c)) continue;
      for (let dy = 0; dy < scale; dy++) {
        const row = top + (r + quiet) * scale + dy;
        y.fill(16, row * width + left + (c + quiet) * scale, row * width + left + (c + quiet + 1) * scale);
      }
    }
  }
  const chroma = Buffer.alloc((width / 2) * (height / 2), 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), y, chroma, chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`);
  writeFileSync(file, Buffer.concat([header, ...Array.from({ length: frames }, () => frame)]));
}
