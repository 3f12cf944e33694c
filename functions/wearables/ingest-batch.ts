import { ingestWearableBatchRoute } from '../../infra/routes/wearables.ts';
import { busPublisher } from '../../shared/events/bus-publisher.ts';
import { ok } from '../../shared/kit/http-handler.ts';
import { idempotentHttpHandler } from '../../shared/kit/idempotent-http-handler.ts';
import { newId } from '../../shared/kit/ids.ts';
import { ingestBatch } from '../../shared/wearables/ingest.ts';
import { dynamoWearables, s3RawBatches } from '../../shared/wearables/wearable-repository.ts';

const deps = { wearables: dynamoWearables, raw: s3RawBatches, events: busPublisher, now: () => new Date(), newId };

export const handler = idempotentHttpHandler(ingestWearableBatchRoute, async ({ body, user }) =>
  ok(await ingestBatch(deps, user.id, body)),
);
