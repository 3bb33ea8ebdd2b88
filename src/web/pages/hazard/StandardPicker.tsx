import { Form, Select, Typography } from 'antd';
import { useApiQuery } from '../../lib/client';
import { hazardApi } from '../../../shared/contracts/hazard.api';

export function useStandards() {
  return useApiQuery(hazardApi.standards, {}, { staleTime: Infinity });
}

/**
 * 判定依据 for a 重大 grading: the standard, then its item (with the item's text shown), as the
 * form fields standardRef.standard / standardRef.item. Standards written for the sector come first.
 */
export function StandardPicker({ sector }: { sector?: string }) {
  const { data } = useStandards();
  const form = Form.useFormInstance();
  const standardId = Form.useWatch(['standardRef', 'standard'], form) as string | undefined;
  const itemNo = Form.useWatch(['standardRef', 'item'], form) as string | undefined;
  const list = [...(data ?? [])].sort((a, b) => Number(!!sector && b.sectors.includes(sector)) - Number(!!sector && a.sectors.includes(sector)));
  const std = list.find((s) => s.id === standardId);
  const item = std?.items.find((i) => i.item === itemNo);
  return (
    <>
      <Form.Item name={['standardRef', 'standard']} label="判定标准" rules={[{ required: true, message: '重大隐患须选择判定标准' }]}>
        <Select
          placeholder="选择重大事故隐患判定标准"
          options={list.map((s) => ({ value: s.id, label: `${s.name}（${s.number.replace(/（.*$/, '')}）` }))}
          onChange={() => form.setFieldValue(['standardRef', 'item'], undefined)}
          aria-label="判定标准"
        />
      </Form.Item>
      <Form.Item name={['standardRef', 'item']} label="条款" rules={[{ required: true, message: '请选择条款' }]} extra={item ? <Typography.Text type="secondary">{item.text}</Typography.Text> : undefined}>
        <Select
          showSearch
          disabled={!std}
          placeholder="选择条款（可输入关键字搜索）"
          optionFilterProp="label"
          options={(std?.items ?? []).map((i) => ({ value: i.item, label: `${i.label}\u3000${i.text.slice(0, 60)}` }))}
          aria-label="条款"
        />
      </Form.Item>
    </>
  );
}
