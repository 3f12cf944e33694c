import { queryOptions } from '@tanstack/react-query';
import { api } from '../../api/api.ts';

export const cameraKeys = {
  all: ['cameras'] as const,
  list: () => ['cameras', 'list'] as const,
  snapshot: (id: string) => ['cameras', 'snapshot', id] as const,
};

/** The cameras with their stream state; the worker updates the state every few seconds. */
export const cameraList = () =>
  queryOptions({
    queryKey: cameraKeys.list(),
    queryFn: ({ signal }) => api.cameras.list(signal),
    refetchInterval: 10_000,
  });

/** A blob as a data: URL (the page's CSP allows data: images, not blob: ones). */
function dataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : '');
    reader.onerror = () => reject(reader.error ?? new Error('unreadable picture'));
    reader.readAsDataURL(blob);
  });
}

/** A camera's last picture as a data: URL (null while the worker has none). */
export const cameraSnapshot = (id: string, version: string | null) =>
  queryOptions({
    queryKey: [...cameraKeys.snapshot(id), version],
    queryFn: async ({ signal }) => {
      try {
        return await dataUrl(await api.cameras.snapshot(id, signal));
      } catch {
        return null;
      }
    },
    staleTime: 30_000,
  });
