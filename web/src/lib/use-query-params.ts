import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

export type SetQuery = (changes: Record<string, string | undefined>, options?: { replace?: boolean }) => void;

/**
 * The page's `?query` (its state: a date, filters) and a setter for some of its parameters; an
 * empty or undefined value removes one. Filters replace the history entry unless told otherwise.
 */
export function useQueryParams(): [URLSearchParams, SetQuery] {
  const [params, setParams] = useSearchParams();
  const set = useCallback<SetQuery>(
    (changes, options = { replace: true }) =>
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [k, v] of Object.entries(changes)) {
            if (v === undefined || v === '') next.delete(k);
            else next.set(k, v);
          }
          return next;
        },
        { replace: options.replace ?? true },
      ),
    [setParams],
  );
  return [params, set];
}
