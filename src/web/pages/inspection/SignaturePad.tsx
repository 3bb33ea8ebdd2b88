import { useEffect, useRef } from 'react';
import { Button, Space } from 'antd';

/** A signature drawn on the screen (finger or mouse); reports a PNG data URL, or null when cleared. */
export function SignaturePad({ onChange }: { onChange: (png: string | null) => void }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const drawing = useRef(false);
  const dirty = useRef(false);
  useEffect(() => {
    const c = ref.current!;
    c.width = c.clientWidth * (window.devicePixelRatio || 1);
    c.height = c.clientHeight * (window.devicePixelRatio || 1);
    const g = c.getContext('2d')!;
    g.scale(window.devicePixelRatio || 1, window.devicePixelRatio || 1);
    g.lineWidth = 2.5;
    g.lineCap = 'round';
    g.strokeStyle = '#111';
  }, []);
  const pos = (e: React.PointerEvent) => {
    const r = ref.current!.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top] as const;
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <canvas
        ref={ref}
        data-testid="signature-pad"
        aria-label="签名区"
        style={{ width: '100%', height: 160, border: '1px dashed #94a3b8', borderRadius: 6, touchAction: 'none', background: '#fff' }}
        onPointerDown={(e) => {
          drawing.current = true;
          const g = ref.current!.getContext('2d')!;
          g.beginPath();
          g.moveTo(...pos(e));
          ref.current!.setPointerCapture(e.pointerId);
        }}
        onPointerMove={(e) => {
          if (!drawing.current) return;
          const g = ref.current!.getContext('2d')!;
          g.lineTo(...pos(e));
          g.stroke();
          dirty.current = true;
        }}
        onPointerUp={() => {
          drawing.current = false;
          if (dirty.current) onChange(ref.current!.toDataURL('image/png'));
        }}
      />
      <Button
        size="small"
        onClick={() => {
          const c = ref.current!;
          c.getContext('2d')!.clearRect(0, 0, c.width, c.height);
          dirty.current = false;
          onChange(null);
        }}
      >
        清除重签
      </Button>
    </Space>
  );
}
