import type { CSSProperties } from 'react';
import { Link } from 'react-router';
import { Tag, Tooltip } from 'antd';
import { useAuth } from '../lib/auth';
import type { DishonestFlag } from '../../shared/contracts/org';

/** The tooltip of the 失信 tag: the entry's reason and period when the view carries them. */
export function creditFlagText(flag: DishonestFlag | true): string {
  if (flag === true) return '列入安全生产严重失信主体名单（在有效期内）';
  return `列入安全生产严重失信主体名单：${flag.reason}（${flag.startsOn} 至 ${flag.endsOn}）${flag.underRepair ? '；信用修复申请审核中' : ''}`;
}

/**
 * The red 失信 tag shown beside an enterprise's name wherever it appears (registry, hazard ledger,
 * inspection targets, risk lists) while the enterprise is on the 严重失信主体名单. `flag` is the
 * view's entry (`dishonest` of an enterprise, `enterpriseDishonest` of a hazard) or a plain boolean;
 * nothing is rendered when it is null/false. The list is public: the enterprise's own users see it
 * too. The tag links to the list — 执法检查 › 失信名单 for users who may read it (the enterprise
 * there applies for 信用修复), otherwise the public /public/enforcement page.
 */
export function CreditFlag({ flag, style }: { flag: DishonestFlag | boolean | null | undefined; style?: CSSProperties }) {
  const { can } = useAuth();
  if (!flag) return null;
  const to = can('inspection.read') ? '/inspection/credit' : '/public/enforcement';
  return (
    <Tooltip title={creditFlagText(flag)}>
      <Link to={to} onClick={(e) => e.stopPropagation()} data-testid="credit-flag" aria-label={creditFlagText(flag)} style={{ display: 'inline-block' }}>
        <Tag color="red" style={{ cursor: 'pointer', ...style }}>
          失信
        </Tag>
      </Link>
    </Tooltip>
  );
}
