import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/api.ts';
import { newIdempotencyKey } from '../../api/client.ts';
import { pagedQuery } from '../../api/paged.ts';

export const notificationKeys = {
  all: ['notifications'] as const,
  /** What the bell shows: the unread count and the latest few. */
  bell: () => ['notifications', 'bell'] as const,
  list: (unreadOnly: boolean) => ['notifications', 'list', unreadOnly] as const,
};

/** The bell's figures; a page of 100 unread says "100+" through `more`. */
export const bellQuery = () =>
  queryOptions({
    queryKey: notificationKeys.bell(),
    queryFn: async ({ signal }) => {
      const [unread, recent] = await Promise.all([
        api.notifications.list({ unread: 'true', limit: 100 }, signal),
        api.notifications.list({ limit: 8 }, signal),
      ]);
      return { count: unread.items.length + (unread.nextCursor ? 1 : 0), latest: recent.items };
    },
    // Nudges and alerts come from hourly jobs: a minute between reads is plenty.
    refetchInterval: 60_000,
  });

export const NOTIFICATION_PAGE = 30;

export const notificationList = (unreadOnly: boolean) =>
  pagedQuery(notificationKeys.list(unreadOnly), (cursor, signal) =>
    api.notifications.list({ unread: unreadOnly ? 'true' : undefined, cursor, limit: NOTIFICATION_PAGE }, signal),
  );

export function useUnread() {
  const { data } = useQuery(bellQuery());
  return data ?? { count: 0, latest: [] };
}

/** Marks notifications read, one request each, then reads the bell and the lists again. */
export function useMarkRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (ids: readonly string[]) => {
      for (const id of ids) await api.notifications.read(id, newIdempotencyKey());
    },
    onSettled: () => client.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}
