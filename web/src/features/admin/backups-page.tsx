import { useInfiniteQuery } from '@tanstack/react-query';
import { itemsOf } from '../../api/paged.ts';
import type { ApiError } from '../../api/client.ts';
import { Empty, ErrorBox, PageHeader, Spinner } from '../../components/ui.tsx';
import { useQueryParams } from '../../lib/use-query-params.ts';
import { useTitle } from '../../lib/use-title.ts';
import { FilterField, FilterForm } from './common.tsx';
import { userList } from './queries.ts';
import { BackupSchedulePanel } from './backup-schedule.tsx';
import { UserBackups } from './user-backups.tsx';

/** Admin → Backups: find a user, list their backups, download or restore one. */
export function BackupsPage() {
  useTitle('Backups');
  const [params, setQuery] = useQueryParams();
  const q = params.get('q') || undefined;
  const list = useInfiniteQuery({ ...userList({ q, sort: 'email', order: 'asc', limit: 5 }), enabled: !!q });
  const users = itemsOf(list.data);
  return (
    <div className="page">
      <PageHeader title="Backups" subtitle="Per-user ZIPs in the backups bucket: download one, or restore a user from it." />
      <BackupSchedulePanel />
      <h2 className="section-title">A user’s backups</h2>
      <FilterForm names={['q']} setQuery={setQuery} label="Find a user">
        <FilterField name="q" label="User" value={q ?? ''} placeholder="Email or name" />
      </FilterForm>
      {!q && <p className="muted">Search for a user to see their backups.</p>}
      {q && list.isPending && <Spinner />}
      <ErrorBox error={list.error as ApiError | undefined} onRetry={() => void list.refetch()} />
      {users && users.length === 0 && <Empty title="No users match" />}
      {users?.map((u) => (
        <UserBackups key={u.id} userId={u.id} email={u.email} title={`Backups of ${u.email}`} />
      ))}
    </div>
  );
}
