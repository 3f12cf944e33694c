import type { ImportFormat, ImportJobView } from '../../../api/types.ts';
import type { Tone } from '../../../components/ui.tsx';
import { num } from '../../../lib/format.ts';

export const FORMATS: Record<ImportFormat, string> = { csv: 'Mosaic CSV', json: 'Mosaic JSON', loop: 'Loop Habit Tracker (ZIP)', apple_health: 'Apple Health (export.zip)' };

export const STATUS_TONE: Record<ImportJobView['status'], Tone> = {
  awaiting_upload: 'muted',
  queued: 'info',
  processing: 'info',
  completed: 'done',
  failed: 'missed',
};

export const isRunning = (job: ImportJobView | undefined): boolean =>
  job !== undefined && (job.status === 'awaiting_upload' || job.status === 'queued' || job.status === 'processing');

/** The format a file name suggests. */
export function formatOf(fileName: string): ImportFormat | null {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.zip')) return 'loop';
  return null;
}

export function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export const bytesLabel = (n: number) => (n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${num(n / 1024)} KB` : `${num(n / 1024 / 1024)} MB`);
