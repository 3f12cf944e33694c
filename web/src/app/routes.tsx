import { Navigate, Outlet, useRoutes, type RouteObject } from 'react-router';
import { NotFoundPage } from '../components/not-found-page.tsx';
import { Button, Spinner } from '../components/ui.tsx';
import { AuthPage } from '../features/account/auth-page.tsx';
import { ProfilePage } from '../features/account/profile-page.tsx';
import { useSession } from '../features/account/session.tsx';
import { NotificationsPage } from '../features/notifications/notifications-page.tsx';
import { AREAS } from './areas.ts';
import { Shell } from './shell/shell.tsx';

/** Until the session is known (or when it cannot be checked), a splash instead of any page. */
function Root() {
  const { state, retry } = useSession();
  if (state.status === 'loading')
    return (
      <div className="splash">
        <Spinner label="Opening Mosaic…" />
      </div>
    );
  if (state.status === 'unavailable')
    return (
      <div className="splash">
        <p role="alert">{state.message}</p>
        <Button variant="primary" onClick={retry}>
          Try again
        </Button>
      </div>
    );
  return <Outlet />;
}

/** Sign-in and registration: a signed-in user goes on to the first area. */
function PublicOnly() {
  const { state } = useSession();
  return state.status === 'signed_in' ? <Navigate to={AREAS[0]!.home} replace /> : <Outlet />;
}

/** Every other page: signed out, back to sign-in. */
function RequireUser() {
  const { state } = useSession();
  return state.status === 'signed_in' ? <Shell /> : <Navigate to="/signin" replace />;
}

/** The admin section's pages: for others, as if they did not exist. */
function RequireAdmin() {
  const { user } = useSession();
  return user.isAdmin ? <Outlet /> : <NotFoundPage />;
}

/** The route table: the public pages, then every area's routes (./areas.ts) inside the signed-in shell. */
export const routes: RouteObject[] = [
  {
    element: <Root />,
    children: [
      {
        element: <PublicOnly />,
        children: [
          { path: '/signin', element: <AuthPage mode="signin" /> },
          { path: '/register', element: <AuthPage mode="register" /> },
        ],
      },
      {
        element: <RequireUser />,
        children: [
          { index: true, element: <Navigate to={AREAS[0]!.home} replace /> },
          ...AREAS.map((area): RouteObject => (area.adminOnly ? { element: <RequireAdmin />, children: area.routes } : { children: area.routes })),
          { path: '/profile', element: <ProfilePage /> },
          { path: '/notifications', element: <NotificationsPage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
];

/** The pages, matched by React Router in declarative mode (data is TanStack Query's, so no loaders). */
export function AppRoutes() {
  return useRoutes(routes);
}
