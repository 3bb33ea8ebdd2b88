import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Tag, Tooltip, Tree } from 'antd';
import type { TreeProps } from 'antd';
import { AimOutlined, ClockCircleOutlined, SyncOutlined, WarningFilled } from '@ant-design/icons';
import type { PlanNode, PlanWarning } from '../../../shared/plan/types';
import { describeDeadline, describeTarget, itemCount, KIND_COLORS, NODE_KIND_LABELS, type TreeIndex } from './planModel';

interface TreeItem {
  key: string;
  title: string;
  children: TreeItem[];
  isLeaf: boolean;
}

interface Props {
  index: TreeIndex;
  warnings: Map<string, PlanWarning[]>;
  selectedId: string | null;
  expandedKeys: string[];
  onExpand(keys: string[]): void;
  onSelect(id: string): void;
  onMove(nodeId: string, parentId: string | null, position: number): void;
  readOnly: boolean;
  height: number;
}

const BOXED = new Set(['task', 'item']);

/** The parsed task tree: kind badges, units, deadlines, targets; drag and drop to move (virtualised). */
export const PlanTree = memo(function PlanTree({ index, warnings, selectedId, expandedKeys, onExpand, onSelect, onMove, readOnly, height }: Props) {
  const ref = useRef<{ scrollTo: (arg: { key: string; align?: 'top' | 'bottom' | 'auto'; offset?: number }) => void } | null>(null);
  const treeData = useMemo(() => {
    const build = (parent: string | null): TreeItem[] =>
      (index.children.get(parent) ?? []).map((n) => {
        const children = build(n.id);
        return { key: n.id, title: n.title, children, isLeaf: children.length === 0 };
      });
    return build(null);
  }, [index]);

  useEffect(() => {
    if (selectedId) ref.current?.scrollTo({ key: selectedId, align: 'auto', offset: 40 });
  }, [selectedId]);

  const allowDrop: TreeProps<TreeItem>['allowDrop'] = ({ dragNode, dropNode, dropPosition }) => {
    const drag = index.byId.get(String(dragNode.key));
    const target = index.byId.get(String(dropNode.key));
    if (!drag || !target) return false;
    const parent = dropPosition === 0 ? target : target.parentId ? index.byId.get(target.parentId) : undefined;
    return !(parent && BOXED.has(parent.kind) && drag.kind !== 'item');
  };

  const onDrop: TreeProps<TreeItem>['onDrop'] = (info) => {
    const dragId = String(info.dragNode.key);
    const dropId = String(info.node.key);
    const pos = info.node.pos.split('-');
    const rel = info.dropPosition - Number(pos[pos.length - 1]);
    const target = index.byId.get(dropId);
    if (!target) return;
    const dropHasOpenChildren = (index.children.get(dropId)?.length ?? 0) > 0 && expandedKeys.includes(dropId);
    if (!info.dropToGap || (rel === 1 && dropHasOpenChildren)) {
      onMove(dragId, dropId, 0);
      return;
    }
    const siblings = (index.children.get(target.parentId) ?? []).filter((k) => k.id !== dragId);
    const at = siblings.findIndex((k) => k.id === dropId);
    onMove(dragId, target.parentId, rel === -1 ? at : at + 1);
  };

  return (
    <Tree<TreeItem>
      ref={ref as never}
      className="plan-tree"
      treeData={treeData}
      height={height}
      itemHeight={46}
      blockNode
      showLine={{ showLeafIcon: false }}
      selectedKeys={selectedId ? [selectedId] : []}
      expandedKeys={expandedKeys}
      onExpand={(keys) => onExpand(keys.map(String))}
      onSelect={(keys, e) => {
        const k = keys[0] ?? e.node.key;
        if (k !== undefined) onSelect(String(k));
      }}
      draggable={readOnly ? false : { icon: false }}
      allowDrop={allowDrop}
      onDrop={onDrop}
      titleRender={(item) => {
        const n = index.byId.get(item.key);
        return n ? <NodeRow n={n} index={index} warnings={warnings.get(n.id)} /> : item.title;
      }}
    />
  );
});

function NodeRow({ n, index, warnings }: { n: PlanNode; index: TreeIndex; warnings?: PlanWarning[] }) {
  const unresolved = new Set(n.unresolvedUnits);
  const items = n.kind === 'task' ? itemCount(index, n.id) : 0;
  const details = n.kind === 'task' || n.kind === 'item';
  const hasDetails = details && (n.leadUnits.length > 0 || n.coUnits.length > 0 || n.deadlines.length > 0 || n.targets.length > 0 || n.recurrences.length > 0 || items > 0);
  return (
    <div className="pt-row" data-node={n.id}>
      <div className="pt-line">
        <Tag color={KIND_COLORS[n.kind]} className="pt-kind">
          {NODE_KIND_LABELS[n.kind]}
        </Tag>
        <span className="pt-id">{n.id}</span>
        <span className="pt-title" title={n.title}>
          {n.title}
        </span>
        {warnings?.length ? (
          <Tooltip title={warnings.map((w) => w.message).join('\n')}>
            <WarningFilled className="pt-warn" aria-label={`${warnings.length} 条提示`} />
          </Tooltip>
        ) : null}
      </div>
      {hasDetails && (
        <div className="pt-line pt-details">
          {n.leadUnits.map((u) => (
            <UnitTag key={u} name={u} role="lead" unresolved={unresolved.has(u)} />
          ))}
          {n.coUnits.slice(0, 2).map((u) => (
            <UnitTag key={u} name={u} role="co" unresolved={unresolved.has(u)} />
          ))}
          {n.coUnits.length > 2 && (
            <Tooltip title={`配合：${n.coUnits.join('、')}`}>
              <Tag className="pt-more">+{n.coUnits.length - 2}</Tag>
            </Tooltip>
          )}
          {n.deadlines.map((d, i) => (
            <Tooltip key={`d${i}`} title={`${d.text || '手工填写'}：${describeDeadline(d)}`}>
              <span className="pt-date">
                <ClockCircleOutlined /> {d.kind === 'ongoing' ? '长期' : (d.date ?? '待定')}
              </span>
            </Tooltip>
          ))}
          {n.targets.length > 0 && (
            <Tooltip title={n.targets.map(describeTarget).join('\n')}>
              <span className="pt-target">
                <AimOutlined /> {n.targets.length === 1 ? `${n.targets[0].value}${n.targets[0].unit}` : `${n.targets.length} 项指标`}
              </span>
            </Tooltip>
          )}
          {n.recurrences.length > 0 && (
            <Tooltip title={n.recurrences.map((r) => r.text).join('、')}>
              <span className="pt-rec">
                <SyncOutlined /> {n.recurrences[0].text}
              </span>
            </Tooltip>
          )}
          {items > 0 && <span className="pt-count">{items} 条</span>}
        </div>
      )}
    </div>
  );
}

function UnitTag({ name, role, unresolved }: { name: string; role: 'lead' | 'co'; unresolved: boolean }) {
  const tag = (
    <Tag color={unresolved ? 'orange' : role === 'lead' ? 'magenta' : 'blue'} className="pt-unit">
      {role === 'lead' ? '牵头 ' : ''}
      {name}
    </Tag>
  );
  return unresolved ? <Tooltip title={`“${name}”未能在组织机构库中找到：导入时按原文保留，请核对或改为库中单位`}>{tag}</Tooltip> : tag;
}

/** Height of an element, kept up to date (for the virtualised tree); pass the callback as `ref`. */
export function useElementHeight<T extends HTMLElement>(): [(el: T | null) => void, number] {
  const [h, setH] = useState(400);
  const observer = useRef<ResizeObserver | null>(null);
  const ref = useCallback((el: T | null) => {
    observer.current?.disconnect();
    observer.current = null;
    if (!el) return;
    const measure = () => setH(Math.max(200, Math.floor(el.clientHeight)));
    measure();
    observer.current = new ResizeObserver(measure);
    observer.current.observe(el);
  }, []);
  return [ref, h];
}
