// Phone photos are 3–12 MB; the server takes up to 5 MB and a dead zone's queue lives in the phone's storage. Large
// ones are redrawn as JPEG (long edge 1600 px, quality 0.8: a few hundred KB, still legible for the 一事一档),
// upright (EXIF orientation applied) and without EXIF location or device data.
const MAX_EDGE = 1600;
const QUALITY = 0.8;
/** A JPEG already this small and this size is kept as it is. */
const KEEP_BYTES = 1_200_000;
const SERVER_MAX_BYTES = 5 * 1024 * 1024;
const ACCEPTED = ['image/jpeg', 'image/png', 'image/webp'];

export interface PreparedPhoto {
  blob: Blob;
  name: string;
  width: number | null;
  height: number | null;
}

async function decode(file: Blob): Promise<{ source: CanvasImageSource; width: number; height: number; close: () => void }> {
  if (typeof createImageBitmap === 'function') {
    try {
      const bmp = await createImageBitmap(file, { imageOrientation: 'from-image' });
      return { source: bmp, width: bmp.width, height: bmp.height, close: () => bmp.close() };
    } catch {
      /* fall back to <img> */
    }
  }
  const url = URL.createObjectURL(file);
  try {
    const img = new Image();
    img.decoding = 'async';
    img.src = url;
    await img.decode();
    return { source: img, width: img.naturalWidth, height: img.naturalHeight, close: () => undefined };
  } finally {
    URL.revokeObjectURL(url);
  }
}

function jpegName(name: string): string {
  const base = name.replace(/\.[^.]*$/, '').replace(/[^\w\u4e00-\u9fa5-]+/g, '_').slice(0, 60) || 'photo';
  return `${base}.jpg`;
}

export async function preparePhoto(file: File): Promise<PreparedPhoto> {
  let img: Awaited<ReturnType<typeof decode>>;
  try {
    img = await decode(file);
  } catch {
    // Not decodable here (e.g. HEIC on some browsers): send as is if the server takes it.
    if (ACCEPTED.includes(file.type) && file.size <= SERVER_MAX_BYTES) return { blob: file, name: file.name || 'photo.jpg', width: null, height: null };
    throw new Error('无法读取该照片，请用相机拍摄 JPEG 照片后重试');
  }
  try {
    const long = Math.max(img.width, img.height);
    if (long <= MAX_EDGE && file.type === 'image/jpeg' && file.size <= KEEP_BYTES) {
      return { blob: file, name: file.name || 'photo.jpg', width: img.width, height: img.height };
    }
    const scale = Math.min(1, MAX_EDGE / long);
    const w = Math.max(1, Math.round(img.width * scale));
    const h = Math.max(1, Math.round(img.height * scale));
    const canvas = document.createElement('canvas');
    canvas.width = w;
    canvas.height = h;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('无法处理照片（浏览器不支持画布）');
    ctx.fillStyle = '#fff'; // transparent PNG areas would turn black in JPEG
    ctx.fillRect(0, 0, w, h);
    ctx.drawImage(img.source, 0, 0, w, h);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', QUALITY));
    if (!blob) throw new Error('照片压缩失败，请重试');
    return { blob, name: jpegName(file.name || 'photo'), width: w, height: h };
  } finally {
    img.close();
  }
}
