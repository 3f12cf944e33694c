import { cameraRoutes } from '../../infra/routes/camera.ts';
import { dynamoCameras } from '../../shared/camera/camera-repository.ts';
import { requestTicket } from '../../shared/camera/cameras.ts';
import { config } from '../../shared/config.ts';
import { created, httpHandler } from '../../shared/kit/http-handler.ts';
import { appSecret } from '../../shared/secrets/app-secrets.ts';

export const handler = httpHandler(cameraRoutes['create-camera-ticket'], async ({ params, user }) => {
  const signingKey = await appSecret('signing-key');
  if (!signingKey) throw new Error('The signing key is not set');
  return created(await requestTicket({ cameras: dynamoCameras, signingKey, streamBaseUrl: config.CAMERA_STREAM_URL }, user.id, params.id, Date.now()));
});
