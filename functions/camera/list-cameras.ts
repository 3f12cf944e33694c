import { listCamerasRoute } from '../../infra/routes/camera.ts';
import { dynamoCameras } from '../../shared/camera/camera-repository.ts';
import { listCameras } from '../../shared/camera/cameras.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';

export const handler = httpHandler(listCamerasRoute, async () => ok(await listCameras({ cameras: dynamoCameras })));
