import { queueConsumer } from '../../shared/kit/queue-consumer.ts';
import { tracking } from '../../shared/tracking/dynamo-deps.ts';
import { rollupEvents, handleTrackingEvent } from '../../shared/tracking/rollups.ts';

export const handler = queueConsumer(rollupEvents, (event) => handleTrackingEvent(tracking, event));
