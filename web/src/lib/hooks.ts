import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { asApiError, type ApiError } from '../api/client.ts';
import type { Page } from '../api/types.ts';

export interface Resource<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  /** Loads again, keeping the current data on screen meanwhile. */
  reload: () => void;
  setData: (update: (current: T | undefined) => T | undefined) => void;
}

/** Loads data for a page; `deps` change → load again (the previous load is aborted). */
export function useResource<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[]): Resource<T> {
  const [data, setDataState] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const [nonce, setNonce] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    loadRef.current(controller.signal).then(
      (value) => {
        if (controller.signal.aborted) return;
        setDataState(value);
        setError(undefined);
        setLoading(false);
      },
      (e: unknown) => {
        if (controller.signal.aborted) return;
        setError(asApiError(e));
        setLoading(false);
      },
    );
    return () => controller.abort();
    // The caller names the dependencies (as with useEffect); `load` itself may change every render.
  }, [...deps, nonce]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  const setData = useCallback((update: (current: T | undefined) => T | undefined) => setDataState(update), []);
  return { data, error, loading, reload, setData };
}

export interface PagedResource<T> extends Resource<Page<T>> {
  /** Appends the next page (errors go to `onError`); a no-op on the last page. */
  loadMore: () => Promise<void>;
  loadingMore: boolean;
}

/**
 * A cursor-paged list: the first page loads like {@link useResource}; `loadMore` appends the
 * next one with the cursor the last answer gave.
 */
export function usePagedResource<T>(
  loadPage: (cursor: string | undefined, signal?: AbortSignal) => Promise<Page<T>>,
  deps: readonly unknown[],
  onError: (error: ApiError) => void,
): PagedResource<T> {
  const resource = useResource((signal) => loadPage(undefined, signal), deps);
  const [loadingMore, setLoadingMore] = useState(false);
  const cursor = resource.data?.nextCursor;
  const { setData } = resource;
  const loadMore = async () => {
    if (!cursor) return;
    setLoadingMore(true);
    try {
      const next = await loadPage(cursor);
      setData((d) => d && { items: [...d.items, ...next.items], nextCursor: next.nextCursor });
    } catch (e) {
      onError(asApiError(e));
    } finally {
      setLoadingMore(false);
    }
  };
  return { ...resource, loadMore, loadingMore };
}

/** The rendered width of an element, kept current (charts draw in real pixels, so text stays legible). */
export function useWidth<E extends HTMLElement>(fallback = 600): [RefObject<E | null>, number] {
  const ref = useRef<E | null>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth || fallback);
    const observer = new ResizeObserver((entries) => {
      const w = entries[0]?.contentRect.width;
      if (w) setWidth(Math.floor(w));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [fallback]);
  return [ref, width];
}

/** Sets the document title for a page. */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · Mosaic` : 'Mosaic';
  }, [title]);
}
