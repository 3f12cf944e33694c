import { scheduledHandler } from '../../shared/kit/scheduled-handler.ts';
import { importStallMs, importSweeping } from '../../shared/tracking/import-sweep-deps.ts';
import { resumeStalledImports } from '../../shared/tracking/import-run.ts';

export const handler = scheduledHandler(() => resumeStalledImports(importSweeping, { stallMs: importStallMs }));
