import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { api, type PageResult } from '../../lib/api';
import type { EnterpriseView } from '../../../shared/contracts/org';

/** Search an enterprise of the user's scope by name or credit code (id: the form item's, so its label names the field). */
export function EnterprisePicker({ id, value, onChange, initialName, disabled }: { id?: string; value?: string; onChange?: (v: string) => void; initialName?: string; disabled?: boolean }) {
  const [q, setQ] = useState('');
  const { data, isFetching } = useQuery({
    queryKey: ['enterprise-picker', q],
    queryFn: () => api.get<PageResult<EnterpriseView>>('/api/enterprises', { q: q || undefined, pageSize: 20 }),
    staleTime: 30_000,
  });
  const options = (data?.items ?? []).map((e) => ({ value: e.id, label: `${e.name}（${e.regionName}）` }));
  const missing = !!value && !options.some((o) => o.value === value);
  const { data: current } = useQuery({ queryKey: ['enterprise', value], queryFn: () => api.get<EnterpriseView>(`/api/enterprises/${value}`), enabled: missing && !initialName });
  if (missing) options.unshift({ value: value!, label: initialName ?? (current ? `${current.name}（${current.regionName}）` : '…') });
  return (
    <Select
      id={id}
      showSearch
      value={value}
      onChange={onChange}
      disabled={disabled}
      filterOption={false}
      onSearch={setQ}
      loading={isFetching}
      placeholder="输入企业名称或信用代码搜索"
      options={options}
      notFoundContent={isFetching ? '搜索中…' : '无匹配企业'}
    />
  );
}
