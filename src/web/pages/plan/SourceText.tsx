import { forwardRef, memo, useCallback, useImperativeHandle, useMemo, useRef, useState, type ReactNode } from 'react';
import { buildParagraphs, paragraphAt, type Mark, type Paragraph } from './planModel';

export interface SourceTextHandle {
  /** scroll so that the offset's line is in view (near the top third) */
  scrollTo(offset: number): void;
}

interface Props {
  text: string;
  marks: Mark[];
  /** the selected node's range and id (its marks are emphasised) */
  selection: { start: number; end: number; nodeId: string } | null;
  onMarkClick(nodeId: string): void;
  /** the caret / selection start in the text, for "split here" */
  onCaret(offset: number | null): void;
}

/**
 * The normalised source text with the spans that produced units, deadlines, targets and
 * recurrences highlighted. Rendered once per tree version as memoised lines: selecting a node
 * re-renders only the lines its range touches, hovering re-renders nothing but the tip.
 */
export const SourceText = forwardRef<SourceTextHandle, Props>(function SourceText({ text, marks, selection, onMarkClick, onCaret }, ref) {
  const box = useRef<HTMLDivElement>(null);
  const tip = useRef<HoverTipHandle>(null);
  const paragraphs = useMemo(() => buildParagraphs(text, marks), [text, marks]);

  useImperativeHandle(
    ref,
    () => ({
      scrollTo(offset: number) {
        const el = box.current;
        if (!el) return;
        const p = paragraphs[paragraphAt(paragraphs, offset)];
        const line = el.querySelector<HTMLElement>(`[data-p="${p.start}"]`);
        if (!line) return;
        const top = Math.max(0, line.offsetTop - el.clientHeight / 4);
        // a long jump is instant (a smooth scroll across the whole plan takes too long to follow)
        el.scrollTo({ top, behavior: Math.abs(top - el.scrollTop) > el.clientHeight * 2 ? 'auto' : 'smooth' });
      },
    }),
    [paragraphs],
  );

  const markOf = (target: EventTarget | null): Mark | null => {
    const el = (target as HTMLElement | null)?.closest?.('[data-m]') as HTMLElement | null;
    return el ? (marks[Number(el.dataset.m)] ?? null) : null;
  };

  const caretFromSelection = useCallback(() => {
    const sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || !box.current) return onCaret(null);
    const node = sel.anchorNode;
    if (!node || !box.current.contains(node)) return;
    const host = (node.nodeType === Node.TEXT_NODE ? node.parentElement : (node as HTMLElement))?.closest?.('[data-o],[data-p]') as HTMLElement | null;
    if (!host) return;
    const base = Number(host.dataset.o ?? host.dataset.p);
    onCaret(base + (node.nodeType === Node.TEXT_NODE ? sel.anchorOffset : 0));
  }, [onCaret]);

  return (
    <div
      ref={box}
      className="plan-source"
      data-testid="plan-source"
      tabIndex={0}
      aria-label="方案原文（已标注牵头单位、配合单位、时限、指标、频次）"
      onMouseOver={(e) => {
        const m = markOf(e.target);
        if (m) tip.current?.show(m.tip, (e.target as HTMLElement).closest('[data-m]')!.getBoundingClientRect());
        else tip.current?.hide();
      }}
      onMouseLeave={() => tip.current?.hide()}
      onClick={(e) => {
        const m = markOf(e.target);
        if (m && window.getSelection()?.isCollapsed !== false) onMarkClick(m.nodeId);
      }}
      onMouseUp={caretFromSelection}
      onKeyUp={caretFromSelection}
    >
      {paragraphs.map((p) => {
        const sel = selection && selection.start < Math.max(p.end, p.start + 1) && selection.end > p.start ? selection : null;
        return (
          <Line
            key={p.start}
            text={text}
            p={p}
            marks={marks}
            selStart={sel ? Math.max(sel.start, p.start) : -1}
            selEnd={sel ? Math.min(sel.end, p.end) : -1}
            activeNode={sel ? sel.nodeId : null}
          />
        );
      })}
      <HoverTip ref={tip} />
    </div>
  );
});

interface LineProps {
  text: string;
  p: Paragraph;
  marks: Mark[];
  selStart: number;
  selEnd: number;
  activeNode: string | null;
}

/** One line of the text; re-renders only when its selection state or the marks change. */
const Line = memo(function Line({ text, p, marks, selStart, selEnd, activeNode }: LineProps) {
  const cuts = new Set<number>([p.start, p.end]);
  for (const k of p.marks) {
    cuts.add(Math.max(p.start, marks[k].start));
    cuts.add(Math.min(p.end, marks[k].end));
  }
  if (selStart >= 0) {
    cuts.add(selStart);
    cuts.add(selEnd);
  }
  const points = [...cuts].filter((x) => x >= p.start && x <= p.end).sort((a, b) => a - b);
  const runs: ReactNode[] = [];
  let mi = 0;
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i];
    const b = points[i + 1];
    if (b <= a) continue;
    while (mi < p.marks.length && marks[p.marks[mi]].end <= a) mi++;
    const k = mi < p.marks.length && marks[p.marks[mi]].start <= a ? p.marks[mi] : -1;
    const inSel = selStart >= 0 && a >= selStart && b <= selEnd;
    const cls: string[] = [];
    if (k >= 0) {
      cls.push(`ph ph-${marks[k].kind}`);
      if (activeNode !== null && marks[k].nodeId === activeNode) cls.push('ph-active');
    }
    if (inSel) cls.push('ph-sel');
    runs.push(
      <span key={a} data-o={a} data-m={k >= 0 ? k : undefined} className={cls.join(' ') || undefined}>
        {text.slice(a, b)}
      </span>,
    );
  }
  return (
    <div className={selStart >= 0 ? 'plan-line plan-line-sel' : 'plan-line'} data-p={p.start}>
      {runs.length ? runs : '\u200b'}
    </div>
  );
});

interface HoverTipHandle {
  show(text: string, rect: DOMRect): void;
  hide(): void;
}

/** The one tooltip of the text (fixed position; its own state, so hovering re-renders only it). */
const HoverTip = forwardRef<HoverTipHandle>(function HoverTip(_props, ref) {
  const [state, setState] = useState<{ text: string; x: number; y: number } | null>(null);
  useImperativeHandle(ref, () => ({
    show: (text, rect) => setState((s) => (s && s.text === text && s.x === rect.left ? s : { text, x: rect.left, y: rect.bottom + 6 })),
    hide: () => setState(null),
  }));
  if (!state) return null;
  const x = Math.min(state.x, window.innerWidth - 340);
  const below = state.y + 90 < window.innerHeight;
  return (
    <div className="plan-tip" role="tooltip" data-testid="plan-tip" style={{ left: Math.max(8, x), top: below ? state.y : state.y - 120 }}>
      {state.text}
    </div>
  );
});
