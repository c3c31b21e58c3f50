// Photos taken with the phone's camera for a form that is submitted later (巡查发现, 勤务日志): downscaled as they are
// picked, shown as thumbnails that can be removed, object URLs released when removed, sent or when the page goes.
import { useEffect, useRef, useState } from 'react';
import { App, Button, Flex } from 'antd';
import { CameraOutlined, CloseOutlined } from '@ant-design/icons';
import { errorMessage } from '../../lib/errors';
import { preparePhoto, type PreparedPhoto } from './photo-resize';

export interface PickedPhoto extends PreparedPhoto {
  key: string;
  url: string;
}

export interface PickedPhotos {
  photos: PickedPhoto[];
  preparing: boolean;
  max: number;
  add(files: File[]): Promise<void>;
  remove(key: string): void;
  /** After the form was sent. */
  clear(): void;
}

export function usePickedPhotos(max: number): PickedPhotos {
  const { message } = App.useApp();
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const [preparing, setPreparing] = useState(false);
  const latest = useRef<PickedPhoto[]>([]);
  latest.current = photos;
  useEffect(() => () => { for (const p of latest.current) URL.revokeObjectURL(p.url); }, []);

  const add = async (files: File[]) => {
    setPreparing(true);
    try {
      const next: PickedPhoto[] = [];
      for (const f of files.slice(0, max - latest.current.length)) {
        const p = await preparePhoto(f);
        next.push({ ...p, key: `${Date.now()}-${next.length}`, url: URL.createObjectURL(p.blob) });
      }
      setPhotos((list) => [...list, ...next]);
    } catch (e) {
      message.error(errorMessage(e, '照片处理失败'));
    } finally {
      setPreparing(false);
    }
  };
  const remove = (key: string) => {
    const gone = latest.current.find((p) => p.key === key);
    if (gone) URL.revokeObjectURL(gone.url);
    setPhotos((list) => list.filter((p) => p.key !== key));
  };
  const clear = () => {
    for (const p of latest.current) URL.revokeObjectURL(p.url);
    setPhotos([]);
  };
  return { photos, preparing, max, add, remove, clear };
}

/** Thumbnails, the 拍照 button while there is room, and the hidden camera input. */
export function PhotoPicker({ picked, size = 88, alt, inputLabel, itemTestId, inputTestId }: {
  picked: PickedPhotos; size?: number; alt: string; inputLabel: string; itemTestId: string; inputTestId: string;
}) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <Flex wrap gap={8}>
        {picked.photos.map((p) => (
          <div key={p.key} style={{ position: 'relative' }} data-testid={itemTestId}>
            <img src={p.url} alt={alt} width={size} height={size} style={{ objectFit: 'cover', borderRadius: 6 }} />
            <Button size="small" shape="circle" icon={<CloseOutlined />} aria-label="删除照片" style={{ position: 'absolute', right: 2, top: 2 }}
              onClick={() => picked.remove(p.key)} />
          </div>
        ))}
        {picked.photos.length < picked.max ? (
          <Button icon={<CameraOutlined />} loading={picked.preparing} style={{ width: size, height: size }} onClick={() => input.current?.click()}>拍照</Button>
        ) : null}
      </Flex>
      {/* display:none, not hidden: antd's form styles show file inputs as blocks */}
      <input ref={input} type="file" accept="image/*" capture="environment" multiple style={{ display: 'none' }} aria-label={inputLabel}
        data-testid={inputTestId}
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = '';
          if (files.length) void picked.add(files);
        }} />
    </>
  );
}
