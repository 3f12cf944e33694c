import { queueConsumer } from '../../shared/kit/queue-consumer.ts';
import { tracking } from '../../shared/tracking/dynamo-deps.ts';
import { handleTrackingEvent } from '../../shared/tracking/rollups.ts';

export const handler = queueConsumer((event) => handleTrackingEvent(tracking, event));
