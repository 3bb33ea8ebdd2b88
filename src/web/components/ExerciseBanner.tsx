import { Link } from 'react-router';
import { Alert } from 'antd';
import { FlagOutlined } from '@ant-design/icons';
import { useApiQuery } from '../lib/client';
import { useAuth } from '../lib/auth';
import { emergencyApi } from '../../shared/contracts/emergency.api';
import { EXERCISE_MARK } from '../../shared/emergency/plans';

/**
 * Exercise mode (演练模式): while a drill of the user's unit (as organiser or participant) runs, every
 * screen shows this banner so no one mistakes the exercise for a real event.
 */
export function ExerciseBanner() {
  const { can } = useAuth();
  const { data } = useApiQuery(emergencyApi.drillActive, can('emergency.read') ? {} : null, { refetchInterval: 60_000, staleTime: 30_000 });
  if (!data?.drills.length) return null;
  return (
    <Alert
      type="error"
      banner
      icon={<FlagOutlined />}
      data-testid="exercise-banner"
      style={{ fontWeight: 600 }}
      message={
        <span>
          {EXERCISE_MARK}演练进行中：
          {data.drills.map((d, i) => (
            <span key={d.id}>
              {i > 0 && '；'}
              <Link to={`/emergency/drills/${d.id}`}>{`${d.ownerName}「${d.title}」（${d.type}）`}</Link>
            </span>
          ))}
          。期间的通知与操作均属演练，非真实事件。
        </span>
      }
    />
  );
}
