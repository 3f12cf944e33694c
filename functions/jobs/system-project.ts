import { config } from '../../shared/config.ts';
import { projectDeps } from '../../shared/incidents/deps.ts';
import { ensureSystemProject } from '../../shared/incidents/system.ts';
import { scheduledHandler } from '../../shared/kit/scheduled-handler.ts';
import { appSecret } from '../../shared/secrets/app-secrets.ts';

export const handler = scheduledHandler(async () => {
  const hookId = await appSecret('system-hook');
  if (!hookId) throw new Error('The system-hook secret is not set');
  return ensureSystemProject(projectDeps, config.STAGE, hookId);
});
