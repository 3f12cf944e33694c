import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api } from '../../api/api.ts';
import type { ApiError } from '../../api/client.ts';
import type { AdminUserDetail } from '../../api/types.ts';
import { Button, ConfirmDialog, ErrorBox, PageHeader, Spinner, Stat, useToast } from '../../components/ui.tsx';
import { useTitle } from '../../lib/use-title.ts';
import { useSession } from '../account/session.tsx';
import { Outcome, TableWrap, When } from './common.tsx';
import { adminKeys, userDetail } from './queries.ts';
import { UserBackups } from './user-backups.tsx';
import { UserFlags } from './users-page.tsx';

type Action = 'disable' | 'enable' | 'grant' | 'revoke' | 'delete';

const ACTIONS: Record<Action, { label: string; title: string; body: (email: string) => string; danger?: boolean; done: string }> = {
  disable: {
    label: 'Disable',
    title: 'Disable this user?',
    body: (e) => `${e} can no longer sign in, and every session they have ends now.`,
    danger: true,
    done: 'User disabled',
  },
  enable: { label: 'Enable', title: 'Enable this user?', body: (e) => `${e} can sign in again.`, done: 'User enabled' },
  grant: {
    label: 'Make admin',
    title: 'Make this user an administrator?',
    body: (e) => `${e} gets the admin console and every admin route from their next sign-in.`,
    done: 'Admin granted',
  },
  revoke: {
    label: 'Remove admin',
    title: 'Remove administrator rights?',
    body: (e) => `${e}’s tokens stop opening admin routes at once.`,
    danger: true,
    done: 'Admin removed',
  },
  delete: {
    label: 'Delete user',
    title: 'Delete this user and all their data?',
    body: (e) => `Everything ${e} has in every area is deleted. This cannot be undone (a backup can be restored into a new account).`,
    danger: true,
    done: 'User deleted',
  },
};

function actionsFor(user: AdminUserDetail): Action[] {
  return [user.disabled ? 'enable' : 'disable', user.isAdmin ? 'revoke' : 'grant', 'delete'];
}

/** Admin → a user: profile, counts per area, last activity, sign-in history, actions and backups. */
export function UserPage({ id }: { id: string }) {
  const client = useQueryClient();
  const navigate = useNavigate();
  const toast = useToast();
  const { user: me } = useSession();
  const detail = useQuery(userDetail(id));
  const [action, setAction] = useState<Action | null>(null);
  const user = detail.data;
  useTitle(user?.email ?? 'User');

  const run = async (a: Action) => {
    if (a === 'delete') {
      await api.admin.remove(id);
      toast(ACTIONS[a].done);
      await client.invalidateQueries({ queryKey: adminKeys.all });
      void navigate('/admin/users');
      return;
    }
    const call = { disable: api.admin.disable, enable: api.admin.enable, grant: api.admin.grant, revoke: api.admin.revoke }[a];
    await call(id);
    toast(ACTIONS[a].done);
    await client.invalidateQueries({ queryKey: adminKeys.all });
  };

  return (
    <div className="page">
      <p className="small">
        <Link to="/admin/users">← Users</Link>
      </p>
      {detail.isPending && <Spinner />}
      <ErrorBox error={detail.error as ApiError | undefined} onRetry={() => void detail.refetch()} />
      {user && (
        <>
          <PageHeader
            title={user.email}
            subtitle={
              <>
                {user.displayName} · {user.timezone} <UserFlags user={user} />
                {me?.id === user.id && <span className="muted"> · you</span>}
              </>
            }
            actions={actionsFor(user).map((a) => (
              <Button key={a} size="sm" variant={a === 'delete' ? 'danger' : 'secondary'} onClick={() => setAction(a)}>
                {ACTIONS[a].label}
              </Button>
            ))}
          />
          <div className="stats-row admin-stats">
            <Stat label="Created" value={<When at={user.createdAt} />} />
            <Stat label="Last active" value={<When at={user.lastActiveAt} />} />
          </div>
          <section className="card" aria-labelledby="counts-title">
            <h2 className="card__title" id="counts-title">
              Data per area
            </h2>
            {Object.keys(user.counts).length === 0 ? (
              <p className="muted">Nothing stored yet.</p>
            ) : (
              <dl className="admin-counts">
                {Object.entries(user.counts).flatMap(([area, kinds]) =>
                  Object.entries(kinds).map(([kind, n]) => (
                    <div key={`${area}.${kind}`}>
                      <dt>
                        {area} · {kind}
                      </dt>
                      <dd>{n}</dd>
                    </div>
                  )),
                )}
              </dl>
            )}
          </section>
          <h2 className="section-title">Sign-in history</h2>
          {user.signIns.length === 0 ? (
            <p className="muted">No sign-ins recorded.</p>
          ) : (
            <TableWrap label="Sign-in history">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">What</th>
                    <th scope="col">From</th>
                  </tr>
                </thead>
                <tbody>
                  {user.signIns.map((s) => (
                    <tr key={`${s.at}${s.kind}`}>
                      <td>
                        <When at={s.at} />
                      </td>
                      <td>
                        {s.kind} <Outcome outcome={s.outcome} />
                      </td>
                      <td className="muted">{s.sourceIp ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          )}
          <p className="small">
            <Link to={`/admin/audit?target=${encodeURIComponent(user.id)}`}>Everything in the audit trail about this user →</Link>
          </p>
          <UserBackups userId={user.id} email={user.email} />
          <ConfirmDialog
            open={action !== null}
            title={action ? ACTIONS[action].title : ''}
            body={action ? ACTIONS[action].body(user.email) : ''}
            confirmLabel={action ? ACTIONS[action].label : ''}
            danger={action ? ACTIONS[action].danger : false}
            onClose={() => setAction(null)}
            onConfirm={() => run(action!)}
          />
        </>
      )}
    </div>
  );
}
