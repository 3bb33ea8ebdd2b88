import { useState } from 'react';
import { App, Image, Space, Tag, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { ApiError, call } from '../../lib/client';
import { EnterprisePicker } from '../../components/EnterprisePicker';
import { hazardApi } from '../../../shared/contracts/hazard.api';
import { formatDate, formatDateTime } from '../../../shared/time';
import { HAZARD_SOURCE_LABELS, type HazardListItem } from '../../../shared/contracts/hazard';
import { HAZARD_STATUS_COLORS, HAZARD_STATUS_LABELS, type HazardStatus } from '../../../shared/hazard/workflow';

export { HAZARD_SOURCE_LABELS, HAZARD_STATUS_LABELS };

export function StatusTag({ status }: { status: HazardStatus }) {
  return <Tag color={HAZARD_STATUS_COLORS[status]}>{HAZARD_STATUS_LABELS[status]}</Tag>;
}

export function GradeTag({ grade }: { grade: string }) {
  return grade === '重大' ? <Tag color="red">重大</Tag> : <Tag>一般</Tag>;
}

/** Status, overdue, 挂牌 and stop flags of a hazard in one line. */
export function HazardFlags({ h }: { h: Pick<HazardListItem, 'status' | 'overdue' | 'overdueDays' | 'supervision' | 'fixedOnSpot' | 'extensionPending' | 'stopProduction'> }) {
  return (
    <Space size={2} wrap>
      <StatusTag status={h.status} />
      {h.overdue && <Tag color="red">超期 {h.overdueDays} 天</Tag>}
      {h.supervision === 'listed' && <Tag color="volcano">挂牌督办</Tag>}
      {h.supervision === 'delisted' && <Tag>已摘牌</Tag>}
      {h.fixedOnSpot && <Tag color="cyan">立查立改</Tag>}
      {h.extensionPending && <Tag color="gold">延期待批</Tag>}
      {h.stopProduction && <Tag color="magenta">{h.stopProduction}</Tag>}
    </Space>
  );
}

export const SOURCE_OPTIONS = Object.entries(HAZARD_SOURCE_LABELS).map(([value, label]) => ({ value, label }));

/** Search an enterprise of the user's scope by name or credit code (clearable, for filters and forms). */
export function EnterpriseSelect(props: { value?: string; onChange?: (v: string) => void; style?: React.CSSProperties; id?: string }) {
  return <EnterprisePicker allowClear {...props} />;
}

/**
 * Photos uploaded before the form is saved (POST /api/hazards/photos); the value is the list of
 * file ids. Accepts camera capture on phones.
 */
export function PhotoUpload({ onChange, max = 9, kind = 'photo', testId }: { value?: string[]; onChange?: (ids: string[]) => void; max?: number; kind?: 'photo' | 'document'; testId?: string }) {
  const { message } = App.useApp();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const sync = (list: UploadFile[]) => {
    setFiles(list);
    onChange?.(list.filter((f) => f.status === 'done' && f.response?.id).map((f) => f.response.id as string));
  };
  return (
    <div data-testid={testId}>
    <Upload
      listType={kind === 'photo' ? 'picture-card' : 'text'}
      accept={kind === 'photo' ? 'image/jpeg,image/png,image/webp,image/gif' : '.pdf,.docx,.xlsx,image/*'}
      fileList={files}
      maxCount={max}
      customRequest={async ({ file, onSuccess, onError }) => {
        const form = new FormData();
        form.append('file', file as Blob);
        try {
          const r = await call(kind === 'photo' ? hazardApi.uploadPhoto : hazardApi.uploadDocument, { body: form });
          onSuccess?.(r);
        } catch (e) {
          message.error(e instanceof ApiError ? e.message : '上传失败');
          onError?.(e as Error);
        }
      }}
      onChange={({ fileList }) => sync(fileList.filter((f) => f.status !== 'error'))}
    >
      {files.length < max &&
        (kind === 'photo' ? (
          <div>
            <PlusOutlined />
            <div style={{ marginTop: 4 }}>上传照片</div>
          </div>
        ) : (
          <a>上传材料</a>
        ))}
    </Upload>
    </div>
  );
}

/** Thumbnails of stored photos (GET /api/files/:id, scoped by the hazard). */
export function PhotoGallery({ photos }: { photos: { fileId: string; name: string }[] }) {
  if (!photos.length) return <span style={{ color: '#999' }}>无</span>;
  return (
    <Image.PreviewGroup>
      <Space wrap>
        {photos.map((p) => (
          <Image key={p.fileId} src={`/api/files/${p.fileId}`} alt={p.name} width={96} height={96} style={{ objectFit: 'cover', borderRadius: 4 }} />
        ))}
      </Space>
    </Image.PreviewGroup>
  );
}

/** China time, zero-padded (shared/time.ts): '2026-12-04 09:05'. */
export const fmtTime = (s: string | null | undefined) => formatDateTime(s);
export const fmtDay = (s: string | null | undefined) => formatDate(s);
