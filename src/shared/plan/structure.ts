/**
 * Builds the raw tree from marker hits: which marker is a child, a sibling or a restart of which.
 *
 * A family keeps its level while it stays on the stack; numbering restarts per parent because a
 * parent's next sibling pops the stack below it. Inline hits that break the numbering are taken
 * as plain text (a "，二是" that does not follow a "一是" is prose).
 */

import {
  FAMILY_RANK,
  compatibleFamilies,
  isHeadingFamily,
  type MarkerFamily,
  type MarkerHit,
} from './markers.js';
import type { PlanWarning } from './types.js';
import { trimRange } from './text.js';

export interface RawNode {
  index: number;
  family: MarkerFamily;
  ordinal: number;
  marker: string;
  /** 1 for the first numbering run under a parent, 2 after a restart … */
  run: number;
  series?: string;
  start: number;
  bodyStart: number;
  end: number;
  parent: RawNode | null;
  children: RawNode[];
  depth: number;
}

interface StackEntry {
  family: MarkerFamily;
  node: RawNode;
}

/** A label paragraph that introduces a restarted run: "建筑垃圾消纳场安全整治：一是…" */
const RUN_LABEL_RE = /^[^。；！？\n]{2,40}：$/;

export function buildTree(
  text: string,
  hits: MarkerHit[],
  bodyStart: number,
  bodyEnd: number,
  warnings: PlanWarning[],
): RawNode[] {
  const nodes: RawNode[] = [];
  const stack: StackEntry[] = [];
  // closeAt[i]: where node i ends when it is popped early (a run label ends the previous item)
  const open: RawNode[] = [];

  const closeOpenFrom = (depth: number, at: number) => {
    while (open.length && open[open.length - 1].depth >= depth) {
      const n = open.pop()!;
      n.end = Math.max(n.bodyStart, at);
    }
  };

  for (const hit of hits) {
    if (hit.start < bodyStart || hit.start >= bodyEnd) continue;

    let idx = -1;
    for (let i = stack.length - 1; i >= 0; i--) {
      if (stack[i].family === hit.family) {
        idx = i;
        break;
      }
    }
    let parentDepthIndex: number; // stack length to keep before pushing
    let run = 1;
    let series: string | undefined;
    let closeAt = hit.start;

    if (idx >= 0) {
      const prev = stack[idx].node;
      if (hit.ordinal === prev.ordinal + 1) {
        run = prev.run;
        series = prev.series;
      } else if (hit.ordinal === 1) {
        run = prev.run + 1;
        const label = text.slice(hit.paragraphStart, hit.start);
        if (hit.inline && RUN_LABEL_RE.test(label)) {
          series = label.slice(0, -1);
          closeAt = hit.paragraphStart;
        }
        warnings.push({
          code: 'NUMBERING_RESTART',
          message: `编号“${hit.marker}”在同一层级中重新从一开始${series ? `（小标题“${series}”）` : ''}，请核对层级是否正确。`,
          start: hit.start,
          end: hit.bodyStart,
        });
      } else if (hit.inline && (hit.ordinal > prev.ordinal + 3 || hit.ordinal < prev.ordinal)) {
        continue; // prose, not a marker
      } else {
        run = prev.run;
        series = prev.series;
        warnings.push({
          code: 'NUMBERING_GAP',
          message: `编号“${hit.marker}”未接续上一项（${prev.marker}），原文可能缺漏或重复编号。`,
          start: hit.start,
          end: hit.bodyStart,
        });
      }
      parentDepthIndex = idx;
    } else {
      // A family not yet open: a child of the current top, unless a higher heading level
      // (by the conventional ranks) closes the deeper ones first.
      let keep = stack.length;
      if (!hit.inline && isHeadingFamily(hit.family)) {
        while (keep > 0) {
          const top = stack[keep - 1].family;
          if (isHeadingFamily(top) ? FAMILY_RANK[top] > FAMILY_RANK[hit.family] : true) keep--;
          else break;
        }
        // an item family on the stack above a heading is closed by any heading
      }
      if (hit.ordinal !== 1) {
        // Writers mix 1. and 1、 for one level: continue a compatible family if the number fits.
        let compat = -1;
        for (let i = keep - 1; i >= 0; i--) {
          if (compatibleFamilies(stack[i].family, hit.family) && stack[i].node.ordinal === hit.ordinal - 1) {
            compat = i;
            break;
          }
        }
        if (compat >= 0) {
          keep = compat;
          run = stack[compat].node.run;
          warnings.push({
            code: 'MIXED_MARKERS',
            message: `编号“${hit.marker}”与上一项（${stack[compat].node.marker}）格式不一致，已按同一层级处理。`,
            start: hit.start,
            end: hit.bodyStart,
          });
        } else if (hit.inline) {
          continue;
        } else {
          warnings.push({
            code: 'UNEXPECTED_ORDINAL',
            message: `编号“${hit.marker}”不是从一开始的，前面的内容可能缺失。`,
            start: hit.start,
            end: hit.bodyStart,
          });
        }
      }
      parentDepthIndex = keep;
    }

    const parent = parentDepthIndex > 0 ? stack[parentDepthIndex - 1].node : null;
    const depth = parent ? parent.depth + 1 : 1;
    closeOpenFrom(depth, closeAt);
    const node: RawNode = {
      index: nodes.length,
      family: hit.family,
      ordinal: hit.ordinal,
      marker: hit.marker,
      run,
      series,
      start: hit.start,
      bodyStart: hit.bodyStart,
      end: bodyEnd,
      parent,
      children: [],
      depth,
    };
    if (parent) parent.children.push(node);
    nodes.push(node);
    open.push(node);
    stack.length = parentDepthIndex;
    stack.push({ family: hit.family, node });
  }
  closeOpenFrom(1, bodyEnd);

  for (const n of nodes) {
    const [, e] = trimRange(text, n.start, n.end);
    n.end = Math.max(e, n.bodyStart);
  }
  return nodes;
}

/** Deepest node whose range contains `pos` (nodes sorted by start, properly nested). */
export function ownerAt(nodes: RawNode[], pos: number): RawNode | null {
  let lo = 0;
  let hi = nodes.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (nodes[mid].start <= pos) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  let n: RawNode | null = found >= 0 ? nodes[found] : null;
  while (n && !(pos < n.end)) n = n.parent;
  return n;
}
