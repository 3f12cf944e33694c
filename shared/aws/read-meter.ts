import { AsyncLocalStorage } from 'node:async_hooks';

/** Items DynamoDB read on behalf of one unit of work (a request's domain call). */
export interface ReadMeter {
  items: number;
  calls: number;
}

const current = new AsyncLocalStorage<ReadMeter>();

/** Runs `work` while counting the DynamoDB items it reads. */
export async function meterReads<T>(work: () => Promise<T>): Promise<{ result: T; reads: ReadMeter }> {
  const reads: ReadMeter = { items: 0, calls: 0 };
  const result = await current.run(reads, work);
  return { result, reads };
}

/** Items a DynamoDB response says it read: scanned items for queries and scans, returned ones otherwise. */
export function itemsRead(output: Record<string, unknown>): number {
  if (typeof output.ScannedCount === 'number') return output.ScannedCount;
  if ('Item' in output) return output.Item ? 1 : 0;
  if (output.Responses && typeof output.Responses === 'object') {
    return Object.values(output.Responses as Record<string, unknown[]>).reduce((n, items) => n + items.length, 0);
  }
  return 0;
}

/** Adds a response's reads to the meter of the work it belongs to (if any). */
export function recordReads(output: Record<string, unknown>): void {
  const meter = current.getStore();
  if (!meter) return;
  meter.calls++;
  meter.items += itemsRead(output);
}

/** Items read so far by the work being metered (0 outside `meterReads`). */
export function readsSoFar(): number {
  return current.getStore()?.items ?? 0;
}

/** Adds items the work took from a cache of an earlier batch read (they count as read for it). */
export function addCachedReads(items: number): void {
  const meter = current.getStore();
  if (meter) meter.items += items;
}
