import { scheduledHandler } from '../../shared/kit/scheduled-handler.ts';
import { tracking } from '../../shared/tracking/dynamo-deps.ts';
import { finalizeEndedDays } from '../../shared/tracking/finalize.ts';

export const handler = scheduledHandler(() => finalizeEndedDays(tracking));
