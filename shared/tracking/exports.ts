import { newTimeOrderedId } from '../kit/ids.ts';
import type { TrackingDeps } from './deps.ts';
import type { FileStore } from './file-store.ts';
import type { ExportBody } from './import-model.ts';
import type { Entry } from './model.ts';
import { inUserOrder } from './ordering.ts';
import { writeMosaicCsv } from './transfer/mosaic-csv.ts';
import { writeMosaicJson, type ExportActivity } from './transfer/mosaic-json.ts';

export interface ExportResult {
  id: string;
  format: ExportBody['format'];
  fileName: string;
  url: string;
  expiresAt: string;
  bytes: number;
  activities: number;
  entries: number;
}

/**
 * Exports every activity and entry of the user as Mosaic CSV or JSON, streamed: entries are read
 * a page at a time and written on as parts of the file, so the whole history is never in memory.
 * The answer is a short-lived download URL. JSON is lossless (settings, pauses, start dates) and
 * imports back to identical analytics; CSV is for spreadsheets (docs/import-export.md).
 */
export async function exportData(
  deps: Pick<TrackingDeps, 'activities' | 'entries' | 'now'>,
  files: FileStore,
  userId: string,
  format: ExportBody['format'],
): Promise<ExportResult> {
  const now = deps.now();
  // The same on a re-run of the same request (kit/ids.ts): its file is written over, not doubled.
  const id = newTimeOrderedId(now);
  const fileName = `mosaic-export-${now.toISOString().slice(0, 10)}.${format}`;
  const key = `exports/${userId}/${id}.${format}`;
  const activities = await deps.activities.listAll(userId);
  let entries = 0;
  async function* counted(pages: AsyncIterable<Entry[]>): AsyncGenerator<Entry[]> {
    for await (const page of pages) {
      entries += page.length;
      yield page; // in date order: the index sorts an activity's entries by date
    }
  }
  // In the user's order, which an import of the file keeps.
  const sources: ExportActivity[] = inUserOrder(activities).map((a) => ({ ...a, entries: counted(deps.entries.pagesOfActivity(userId, a.id)) }));
  const chunks = format === 'csv' ? writeMosaicCsv(sources) : writeMosaicJson({ exportedAt: now, activities: sources });
  const bytes = await files.write(key, format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json', chunks);
  const download = await files.presignDownload(key, fileName);
  return { id, format, fileName, url: download.url, expiresAt: download.expiresAt, bytes, activities: activities.length, entries };
}
