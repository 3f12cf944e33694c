import { listWearableSourcesRoute } from '../../infra/routes/wearables.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { devicesOverview } from '../../shared/wearables/devices.ts';
import { dynamoWearables } from '../../shared/wearables/wearable-repository.ts';

export const handler = httpHandler(listWearableSourcesRoute, async ({ user }) => ok(await devicesOverview(dynamoWearables, user.id)));
