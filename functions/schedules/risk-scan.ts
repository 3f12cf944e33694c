import { scheduledHandler } from '../../shared/kit/scheduled-handler.ts';
import { tracking } from '../../shared/tracking/dynamo-deps.ts';
import { scanRisks } from '../../shared/tracking/watch.ts';

export const handler = scheduledHandler(() => scanRisks(tracking));
