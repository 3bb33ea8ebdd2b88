import { describe, expect, it } from 'vitest';
import { findTargets } from './targets.js';

function targets(text: string) {
  return findTargets(text, 0, text.length, []).map((t) => ({
    value: t.value,
    ...(t.valueMax !== undefined ? { valueMax: t.valueMax } : {}),
    unit: t.unit,
    comparator: t.comparator,
    subject: t.subject,
  }));
}

describe('targets', () => {
  const cases: Array<[string, Array<Record<string, unknown>>]> = [
    ['2022年底前具有安全生产相关专业学历和实践经验的执法人员不低于在职人员的75%。', [{ value: 75, unit: '%', comparator: '>=', subject: '具有安全生产相关专业学历和实践经验的执法人员' }]],
    ['自动化控制系统装备和使用率必须达到100%；', [{ value: 100, unit: '%', comparator: '>=', subject: '自动化控制系统装备和使用率' }]],
    ['到2020年底，80%以上养老机构食堂食品安全量化等级达到良好。', [{ value: 80, unit: '%', comparator: '>=', subject: '养老机构食堂食品安全量化等级' }]],
    ['2022年底前园区安全监管信息共享平台建成率100%。', [{ value: 100, unit: '%', comparator: '=', subject: '园区安全监管信息共享平台建成率' }]],
    ['2021年度前完成管道法定检验覆盖率100%；', [{ value: 100, unit: '%', comparator: '=', subject: '管道法定检验覆盖率' }]],
    ['死亡人数控制在5人以内。', [{ value: 5, unit: '人', comparator: '<=', subject: '死亡人数' }]],
    ['重大隐患整改率不得低于99.5%。', [{ value: 99.5, unit: '%', comparator: '>=', subject: '重大隐患整改率' }]],
    ['空置率不超过30%。', [{ value: 30, unit: '%', comparator: '<=', subject: '空置率' }]],
    ['培训覆盖率超过90%。', [{ value: 90, unit: '%', comparator: '>', subject: '培训覆盖率' }]],
    ['事故起数下降10%以上。', [{ value: 10, unit: '%', comparator: '>=', subject: '事故起数下降' }]],
    ['在三年行动期间，组织1-2次综合性应急救援演练。', [{ value: 1, valueMax: 2, unit: '次', comparator: 'between', subject: '综合性应急救援演练' }]],
    ['全年组织不少于3次联合执法。', [{ value: 3, unit: '次', comparator: '>=', subject: '联合执法' }]],
    ['建成10个以上安全社区。', [{ value: 10, unit: '个', comparator: '>=', subject: '安全社区' }]],
    // not targets
    ['消防控制室值班人员每班是否至少2人。', []],
    ['彻底消除军工系统10人以上危险作业场所。', []],
    ['重点打击5类非法行为，整治18类违法违规行为。', []],
    ['对重大危险源每季度至少开展1次检查。', []],
    ['充分发挥12350举报电话作用，两侧各5米范围内。', []],
  ];
  for (const [text, expected] of cases) {
    it(text, () => expect(targets(text)).toEqual(expected));
  }

  it('reports the span of the comparator and the number', () => {
    const text = '执法人员不低于在职人员的75%。';
    const [t] = findTargets(text, 0, text.length, []);
    expect(text.slice(t.start, t.end)).toBe('不低于在职人员的75%');
    expect(t.text).toBe('不低于在职人员的75%');
  });
});
