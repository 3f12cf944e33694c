import { QueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/client.ts';

/**
 * The app's one query cache. Reads stay fresh for 20 s (pages opened again within that show what
 * they had without a request); a 4xx is not retried (it will not change by asking again), other
 * failures once. Cleared on sign-in and sign-out, so one user never sees another's data.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 20_000,
        retry: (failures, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failures < 1,
      },
      mutations: { retry: false },
    },
  });
}
