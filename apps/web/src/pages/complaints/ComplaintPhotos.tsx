// Photos of a complaint (thumbnails, click to enlarge) and the desk's upload with its stage.
import { useState } from 'react';
import { App, Button, Empty, Flex, Image, Select, Space, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { complaintApi, PHOTO_STAGES, type ComplaintDetail, type ComplaintStatus, type PhotoStage } from '../../api/complaints';
import { errorMessage } from '../../lib/errors';
import { fmtDateTime } from '../../lib/format';
import { STAGE_LABELS } from './complaint-ui';

const MAX_BYTES = 5 * 1024 * 1024;
const ACCEPT = 'image/jpeg,image/png,image/webp';

function defaultStage(status: ComplaintStatus): PhotoStage {
  if (status === 'accepted' || status === 'dispatched' || status === 'returned') return 'intake';
  return status === 'signed' ? 'before' : 'after';
}

export function ComplaintPhotos({ complaint, canUpload, onChange }: {
  complaint: ComplaintDetail; canUpload: boolean; onChange: (next: ComplaintDetail) => void;
}) {
  const { message } = App.useApp();
  // Until the user picks one, the stage follows the complaint's progress.
  const [picked, setStage] = useState<PhotoStage | null>(null);
  const stage = picked ?? defaultStage(complaint.status);
  const [uploading, setUploading] = useState(false);

  const upload = async (file: File) => {
    if (file.size > MAX_BYTES) {
      message.error('照片不能超过 5 MB');
      return;
    }
    if (!ACCEPT.split(',').includes(file.type)) {
      message.error('只接受 JPEG、PNG 或 WebP 照片');
      return;
    }
    setUploading(true);
    try {
      const next = await complaintApi.uploadPhoto(complaint.id, file, { stage });
      message.success(`已上传照片（${STAGE_LABELS[stage]}）`);
      onChange(next);
    } catch (e) {
      message.error(errorMessage(e, '上传失败'));
    } finally {
      setUploading(false);
    }
  };

  return (
    <div data-testid="complaint-photos">
      {canUpload ? (
        <Space style={{ marginBottom: 12 }} wrap>
          <Select<PhotoStage>
            value={stage} onChange={setStage} style={{ width: 110 }} aria-label="照片类别" data-testid="photo-stage"
            options={PHOTO_STAGES.map((s) => ({ value: s, label: STAGE_LABELS[s] }))}
          />
          <Upload
            accept={ACCEPT} showUploadList={false} multiple={false}
            beforeUpload={(file) => {
              void upload(file);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} loading={uploading} data-testid="photo-upload">上传照片</Button>
          </Upload>
        </Space>
      ) : null}
      {complaint.photos.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无照片" />
      ) : (
        <Image.PreviewGroup>
          <Flex wrap gap={12}>
            {complaint.photos.map((p) => (
              <div key={p.id} style={{ width: 112 }} data-testid="complaint-photo">
                <Image
                  src={p.url} width={112} height={84} alt={`${p.stageLabel} ${p.fileName}`}
                  style={{ objectFit: 'cover', borderRadius: 4 }}
                />
                <Typography.Text style={{ fontSize: 12, display: 'block' }} strong>{p.stageLabel}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }} ellipsis={{ tooltip: `${p.uploadedByName} ${fmtDateTime(p.uploadedAt)}` }}>
                  {p.uploadedByName} {fmtDateTime(p.takenAt ?? p.uploadedAt).slice(5)}
                </Typography.Text>
              </div>
            ))}
          </Flex>
        </Image.PreviewGroup>
      )}
    </div>
  );
}
