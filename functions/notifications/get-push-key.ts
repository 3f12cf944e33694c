import { getPushKeyRoute } from '../../infra/routes/notifications.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { stageVapidKeys } from '../../shared/reminders/vapid.ts';

export const handler = httpHandler(getPushKeyRoute, async () => ok({ publicKey: (await stageVapidKeys()).publicKey }));
