import { useEffect, type ReactNode } from 'react';
import { Shell } from './components/Shell.tsx';
import { Button, Spinner, ToastProvider } from './components/ui.tsx';
import { ActivitiesPage } from './pages/ActivitiesPage.tsx';
import { ActivityFormPage } from './pages/ActivityFormPage.tsx';
import { ActivityStatsPage } from './pages/ActivityStatsPage.tsx';
import { AuthPage } from './pages/AuthPage.tsx';
import { DashboardPage } from './pages/DashboardPage.tsx';
import { DataPage } from './pages/DataPage.tsx';
import { EntriesPage } from './pages/EntriesPage.tsx';
import { GoalFormPage } from './pages/GoalFormPage.tsx';
import { GoalsPage } from './pages/GoalsPage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { NotificationsPage } from './pages/NotificationsPage.tsx';
import { ProfilePage } from './pages/ProfilePage.tsx';
import { TodayPage } from './pages/TodayPage.tsx';
import { match, navigate, useLocation } from './router.tsx';
import { SessionProvider, useSession } from './session.tsx';

export function App() {
  return (
    <SessionProvider>
      <ToastProvider>
        <Root />
      </ToastProvider>
    </SessionProvider>
  );
}

const PUBLIC_PATHS = ['/signin', '/register'];

function Root() {
  const { state, retry } = useSession();
  const { path } = useLocation();

  useEffect(() => {
    if (state.status === 'signed_out' && !PUBLIC_PATHS.includes(path)) navigate('/signin', { replace: true });
    if (state.status === 'signed_in' && (PUBLIC_PATHS.includes(path) || path === '/')) navigate('/today', { replace: true });
  }, [state.status, path]);

  if (state.status === 'loading') return <Splash><Spinner label="Opening Mosaic…" /></Splash>;
  if (state.status === 'unavailable')
    return (
      <Splash>
        <p role="alert">{state.message}</p>
        <Button variant="primary" onClick={retry}>
          Try again
        </Button>
      </Splash>
    );
  if (state.status === 'signed_out') return <AuthPage mode={path === '/register' ? 'register' : 'signin'} notice={state.why} />;
  return <Shell>{page(path)}</Shell>;
}

function Splash({ children }: { children: ReactNode }) {
  return <div className="splash">{children}</div>;
}

function page(path: string): ReactNode {
  let m: Record<string, string> | null;
  if (path === '/today' || path === '/' || PUBLIC_PATHS.includes(path)) return <TodayPage />;
  if (path === '/dashboard') return <DashboardPage />;
  if (path === '/activities') return <ActivitiesPage />;
  if (path === '/activities/new') return <ActivityFormPage key="new" />;
  if ((m = match('/activities/:id/edit', path))) return <ActivityFormPage key={m.id} id={m.id} />;
  if ((m = match('/activities/:id', path))) return <ActivityStatsPage key={m.id} id={m.id!} />;
  if (path === '/goals') return <GoalsPage />;
  if (path === '/goals/new') return <GoalFormPage key="new" />;
  if ((m = match('/goals/:id/edit', path))) return <GoalFormPage key={m.id} id={m.id} />;
  if (path === '/entries') return <EntriesPage />;
  if (path === '/notifications') return <NotificationsPage />;
  if (path === '/data') return <DataPage />;
  if (path === '/profile') return <ProfilePage />;
  return <NotFoundPage />;
}
