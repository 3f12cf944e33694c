import { ServiceUnavailableError } from '../kit/errors.ts';

/**
 * One worker task per watched camera, none while nobody watches (the cloud). The ticket route asks
 * `ensure()`: a camera whose task reports itself ready gets a ticket; otherwise its task is started
 * (once, whoever asks: a conditional write claims the start) and the viewer is told `starting` and
 * asks again. The task writes `ready` (with its address) once it serves, a heartbeat while it runs,
 * and removes its record when it stops after the last viewer left (shared/camera/worker/task-mode.ts).
 * Locally the runtime's worker serves every camera: always ready.
 */
export interface CameraTasks {
  /** `ready`: streams of the camera are served now; `starting`: ask again shortly. */
  ensure(cameraId: string, nowMs: number): Promise<'ready' | 'starting'>;
}

/** What is known of a camera's task (one item per camera; dynalite has no TTL: the times say if it is alive). */
export interface CameraTaskRecord {
  state: 'starting' | 'ready';
  /** When the start was claimed (epoch ms). */
  startedAt: number;
  /** The task's last sign of life (epoch ms); the start time until it is ready. */
  heartbeatAt: number;
  /** Its private address, for a worker that receives another camera's request to relay it. */
  address?: string;
  taskArn?: string;
  /** Bumped on every write: the conditions of claimTaskStart compare it. */
  version: number;
}

/** The table side of the tasks (CAMERA partition, one TASK# item per camera). */
export interface CameraTaskRecords {
  taskOf(cameraId: string): Promise<CameraTaskRecord | undefined>;
  /** Writes a `starting` record if the record is still at `expectedVersion` (undefined: absent); false when another won. */
  claimTaskStart(cameraId: string, nowMs: number, expectedVersion: number | undefined): Promise<boolean>;
  /** The task's own writes: ready with its address, then heartbeats. */
  putTask(cameraId: string, record: Omit<CameraTaskRecord, 'version'>): Promise<void>;
  /** Removes the record if it is still this task's (a newer task's record is kept). */
  removeTask(cameraId: string, taskArn: string | undefined): Promise<void>;
}

export const CAMERA_TASK_TIMING = {
  /** A ready task that has not written a heartbeat for this long is gone (crashed, stopped). */
  staleAfterMs: 90_000,
  /** How often a task writes its heartbeat. */
  heartbeatMs: 30_000,
  /** A start that has not become ready in this long is given up and claimed again. */
  startTimeoutMs: 180_000,
  /** The page asks again this often while the task starts. */
  retryAfterSeconds: 5,
  /** A task with no viewer for this long stops itself. */
  idleStopMs: 120_000,
} as const;

/** Where every camera is served by the one worker process (the local runtime). */
export const inProcessTasks: CameraTasks = { ensure: async () => 'ready' };

/** How the ticket route launches a camera's task: RunTask with the camera id as an override. */
export interface TaskLaunch {
  cluster: string;
  /** The task definition family (its latest revision runs). */
  taskDefinition: string;
  subnets: string[];
  securityGroups: string[];
  /** The worker's container, whose environment gets CAMERA_ID. */
  container: string;
}

/** The one ECS call the control makes (RunTask), given plain data: the ECS client adapts it. */
export type RunCameraTask = (launch: TaskLaunch, cameraId: string) => Promise<{ taskArn?: string; failure?: string }>;

/** Tasks started on demand (the cloud). */
export function onDemandTasks(records: CameraTaskRecords, launch: TaskLaunch, runTask: RunCameraTask): CameraTasks {
  return {
    async ensure(cameraId, nowMs) {
      const task = await records.taskOf(cameraId);
      if (task?.state === 'ready' && nowMs - task.heartbeatAt <= CAMERA_TASK_TIMING.staleAfterMs) return 'ready';
      if (task?.state === 'starting' && nowMs - task.startedAt <= CAMERA_TASK_TIMING.startTimeoutMs) return 'starting';
      // None, gone quiet, or a start that never became ready: claim the start, so that one task is launched.
      if (!(await records.claimTaskStart(cameraId, nowMs, task?.version))) return 'starting';
      const run = await runTask(launch, cameraId);
      if (!run.taskArn) {
        await records.removeTask(cameraId, undefined);
        throw new ServiceUnavailableError('The camera could not be started; try again shortly.', { reason: run.failure ?? 'unknown' });
      }
      return 'starting';
    },
  };
}
