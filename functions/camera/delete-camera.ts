import { deleteCameraRoute } from '../../infra/routes/camera.ts';
import { dynamoCameras } from '../../shared/camera/camera-repository.ts';
import { deleteCamera } from '../../shared/camera/cameras.ts';
import { kvsStreams } from '../../shared/camera/kvs-streams.ts';
import { noVideoStreams } from '../../shared/camera/video-streams.ts';
import { config } from '../../shared/config.ts';
import { httpHandler, noContent } from '../../shared/kit/http-handler.ts';

const streams = config.CAMERA_VIDEO_STREAMS === 'kvs' ? kvsStreams() : noVideoStreams;

export const handler = httpHandler(deleteCameraRoute, async ({ params }) => {
  await deleteCamera({ cameras: dynamoCameras, streams }, params.id);
  return noContent();
});
