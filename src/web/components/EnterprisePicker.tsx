import { useState, type CSSProperties } from 'react';
import { Select } from 'antd';
import { useApiQuery } from '../lib/client';
import { orgApi } from '../../shared/contracts/org.api';

/**
 * Search an enterprise of the user's scope by name or credit code (the org module's list). `id` is
 * the form item's, so the item's label names the field; a chosen enterprise not on the current page
 * of results is shown by its name (initialName, or read once).
 */
export function EnterprisePicker({
  id,
  value,
  onChange,
  initialName,
  disabled,
  allowClear,
  style,
  placeholder = '输入企业名称或信用代码搜索',
}: {
  id?: string;
  value?: string;
  onChange?: (v: string) => void;
  initialName?: string;
  disabled?: boolean;
  allowClear?: boolean;
  style?: CSSProperties;
  placeholder?: string;
}) {
  const [q, setQ] = useState('');
  const { data, isFetching } = useApiQuery(orgApi.listEnterprises, { query: { q: q || undefined, pageSize: 20 } }, { staleTime: 30_000 });
  const options = (data?.items ?? []).map((e) => ({ value: e.id, label: `${e.name}（${e.regionName}）` }));
  const missing = !!value && !options.some((o) => o.value === value);
  const { data: current } = useApiQuery(orgApi.getEnterprise, missing && !initialName ? { params: { id: value! } } : null);
  if (missing) options.unshift({ value: value!, label: initialName ?? (current ? `${current.name}（${current.regionName}）` : '…') });
  return (
    <Select
      id={id}
      showSearch
      allowClear={allowClear}
      value={value}
      onChange={onChange}
      disabled={disabled}
      filterOption={false}
      onSearch={setQ}
      loading={isFetching}
      style={style}
      placeholder={placeholder}
      options={options}
      notFoundContent={isFetching ? '搜索中…' : '无匹配企业'}
    />
  );
}
