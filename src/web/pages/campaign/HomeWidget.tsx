import { lazy, Suspense } from 'react';

const MyTasksWidget = lazy(() => import('./MyTasksWidget').then((m) => ({ default: m.MyTasksWidget })));

/** Home page card “我的任务”; the card's code loads on demand without holding up the home page. */
export default function CampaignHomeWidget() {
  return (
    <Suspense fallback={null}>
      <MyTasksWidget />
    </Suspense>
  );
}
