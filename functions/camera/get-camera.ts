import { getCameraRoute } from '../../infra/routes/camera.ts';
import { dynamoCameras } from '../../shared/camera/camera-repository.ts';
import { getCamera } from '../../shared/camera/cameras.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';

export const handler = httpHandler(getCameraRoute, async ({ params }) => ok(await getCamera({ cameras: dynamoCameras }, params.id)));
