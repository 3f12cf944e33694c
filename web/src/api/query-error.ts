import { asApiError, type ApiError } from './client.ts';

/**
 * The error to show in place of a page's content: only when the query has nothing to show (a
 * failed re-read keeps the data on screen; a failed "Load more" says so beside its button).
 */
export function loadError(query: { error: unknown; data: unknown }): ApiError | undefined {
  return query.error && query.data === undefined ? asApiError(query.error) : undefined;
}
