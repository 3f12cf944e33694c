import type { BatchView, SourceView, WearableRepository } from './ingest.ts';

/** Latest batches the Devices page lists. */
export const DEVICE_BATCHES_LISTED = 20;

/** What the Devices page shows: each source records came from, and the latest batches and imports. */
export interface DevicesOverview {
  sources: SourceView[];
  batches: BatchView[];
}

/**
 * `GET /v1/wearables/sources`: the sources seen (last batch, records stored, batches), most
 * recent first, with the latest batches (Apple Health imports among them, `via: import`).
 */
export async function devicesOverview(repo: Pick<WearableRepository, 'listSources' | 'listBatches'>, userId: string): Promise<DevicesOverview> {
  const [sources, batches] = await Promise.all([repo.listSources(userId), repo.listBatches(userId, DEVICE_BATCHES_LISTED)]);
  return { sources: sources.sort((a, b) => b.lastBatchAt.localeCompare(a.lastBatchAt)), batches };
}
