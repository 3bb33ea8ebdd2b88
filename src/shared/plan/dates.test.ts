import { describe, expect, it } from 'vitest';
import { findDeadlines, findRecurrences, parseFullDate, parsePeriod, type CampaignPeriod } from './dates.js';
import { bookTitleRanges } from './text.js';

const campaign = { start: '2020-09-23', end: '2022-12-31' };

function deadlines(text: string, c: CampaignPeriod = campaign) {
  return findDeadlines(text, 0, text.length, c, bookTitleRanges(text)).map((d) => [d.date, d.kind, d.text]);
}

describe('deadlines', () => {
  const cases: Array<[string, Array<[string | null, string, string]>]> = [
    ['2021年底前完成体系建设。', [['2021-12-31', 'by', '2021年底前']]],
    ['力争到2022年底全面完成。', [['2022-12-31', 'by', '到2022年底']]],
    ['2022年底烟花爆竹企业实现在线监测。', [['2022-12-31', 'by', '2022年底']]],
    ['要在2020年10月底前建立联络网。', [['2020-10-31', 'by', '2020年10月底前']]],
    ['2020年10月前必须予以拆除。', [['2020-09-30', 'before', '2020年10月前']]],
    ['2021年1月前完成。', [['2020-12-31', 'before', '2021年1月前']]],
    ['2021年6月30日前完成。', [['2021-06-30', 'by', '2021年6月30日前']]],
    ['2021年6月30日召开推进会。', [['2021-06-30', 'on', '2021年6月30日']]],
    ['2024年第二季度完成首轮排查。', [['2024-06-30', 'during', '2024年第二季度']]],
    ['2024年三季度末前完成。', [['2024-09-30', 'by', '2024年三季度末前']]],
    ['2024年第一季度前完成。', [['2023-12-31', 'before', '2024年第一季度前']]],
    ['2024年上半年完成，2024年下半年验收。', [['2024-06-30', 'during', '2024年上半年'], ['2024-12-31', 'during', '2024年下半年']]],
    ['2022年度完成技术改造。', [['2022-12-31', 'during', '2022年度']]],
    ['2021年度前完成管道法定检验。', [['2021-12-31', 'by', '2021年度前']]],
    ['2020年，消防工作纳入网格平台。2021年，建成物联网监控系统。', [['2020-12-31', 'during', '2020年'], ['2021-12-31', 'during', '2021年']]],
    ['2025年前淘汰落后产能。', [['2024-12-31', 'before', '2025年前']]],
    ['2022年11月，区安委办全面总结评估。', [['2022-11-30', 'during', '2022年11月']]],
    ['2021年3月至6月开展集中整治。', [['2021-06-30', 'during', '2021年3月至6月']]],
    ['2021年3月底前完成排查，6月底前完成整改。', [['2021-03-31', 'by', '2021年3月底前'], ['2021-06-30', 'by', '6月底前']]],
    ['二〇二一年底前完成。', [['2021-12-31', 'by', '二〇二一年底前']]],
    ['在3年内彻底消除。', [['2022-12-31', 'campaign_end', '3年内']]],
    ['力争三年内全部轮训一遍。', [['2022-12-31', 'campaign_end', '三年内']]],
    ['在三年行动期间组织演练。', [['2022-12-31', 'campaign_end', '三年行动期间']]],
    ['两年内完成。', [['2022-09-22', 'by', '两年内']]],
    ['长期坚持，持续推进。', [[null, 'ongoing', '长期坚持'], [null, 'ongoing', '持续推进']]],
    ['完成时限：长期', [[null, 'ongoing', '长期']]],
    // not deadlines
    ['整理2000年以来的典型案例。', []],
    ['《工贸行业重大生产安全事故隐患判定标准（2017年版）》', []],
    ['按照《2020年安全生产工作要点》执行。', []],
    ['事故起数较2023年下降10%。', []],
    ['自2021年1月1日起施行。', []],
    ['依据2014年修订的安全生产法。', []],
    ['近三年内发生过事故的企业。', []],
    ['明确3年整治目标任务。', []],
    ['（GB50779-2012）和GA1531—2018。', []],
  ];
  for (const [text, expected] of cases) {
    it(text, () => expect(deadlines(text)).toEqual(expected));
  }

  it('leaves 三年内 without a date when the campaign period is unknown', () => {
    expect(deadlines('三年内完成。', { start: null, end: null })).toEqual([[null, 'campaign_end', '三年内']]);
  });
  it('leaves a month without any year in its paragraph without a date', () => {
    expect(deadlines('6月底前完成整改。')).toEqual([[null, 'by', '6月底前']]);
  });
});

describe('recurrences', () => {
  const cases: Array<[string, Array<[string, number | null, boolean]>]> = [
    ['每月报送进展。', [['month', null, false]]],
    ['每季度至少1次。', [['quarter', 1, true]]],
    ['每年组织人员进行1次健康体检。', [['year', 1, false]]],
    ['至少每半年开展一次演练。', [['halfyear', 1, true]]],
    ['逐月按方案组织实施。', [['month', null, false]]],
    ['按季度报送统计数据。', [['quarter', null, false]]],
    ['餐厨垃圾每日处理。', [['day', null, false]]],
    ['每周不少于2次巡查。', [['week', 2, true]]],
    ['事故率逐年下降，每一案例都要归档。', []],
  ];
  for (const [text, expected] of cases) {
    it(text, () => expect(findRecurrences(text, 0, text.length, []).map((r) => [r.every, r.times, r.atLeast])).toEqual(expected));
  }
});

describe('phase periods', () => {
  const cases: Array<[string, string | null, { start: string | null; end: string | null } | null]> = [
    ['从即日起至2020年9月', null, { start: '2020-09-23', end: '2020-09-30' }],
    ['2020年9月至2020年12月31日', null, { start: '2020-09-01', end: '2020-12-31' }],
    ['2021年', null, { start: '2021-01-01', end: '2021-12-31' }],
    ['2024年1-2月', null, { start: '2024-01-01', end: '2024-02-29' }],
    ['2024年1月—2月', null, { start: '2024-01-01', end: '2024-02-29' }],
    ['2024年4月至2025年12月', null, { start: '2024-04-01', end: '2025-12-31' }],
    ['2024年第三季度', null, { start: '2024-07-01', end: '2024-09-30' }],
    ['2024年3月底前', '2024-02-29', { start: '2024-03-01', end: '2024-03-31' }],
    ['2024年3月底前', null, { start: null, end: '2024-03-31' }],
    ['巩固提升', null, null],
  ];
  for (const [text, prev, expected] of cases) {
    it(text, () => expect(parsePeriod(text, '2020-09-23', prev)).toEqual(expected));
  }

  it('reads full dates in Arabic and Chinese numerals', () => {
    expect(parseFullDate('2020年9月23日')).toBe('2020-09-23');
    expect(parseFullDate('二〇二〇年九月二十三日')).toBe('2020-09-23');
    expect(parseFullDate('2021年2月30日')).toBeNull();
  });
});
