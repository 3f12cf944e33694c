import { config } from '../config.ts';
import { IMPORT_STALL_MS } from '../imports/job.ts';

/** Silence after which an import counts as stalled (shorter only where a test sets it locally). */
export const listeningImportStallMs = config.IMPORT_STALL_SECONDS !== undefined ? config.IMPORT_STALL_SECONDS * 1000 : IMPORT_STALL_MS;
