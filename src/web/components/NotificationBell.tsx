import { Badge, Button, Empty, List, Popover, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useApiMutation, useApiQuery } from '../lib/client';
import { notificationsApi, type NotificationView } from '../../shared/contracts/platform.api';
import { formatDateTime } from '../../shared/time';

/** In-app notifications (reminders, escalations, alarms) of the user and its unit. */
export function NotificationBell() {
  const navigate = useNavigate();
  const { data } = useApiQuery(notificationsApi.list, { query: { pageSize: 20 } }, { refetchInterval: 60_000 });
  const read = useApiMutation(notificationsApi.read, { invalidates: ['notifications'] });
  const readAll = useApiMutation(notificationsApi.readAll, { invalidates: ['notifications'] });
  const markRead = async (n: NotificationView) => {
    if (!n.readAt) await read.mutateAsync({ params: { id: n.id }, body: {} }).catch(() => undefined);
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
                      {formatDateTime(n.createdAt)}
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
          loading={readAll.isPending}
          onClick={() => readAll.mutate({ body: {} })}
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
