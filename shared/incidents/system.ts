/**
 * Mosaic watches itself: the stage's system project "Mosaic <stage>" with one CloudWatch hook,
 * whose id is the stage's `system-hook` secret, so the ops alarm topic (made by CDK) can be
 * subscribed to it before the project exists. Made once, idempotently (first writer wins).
 */
import type { Hook, Project } from './model.ts';
import type { ProjectRepository } from './project-repository.ts';

export const SYSTEM_OWNER = 'system';

export async function ensureSystemProject(
  deps: { projects: ProjectRepository; newId: () => string; now: () => Date },
  stage: string,
  hookId: string,
): Promise<{ projectId: string; hookId: string; created: boolean }> {
  const existing = await deps.projects.systemProjectId();
  let projectId = existing;
  let created = false;
  if (!projectId) {
    const at = deps.now().toISOString();
    const project: Project = { id: deps.newId(), name: `Mosaic ${stage}`, description: `Mosaic's own alarms (errors, throttles, dead letters, latency) of the ${stage} stage.`, ownerId: SYSTEM_OWNER, system: true, groupWaitSeconds: 0, createdAt: at, updatedAt: at };
    const winner = await deps.projects.claimSystemProject(project.id);
    if (winner === project.id) {
      await deps.projects.create(project, { userId: SYSTEM_OWNER, email: '', displayName: 'Mosaic', role: 'owner', addedAt: at });
      created = true;
    }
    projectId = winner;
  }
  if (!(await deps.projects.getHook(hookId))) {
    const hook: Hook = { id: hookId, projectId, source: 'cloudwatch', name: `Mosaic ${stage} alarms (SNS)`, auth: { kind: 'sns' }, createdAt: deps.now().toISOString(), deliveries: 0 };
    await deps.projects.putHook(hook);
  }
  return { projectId, hookId, created };
}
