import { createCameraTicketRoute } from '../../infra/routes/camera.ts';
import { dynamoCameras } from '../../shared/camera/camera-repository.ts';
import { requestTicket } from '../../shared/camera/cameras.ts';
import { stageCameraTasks } from '../../shared/camera/ecs-tasks.ts';
import { config } from '../../shared/config.ts';
import { accepted, created, httpHandler } from '../../shared/kit/http-handler.ts';
import { appSecret } from '../../shared/secrets/app-secrets.ts';

const tasks = stageCameraTasks();

export const handler = httpHandler(createCameraTicketRoute, async ({ params, user }) => {
  const signingKey = await appSecret('signing-key');
  if (!signingKey) throw new Error('The signing key is not set');
  const answer = await requestTicket({ cameras: dynamoCameras, tasks, signingKey, streamBaseUrl: config.CAMERA_STREAM_URL }, user.id, params.id, Date.now());
  return answer.state === 'ready' ? created(answer) : accepted(answer);
});
