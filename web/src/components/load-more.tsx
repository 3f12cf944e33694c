import type { UseInfiniteQueryResult } from '@tanstack/react-query';
import { asApiError } from '../api/client.ts';
import { Button } from './ui.tsx';

/** The "Load more" button under a paged list (nothing once the last page is in); a failed page says so beside it. */
export function LoadMore({ query }: { query: Pick<UseInfiniteQueryResult, 'hasNextPage' | 'fetchNextPage' | 'isFetchingNextPage' | 'isFetchNextPageError' | 'error'> }) {
  if (!query.hasNextPage) return null;
  return (
    <div className="load-more">
      <Button onClick={() => void query.fetchNextPage()} busy={query.isFetchingNextPage}>
        Load more
      </Button>
      {query.isFetchNextPageError && (
        <p className="load-more__error" role="alert">
          {asApiError(query.error).message}
        </p>
      )}
    </div>
  );
}
