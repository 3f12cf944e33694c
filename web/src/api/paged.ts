import { infiniteQueryOptions, type InfiniteData, type QueryKey } from '@tanstack/react-query';
import type { Page } from './types.ts';

/**
 * A cursor-paged list route as an infinite query: the first page loads with the query, "Load
 * more" fetches the next with the cursor the last answer gave.
 */
export function pagedQuery<P extends Page<unknown>, K extends QueryKey>(queryKey: K, fetchPage: (cursor: string | undefined, signal: AbortSignal) => Promise<P>) {
  return infiniteQueryOptions({
    queryKey,
    queryFn: ({ pageParam, signal }) => fetchPage(pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last: P) => last.nextCursor,
  });
}

/** The items of every page loaded so far, in order. */
export function itemsOf<T>(data: InfiniteData<Page<T>> | undefined): T[] | undefined {
  return data?.pages.flatMap((p) => p.items);
}
