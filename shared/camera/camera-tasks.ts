import { ServiceUnavailableError } from '../kit/errors.ts';

/**
 * One worker task per watched camera, none while nobody watches (the cloud): the tasks of one ECS
 * service whose desired count is the number of cameras with a live claim. The ticket route asks
 * `ensure()`: a camera whose task reports itself ready gets a ticket; otherwise its start is claimed
 * (once, whoever asks: a conditional write) and the service's count re-asserted from the table, and
 * the viewer is told `starting` and asks again. A new task takes one claimed start no task has taken
 * (shared/camera/worker/task-mode.ts), writes a heartbeat while it serves, and removes its record
 * when it stops after the last viewer left. Locally the runtime's worker serves every camera: always ready.
 */
export interface CameraTasks {
  /** `ready`: streams of the camera are served now; `starting`: ask again shortly. */
  ensure(cameraId: string, nowMs: number): Promise<'ready' | 'starting'>;
}

/** What is known of a camera's task (one item per camera; dynalite has no TTL: the times say if it is alive). */
export interface CameraTaskRecord {
  /** `starting`: claimed by the ticket route, no task has it yet; `ready`: a task took it and serves it. */
  state: 'starting' | 'ready';
  /** When the start was claimed (epoch ms). */
  startedAt: number;
  /** The task's last sign of life (epoch ms); the start time until it is ready. */
  heartbeatAt: number;
  /** Its private address, for a worker that receives another camera's request to relay it. */
  address?: string;
  taskArn?: string;
  /** Bumped on every write: the claims compare it. */
  version: number;
}

/** The table side of the tasks (CAMERA partition, one TASK# item per camera). */
export interface CameraTaskRecords {
  taskOf(cameraId: string): Promise<CameraTaskRecord | undefined>;
  /** Every camera's task record (a handful: CAMERA_LIMITS): the service's count, a new task's pick. */
  allTasks(): Promise<Array<CameraTaskRecord & { cameraId: string }>>;
  /** Writes a `starting` record if the record is still at `expectedVersion` (undefined: absent); false when another won. */
  claimTaskStart(cameraId: string, nowMs: number, expectedVersion: number | undefined): Promise<boolean>;
  /**
   * A task takes a claimed start: `ready` with its address, if the record is still the `starting`
   * one at `expectedVersion` with no task; false when another task (or a newer claim) came first.
   */
  takeTask(cameraId: string, expectedVersion: number, task: { taskArn: string; address: string; nowMs: number }): Promise<boolean>;
  /** The task's heartbeat, without reading first; false when the record is no longer this task's. */
  beat(cameraId: string, taskArn: string, nowMs: number): Promise<boolean>;
  /** Removes the record if it is still this task's (a newer task's record is kept). */
  removeTask(cameraId: string, taskArn: string | undefined): Promise<void>;
}

export const CAMERA_TASK_TIMING = {
  /** A ready task that has not written a heartbeat for this long is gone (crashed, stopped). */
  staleAfterMs: 90_000,
  /** How often a task writes its heartbeat (and re-asserts the service's count, renews its protection). */
  heartbeatMs: 30_000,
  /** A start that no task has taken in this long is given up and claimed again. */
  startTimeoutMs: 180_000,
  /** The page asks again this often while the task starts. */
  retryAfterSeconds: 5,
  /** A task with no viewer for this long stops itself. */
  idleStopMs: 120_000,
  /** A new task that found no start to take for this long gives itself up. */
  unclaimedStopMs: 60_000,
  /** A task's scale-in protection lasts this long unless renewed (by the heartbeat): a hung task loses it. */
  protectionMinutes: 5,
} as const;

/** Where every camera is served by the one worker process (the local runtime). */
export const inProcessTasks: CameraTasks = { ensure: async () => 'ready' };

/** The camera worker's ECS service (the ticket route and the tasks set its desired count). */
export interface CameraService {
  cluster: string;
  service: string;
}

/** Sets the service's desired count (the ECS client adapts it: shared/camera/ecs-service.ts). */
export type SetDesiredCount = (count: number) => Promise<void>;

/** A record that a task serves or is about to serve: a fresh start claim, or a ready task with a fresh heartbeat. */
export function isLive(task: CameraTaskRecord, nowMs: number): boolean {
  return task.state === 'ready' ? nowMs - task.heartbeatAt <= CAMERA_TASK_TIMING.staleAfterMs : nowMs - task.startedAt <= CAMERA_TASK_TIMING.startTimeoutMs;
}

/**
 * Sets the service's desired count to the number of cameras with a live claim, counted from the
 * table at this moment. Whoever calls it last wins; since every change and every heartbeat calls
 * it again, concurrent or out-of-order calls converge on the table's count within a heartbeat.
 */
export async function reassertCount(records: CameraTaskRecords, setDesired: SetDesiredCount, nowMs: number): Promise<number> {
  const count = (await records.allTasks()).filter((task) => isLive(task, nowMs)).length;
  await setDesired(count);
  return count;
}

/** Tasks started on demand by scaling the service (the cloud). */
export function serviceTasks(records: CameraTaskRecords, setDesired: SetDesiredCount): CameraTasks {
  return {
    async ensure(cameraId, nowMs) {
      const task = await records.taskOf(cameraId);
      if (task?.state === 'ready' && isLive(task, nowMs)) return 'ready';
      if (task?.state === 'starting' && isLive(task, nowMs)) {
        // The page asks again every few seconds: each ask puts a count some other writer's
        // out-of-order update lowered back (without an UpdateService call when it is right).
        await reassertCount(records, setDesired, nowMs).catch(() => undefined);
        return 'starting';
      }
      // None, gone quiet, or a start no task took: claim the start (one claim however many ask), then count.
      if (!(await records.claimTaskStart(cameraId, nowMs, task?.version))) return 'starting';
      try {
        await reassertCount(records, setDesired, nowMs);
      } catch (error) {
        // The count could not be raised: no task will come for this claim; the next ask tries again.
        await records.removeTask(cameraId, undefined);
        throw new ServiceUnavailableError('The camera could not be started; try again shortly.', { reason: (error as Error).name || 'unknown' });
      }
      return 'starting';
    },
  };
}
