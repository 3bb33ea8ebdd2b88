import { describe, expect, it } from 'vitest';
import { normalizePlanText } from './normalize.js';

describe('normalisation of damaged plan text', () => {
  it('drops page numbers in their usual forms', () => {
    const text = ['一、总体要求', '—1—', '- 3 -', '第 3 页', '第3页 共10页', '3/10', '12', '以习近平新时代中国特色社会主义思想为指导。'].join('\n');
    expect(normalizePlanText(text)).toBe('一、总体要求\n以习近平新时代中国特色社会主义思想为指导。');
  });

  it('joins a sentence split across lines and pages', () => {
    const text = '经区委区政府同意，深入开展安全生产专项整治三年行动，严\n\n- 2 -\n\n防事故发生，全面维护人民群众生命财产安全。';
    expect(normalizePlanText(text)).toBe('经区委区政府同意，深入开展安全生产专项整治三年行动，严防事故发生，全面维护人民群众生命财产安全。');
  });

  it('joins an item marker split from its text ("三\\n是加强…")', () => {
    expect(normalizePlanText('1.公路工程。一是甲。二是乙。信息化管理手段。三\n\n是加强超限超载管理。')).toBe('1.公路工程。一是甲。二是乙。信息化管理手段。三是加强超限超载管理。');
  });

  it('keeps headings, titles, signatures and dates on their own lines', () => {
    const text = [
      '某区安全生产委员会文件',
      '某安〔2021〕3号',
      '某区安全生产专项整治三年行动方案',
      '为深入贯彻落实有关部署，制定本方案。',
      '（一）认真落实 4 个专题任务',
      '1.深入学习专题。一是集中开展学习教育。',
      '某区安全生产委员会',
      '2021年3月1日',
    ].join('\n');
    expect(normalizePlanText(text).split('\n')).toEqual([
      '某区安全生产委员会文件',
      '某安〔2021〕3号',
      '某区安全生产专项整治三年行动方案',
      '为深入贯彻落实有关部署，制定本方案。',
      '（一）认真落实4个专题任务',
      '1.深入学习专题。一是集中开展学习教育。',
      '某区安全生产委员会',
      '2021年3月1日',
    ]);
  });

  it('does not join the paragraph after a closing responsibility clause', () => {
    expect(normalizePlanText('4.基础工程。内容。（区应急局牵头，相关部门配合）\n以上实施方案由各部门具体制定。').split('\n')).toHaveLength(2);
  });

  it('repairs spaced glyphs, full-width digits and punctuation, markdown and "and" noise', () => {
    expect(normalizePlanText('# 安 全 生 产 专 项 整 治')).toBe('安全生产专项整治');
    expect(normalizePlanText('到 2022 年底前完成，重点打击 5 类非法行为。')).toBe('到2022年底前完成，重点打击5类非法行为。');
    expect(normalizePlanText('２０２５年６月３０日前完成１．５米')).toBe('2025年6月30日前完成1.5米');
    expect(normalizePlanText('(一)加强领导\n１．落实责任(区应急局牵头,相关部门配合);')).toBe('（一）加强领导\n1.落实责任（区应急局牵头，相关部门配合）；');
    expect(normalizePlanText('**四是**提升本质安全水平。**十四是强化应急救援能力建设。**')).toBe('四是提升本质安全水平。十四是强化应急救援能力建设。');
    expect(normalizePlanText('## 一、总体要求\n> 引用内容。\n- 列表项目。')).toBe('一、总体要求\n引用内容。\n列表项目。');
    expect(normalizePlanText('深入分析安全生产共性问题 and 突出隐患。')).toBe('深入分析安全生产共性问题和突出隐患。');
  });

  it('handles line endings, BOM, zero-width and control characters', () => {
    expect(normalizePlanText('\uFEFF一、任务\r\n1.甲\u200b乙。\r2.丙\u0007丁。')).toBe('一、任务\n1.甲乙。\n2.丙丁。');
    expect(normalizePlanText('')).toBe('');
    expect(normalizePlanText('\n\n  \n')).toBe('');
  });

  it('joins hard-wrapped lines of a PDF extraction but not its headings', () => {
    const text = [
      '二、主要任务',
      '（一）实施安全生产责任落实行动',
      '1.压实企业主体责任。推动企业建立全员安全生产责任制，',
      '2024年底前规模以上企业主要负责人安全培训考核合格率',
      '达到100%。',
      '【牵头单位】县应急局',
      '【责任单位】县工信局、县住建局',
    ].join('\n');
    expect(normalizePlanText(text).split('\n')).toEqual([
      '二、主要任务',
      '（一）实施安全生产责任落实行动',
      '1.压实企业主体责任。推动企业建立全员安全生产责任制，2024年底前规模以上企业主要负责人安全培训考核合格率达到100%。',
      '【牵头单位】县应急局',
      '【责任单位】县工信局、县住建局',
    ]);
  });
});
