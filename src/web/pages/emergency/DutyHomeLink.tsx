import { Alert, Button } from 'antd';
import { PhoneOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useMe } from '../../lib/auth';
import { useApiQuery } from '../../lib/client';
import { emergencyApi } from '../../../shared/contracts/emergency.api';

/** Home page line “当前值班”: who is on duty in the user's unit now, one click to the district's duty list. */
export default function DutyHomeLink() {
  const me = useMe();
  const navigate = useNavigate();
  const allowed = me.permissions.includes('emergency.duty.read');
  const { data } = useApiQuery(emergencyApi.dutyNow, allowed ? {} : null);
  if (!allowed || !data) return null;
  const m = data.mine;
  return (
    <Alert
      type="info"
      showIcon
      icon={<PhoneOutlined />}
      style={{ marginBottom: 16 }}
      data-testid="duty-home"
      message={m ? `当前值班（${m.unitName}）：带班领导 ${m.leaderName}${m.leaderPhone ? ` ${m.leaderPhone}` : ''}，值班员 ${m.officerName}${m.officerPhone ? ` ${m.officerPhone}` : ''}` : `全区当前在岗值班 ${data.district.length} 个单位`}
      action={
        <Button size="small" type="link" onClick={() => navigate('/emergency/duty/now')}>
          全区值班
        </Button>
      }
    />
  );
}
