import { createCameraRoute } from '../../infra/routes/camera.ts';
import { dynamoCameras } from '../../shared/camera/camera-repository.ts';
import { createCamera } from '../../shared/camera/cameras.ts';
import { kvsStreams } from '../../shared/camera/kvs-streams.ts';
import { noVideoStreams } from '../../shared/camera/video-streams.ts';
import { config } from '../../shared/config.ts';
import { created } from '../../shared/kit/http-handler.ts';
import { idempotentHttpHandler } from '../../shared/kit/idempotent-http-handler.ts';
import { stageSecrets } from '../../shared/secrets/stage-box.ts';

const streams = config.CAMERA_VIDEO_STREAMS === 'kvs' ? kvsStreams() : noVideoStreams;

export const handler = idempotentHttpHandler(createCameraRoute, async ({ body }) =>
  created(await createCamera({ cameras: dynamoCameras, box: stageSecrets(), streams }, body, new Date())),
);
