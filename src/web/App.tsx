import { Suspense } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { AuthProvider, useAuth } from './lib/auth';
import { ApiError } from './lib/api';
import { AppLayout } from './components/AppLayout';
import { LoginPage } from './pages/LoginPage';
import { ChangePasswordPage } from './pages/ChangePasswordPage';
import { PAGES, PUBLIC_PAGES } from './modules';

dayjs.locale('zh-cn');

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: (count, err) => !(err instanceof ApiError && err.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});

function Protected() {
  const { me, loading, mustChangePassword } = useAuth();
  if (loading) return <Spin fullscreen tip="加载中…" />;
  if (!me) return <Navigate to="/login" replace />;
  if (mustChangePassword) return <ChangePasswordPage forced />;
  return (
    <AppLayout>
      <Suspense fallback={<Spin style={{ margin: 48 }} />}>
        <Routes>
          {PAGES.filter((p) => !p.permission || me.permissions.includes(p.permission)).map((p) => (
            <Route key={p.path} path={p.path} element={<p.component />} />
          ))}
          <Route path="/account/password" element={<ChangePasswordPage />} />
          <Route path="*" element={<NotFoundInApp />} />
        </Routes>
      </Suspense>
    </AppLayout>
  );
}

function NotFoundInApp() {
  return <div style={{ padding: 48, textAlign: 'center', color: '#888' }}>页面不存在，或您没有访问该页面的权限。</div>;
}

export function App() {
  return (
    <ConfigProvider locale={zhCN} theme={{ token: { colorPrimary: '#1d4ed8', borderRadius: 4 } }}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <Suspense fallback={<Spin fullscreen />}>
              <Routes>
                {PUBLIC_PAGES.map((p) => (
                  <Route key={p.path} path={p.path} element={<p.component />} />
                ))}
                <Route
                  path="/*"
                  element={
                    <AuthProvider>
                      <Routes>
                        <Route path="/login" element={<LoginPage />} />
                        <Route path="/*" element={<Protected />} />
                      </Routes>
                    </AuthProvider>
                  }
                />
              </Routes>
            </Suspense>
          </BrowserRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
