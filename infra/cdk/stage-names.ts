import { createHash } from 'node:crypto';
import { names } from '../naming.ts';

/** Service limits on the names the cloud stage sets explicitly. */
const LIMITS = { function: 64, queue: 80, schedule: 64, rule: 64, alarm: 255 } as const;

/**
 * Shortens a name to `max` characters, keeping it unique and readable: the head of the name,
 * a dash and 8 hex characters of its hash. Names within the limit are returned unchanged.
 */
export function fitName(name: string, max: number): string {
  if (name.length <= max) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${name.slice(0, max - hash.length - 1).replace(/-+$/, '')}-${hash}`;
}

/**
 * The names a cloud stage uses: those of infra/naming.ts (shared with the local runtime), fitted to
 * AWS's length limits, plus the few only the cloud needs. Every name carries the stage.
 */
export function stageNames(stage: string) {
  const n = names(stage);
  return {
    ...n,
    function: (name: string) => fitName(n.function(name), LIMITS.function),
    queue: (consumer: string) => fitName(n.queue(consumer), LIMITS.queue),
    deadLetterQueue: (consumer: string) => fitName(n.deadLetterQueue(consumer), LIMITS.queue),
    rule: (consumer: string) => fitName(n.queue(consumer), LIMITS.rule),
    schedule: (schedule: string) => fitName(n.function(schedule), LIMITS.schedule),
    /** An alarm about a named resource (which already carries the stage). */
    alarm: (resourceName: string, what: string) => fitName(`${resourceName}-${what}`, LIMITS.alarm),
    api: n.stack('api'),
    alarmTopic: n.stack('alarms'),
    /** Log group of one function; Lambda writes to it because the function names it. */
    functionLogGroup: (functionName: string) => `/aws/lambda/${functionName}`,
    apiAccessLogGroup: `/aws/apigateway/${n.stack('api')}`,
    /**
     * The camera worker's cluster, service, task definition family and roles: fixed names, so the
     * ticket route's grant (UpdateService on the service) names them without a cross-stack reference.
     */
    camera: {
      cluster: n.stack('camera'),
      service: `${n.stack('camera')}-worker`,
      taskFamily: `${n.stack('camera')}-worker`,
      taskRole: `${n.stack('camera')}-task`,
      executionRole: `${n.stack('camera')}-task-exec`,
      /** SSM parameter: the service whose desired count the ticket route sets (JSON CameraService). */
      serviceParameter: `/mosaic/${stage}/camera/service`,
    },
  };
}

export type StageNames = ReturnType<typeof stageNames>;
