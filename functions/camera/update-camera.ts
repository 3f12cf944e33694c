import { updateCameraRoute } from '../../infra/routes/camera.ts';
import { dynamoCameras } from '../../shared/camera/camera-repository.ts';
import { updateCamera } from '../../shared/camera/cameras.ts';
import { noVideoStreams } from '../../shared/camera/video-streams.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { stageSecrets } from '../../shared/secrets/stage-box.ts';

export const handler = httpHandler(updateCameraRoute, async ({ params, body }) =>
  ok(await updateCamera({ cameras: dynamoCameras, box: stageSecrets(), streams: noVideoStreams }, params.id, body, new Date())),
);
