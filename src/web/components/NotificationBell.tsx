import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Empty, List, Popover, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import dayjs from 'dayjs';
import { api } from '../lib/api';

interface Notification {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  readAt: string | null;
  createdAt: string;
}

/** In-app notifications (reminders, escalations, alarms) of the user and its unit. */
export function NotificationBell() {
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { data } = useQuery({
    queryKey: ['notifications'],
    queryFn: () => api.get<{ items: Notification[]; unread: number }>('/api/notifications', { pageSize: 20 }),
    refetchInterval: 60_000,
  });
  const markRead = async (n: Notification) => {
    if (!n.readAt) await api.post(`/api/notifications/${n.id}/read`);
    await qc.invalidateQueries({ queryKey: ['notifications'] });
    if (n.link) navigate(n.link);
  };
  const content = (
    <div style={{ width: 360, maxHeight: 420, overflow: 'auto' }}>
      {data && data.items.length ? (
        <List
          size="small"
          dataSource={data.items}
          renderItem={(n) => (
            <List.Item style={{ cursor: 'pointer', opacity: n.readAt ? 0.6 : 1 }} onClick={() => void markRead(n)}>
              <List.Item.Meta
                title={<Typography.Text strong={!n.readAt}>{n.title}</Typography.Text>}
                description={
                  <>
                    <div>{n.body}</div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {dayjs(n.createdAt).format('YYYY-MM-DD HH:mm')}
                    </Typography.Text>
                  </>
                }
              />
            </List.Item>
          )}
        />
      ) : (
        <Empty description="暂无通知" image={Empty.PRESENTED_IMAGE_SIMPLE} />
      )}
      {data && data.unread > 0 && (
        <Button
          type="link"
          size="small"
          onClick={async () => {
            await api.post('/api/notifications/read-all');
            await qc.invalidateQueries({ queryKey: ['notifications'] });
          }}
        >
          全部标为已读
        </Button>
      )}
    </div>
  );
  return (
    <Popover content={content} title="通知" trigger="click" placement="bottomRight">
      <Badge count={data?.unread ?? 0} size="small">
        <BellOutlined style={{ fontSize: 18, cursor: 'pointer' }} aria-label="通知" />
      </Badge>
    </Popover>
  );
}
