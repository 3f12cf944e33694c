import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { itemsOf } from '../../api/paged.ts';
import type { ApiError } from '../../api/client.ts';
import type { AdminUser, UserListQuery } from '../../api/types.ts';
import { LoadMore } from '../../components/load-more.tsx';
import { Chip, Empty, ErrorBox, PageHeader, Spinner } from '../../components/ui.tsx';
import { useQueryParams } from '../../lib/use-query-params.ts';
import { useTitle } from '../../lib/use-title.ts';
import { FilterField, FilterForm, FilterSelect, TableWrap, When } from './common.tsx';
import { userList } from './queries.ts';

const SORTS = [
  ['created', 'Created'],
  ['email', 'Email'],
  ['lastActive', 'Last active'],
] as const;
const ORDERS = [
  ['desc', 'Newest / Z–A first'],
  ['asc', 'Oldest / A–Z first'],
] as const;

function UserFlags({ user }: { user: AdminUser }) {
  return (
    <span className="admin-flags">
      {user.isAdmin && <Chip tone="accent">admin</Chip>}
      {user.disabled && <Chip tone="danger">disabled</Chip>}
      {user.mfaEnabled && <Chip tone="info">MFA</Chip>}
    </span>
  );
}

/** Admin → Users: search by email or name, sort, pages of 50. */
export function UsersPage() {
  useTitle('Users');
  const [params, setQuery] = useQueryParams();
  const query: UserListQuery = {
    q: params.get('q') || undefined,
    sort: (params.get('sort') as UserListQuery['sort']) || 'created',
    order: (params.get('order') as UserListQuery['order']) || 'desc',
    limit: 50,
  };
  const list = useInfiniteQuery(userList(query));
  const users = itemsOf(list.data);
  return (
    <div className="page">
      <PageHeader title="Users" subtitle="Everyone with an account. Open one to see their activity, sign-ins and backups." />
      <FilterForm names={['q', 'sort', 'order']} setQuery={setQuery} label="Find users">
        <FilterField name="q" label="Search" value={query.q ?? ''} placeholder="Email or name" />
        <FilterSelect name="sort" label="Sort by" value={query.sort ?? 'created'} options={SORTS} />
        <FilterSelect name="order" label="Order" value={query.order ?? 'desc'} options={ORDERS} />
      </FilterForm>
      {list.isPending && <Spinner />}
      {list.error && !users && <ErrorBox error={list.error as ApiError} onRetry={() => void list.refetch()} />}
      {users && users.length === 0 && <Empty title="No users match">Try part of the email or name.</Empty>}
      {users && users.length > 0 && (
        <TableWrap label="Users">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">Created</th>
                <th scope="col">Last active</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id}>
                  <th scope="row">
                    <Link to={`/admin/users/${encodeURIComponent(u.id)}`}>{u.email}</Link>
                    <div className="muted small">
                      {u.displayName} <UserFlags user={u} />
                    </div>
                  </th>
                  <td>
                    <When at={u.createdAt} />
                  </td>
                  <td>
                    <When at={u.lastActiveAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <LoadMore query={list} />
    </div>
  );
}

export { UserFlags };
