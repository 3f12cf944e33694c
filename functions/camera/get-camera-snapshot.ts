import { getCameraSnapshotRoute } from '../../infra/routes/camera.ts';
import { dynamoCameras } from '../../shared/camera/camera-repository.ts';
import { readSnapshot } from '../../shared/camera/cameras.ts';
import { binary, httpHandler } from '../../shared/kit/http-handler.ts';

export const handler = httpHandler(getCameraSnapshotRoute, async ({ params }) => {
  const { jpeg, at } = await readSnapshot({ cameras: dynamoCameras }, params.id);
  return binary(jpeg, 'image/jpeg', { 'cache-control': 'private, max-age=30', 'last-modified': new Date(at).toUTCString() });
});
