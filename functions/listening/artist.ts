import { listeningArtistRoute } from '../../infra/routes/listening.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { artistPage } from '../../shared/listening/history.ts';
import { dynamoHistory } from '../../shared/listening/play-repository.ts';

export const handler = httpHandler(listeningArtistRoute, async ({ params, user }) =>
  ok(await artistPage(dynamoHistory, user.id, params.key)),
);
