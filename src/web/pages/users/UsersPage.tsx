import { useState } from 'react';
import { keepPreviousData, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { call, invalidate, useApiQuery } from '../../lib/client';
import { useOrg } from '../../lib/reference';
import { applyServerErrors } from '../../components/forms';
import { ROLE_LABELS, ROLES, type Role } from '../../../shared/access';
import type { UserView } from '../../../shared/contracts/users';
import { usersApi } from '../../../shared/contracts/platform.api';
import { orgApi } from '../../../shared/contracts/org.api';

/** User administration: accounts, roles, unit (or enterprise), lockout, password reset. */
export default function UsersPage() {
  const qc = useQueryClient();
  const { message, modal } = App.useApp();
  const [q, setQ] = useState<string>();
  const [role, setRole] = useState<Role>();
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<UserView | 'new' | null>(null);
  const { data, isFetching } = useApiQuery(usersApi.list, { query: { q, role, page, pageSize: 20 } }, { placeholderData: keepPreviousData });
  const refresh = () => invalidate(qc, 'users');
  const showPassword = (title: string, password: string) =>
    modal.info({
      title,
      content: (
        <div>
          <Typography.Paragraph>请把以下初始密码告知用户（只显示这一次，首次登录须修改）：</Typography.Paragraph>
          <Typography.Paragraph copyable code style={{ fontSize: 16 }}>
            {password}
          </Typography.Paragraph>
        </div>
      ),
    });
  return (
    <Card
      title="用户与角色"
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          新建用户
        </Button>
      }
    >
      <div className="page-toolbar">
        <Input.Search allowClear placeholder="用户名、姓名或单位" onSearch={(v) => { setQ(v || undefined); setPage(1); }} style={{ width: 240 }} />
        <Select allowClear placeholder="角色" style={{ width: 160 }} value={role} onChange={(v) => { setRole(v); setPage(1); }} options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))} />
      </div>
      <Table<UserView>
        rowKey="id"
        size="middle"
        loading={isFetching}
        dataSource={data?.items}
        pagination={{ current: page, pageSize: 20, total: data?.total ?? 0, onChange: setPage, showTotal: (t) => `共 ${t} 个用户` }}
        columns={[
          { title: '用户名', dataIndex: 'username', width: 130 },
          { title: '姓名', dataIndex: 'displayName', width: 180 },
          { title: '角色', dataIndex: 'roles', width: 200, render: (r: string[]) => r.map((x) => <Tag key={x}>{ROLE_LABELS[x as keyof typeof ROLE_LABELS] ?? x}</Tag>) },
          { title: '所属单位 / 企业', render: (_: unknown, u) => u.unitName ?? u.enterpriseName },
          {
            title: '状态',
            width: 120,
            render: (_: unknown, u) => (
              <Space size={4}>
                {u.active ? <Tag color="green">启用</Tag> : <Tag>停用</Tag>}
                {u.locked && <Tag color="red">已锁定</Tag>}
              </Space>
            ),
          },
          { title: '最近登录', dataIndex: 'lastLoginAt', width: 150, render: (v: string | null) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm') : '—') },
          {
            title: '操作',
            width: 220,
            render: (_: unknown, u) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => setEditing(u)}>
                  编辑
                </Button>
                <Popconfirm
                  title="重置该用户的密码？"
                  description="将生成新密码，用户须在下次登录时修改；其已登录的会话会被终止。"
                  onConfirm={async () => {
                    const r = await call(usersApi.resetPassword, { params: { id: u.id }, body: {} });
                    showPassword(`已重置 ${u.username} 的密码`, r.password);
                  }}
                >
                  <Button type="link" size="small">
                    重置密码
                  </Button>
                </Popconfirm>
                {u.locked && (
                  <Button
                    type="link"
                    size="small"
                    onClick={async () => {
                      await call(usersApi.unlock, { params: { id: u.id }, body: {} });
                      message.success('已解除锁定');
                      await refresh();
                    }}
                  >
                    解锁
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      {editing && (
        <UserEditor
          user={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={async (pw) => {
            setEditing(null);
            await refresh();
            if (pw) showPassword('用户已创建', pw);
          }}
        />
      )}
    </Card>
  );
}

function UserEditor({ user, onClose, onSaved }: { user: UserView | null; onClose: () => void; onSaved: (initialPassword?: string) => void }) {
  const [form] = Form.useForm();
  const { message } = App.useApp();
  const { data: org } = useOrg();
  const [busy, setBusy] = useState(false);
  const [entSearch, setEntSearch] = useState('');
  const roles: string[] = Form.useWatch('roles', form) ?? user?.roles ?? [];
  const isEnterprise = roles.includes('enterprise');
  const { data: ents } = useApiQuery(orgApi.listEnterprises, isEnterprise ? { query: { q: entSearch || undefined, pageSize: 20 } } : null);
  const save = async () => {
    const v = await form.validateFields();
    setBusy(true);
    const body = { ...v, unitId: isEnterprise ? null : v.unitId ?? null, enterpriseId: isEnterprise ? v.enterpriseId ?? null : null, phone: v.phone || null, idNumber: v.idNumber || undefined };
    try {
      if (user) {
        await call(usersApi.update, { params: { id: user.id }, body: { displayName: body.displayName, roles: body.roles, unitId: body.unitId, enterpriseId: body.enterpriseId, phone: body.phone, idNumber: body.idNumber, active: body.active } });
        message.success('已保存');
        onSaved();
      } else {
        const r = await call(usersApi.create, { body });
        onSaved(r.initialPassword);
      }
    } catch (e) {
      applyServerErrors(form, e, message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={user ? `编辑用户：${user.username}` : '新建用户'} onOk={save} onCancel={onClose} confirmLoading={busy} okText="保存" width={560}>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} message="单位决定数据范围：安委办看全区，行业部门看本部门监管的行业领域，街道看本辖区，企业只看本企业。角色决定可做的操作。" />
      <Form form={form} layout="vertical" initialValues={user ? { ...user, idNumber: undefined } : { roles: [], active: true }}>
        {!user && (
          <Form.Item name="username" label="用户名" rules={[{ required: true, message: '请输入用户名' }, { pattern: /^[A-Za-z0-9][A-Za-z0-9._-]{2,31}$/, message: '3–32 位字母、数字或 . _ -' }]}>
            <Input />
          </Form.Item>
        )}
        <Form.Item name="displayName" label="姓名" rules={[{ required: true, message: '请输入姓名' }]}>
          <Input />
        </Form.Item>
        <Form.Item name="roles" label="角色" rules={[{ required: true, message: '至少选择一个角色' }]}>
          <Select mode="multiple" options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))} />
        </Form.Item>
        {isEnterprise ? (
          <Form.Item name="enterpriseId" label="所属企业" rules={[{ required: true, message: '请选择企业' }]}>
            <Select
              showSearch
              filterOption={false}
              onSearch={setEntSearch}
              options={[...(user?.enterpriseId ? [{ value: user.enterpriseId, label: user.enterpriseName }] : []), ...(ents?.items ?? []).filter((e) => e.id !== user?.enterpriseId).map((e) => ({ value: e.id, label: e.name }))]}
              placeholder="输入企业名称搜索"
            />
          </Form.Item>
        ) : (
          <Form.Item name="unitId" label="所属单位" rules={[{ required: true, message: '请选择单位' }]}>
            <Select showSearch optionFilterProp="label" options={(org?.units ?? []).map((u) => ({ value: u.id, label: u.shortName }))} />
          </Form.Item>
        )}
        <Form.Item name="phone" label="手机号">
          <Input />
        </Form.Item>
        <Form.Item name="idNumber" label="身份证号" extra={user?.idNumber ? `已登记：${user.idNumber}（加密存储；不修改请留空）` : '可选，加密存储，按权限脱敏显示'}>
          <Input maxLength={18} />
        </Form.Item>
        {!user && (
          <Form.Item name="password" label="初始密码" extra="留空则自动生成；至少 10 位，含大写、小写、数字、符号中的 3 类">
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        )}
        {user && (
          <Form.Item name="active" label="启用" valuePropName="checked">
            <Switch />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
