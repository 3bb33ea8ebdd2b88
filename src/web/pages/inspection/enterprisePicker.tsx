import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { api } from '../../lib/api';
import type { PageResult } from '../../../shared/contracts/common';
import type { EnterpriseView } from '../../../shared/contracts/org';

/** Search the enterprise registry (the org module's list, in the user's scope). */
export function EnterpriseSelect({ value, onChange }: { value?: string; onChange?: (v: string) => void }) {
  const [q, setQ] = useState('');
  const { data, isFetching } = useQuery({
    queryKey: ['enterprises', { q, pageSize: 20 }],
    queryFn: () => api.get<PageResult<EnterpriseView>>('/api/enterprises', { q: q || undefined, pageSize: 20 }),
  });
  return (
    <Select
      showSearch
      value={value}
      onChange={onChange}
      filterOption={false}
      onSearch={setQ}
      loading={isFetching}
      placeholder="输入企业名称搜索"
      options={(data?.items ?? []).map((e) => ({ value: e.id, label: `${e.name}（${e.regionName}）` }))}
    />
  );
}
