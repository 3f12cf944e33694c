import { request, type IncomingMessage, type ServerResponse } from 'node:http';
import { CAMERA_TASK_TIMING, isLive, reassertCount, type CameraTaskRecords, type SetDesiredCount } from '../camera-tasks.ts';

/** The task's scale-in protection (the ECS agent's task-protection endpoint). */
export type ScaleInProtection = (enabled: boolean, expiresInMinutes: number) => Promise<void>;

export interface CameraTaskDeps {
  records: CameraTaskRecords;
  /** The task's private address and ARN (the ECS task metadata endpoint). */
  identity(): Promise<{ address: string; taskArn: string }>;
  protection: ScaleInProtection;
  /** The worker service's desired count (shared/camera/ecs-service.ts). */
  setDesired: SetDesiredCount;
  /** Viewers of a camera now (the stream hub). */
  viewers(cameraId: string): number;
  /** Ends the streams of a camera this task no longer serves (its record was claimed anew). */
  release(cameraId: string): void;
  /** Stops the worker and ends the process (ECS stopping the task: SIGTERM). */
  exit(reason: string): void;
  log(entry: Record<string, unknown>): void;
  /** How long the load balancer needs to find a new target healthy (its health check: 2 × 5 s). */
  warmUpMs: number;
  /** Waits (a timer in the process; tests resolve at once). */
  sleep(ms: number): Promise<void>;
}

export type TaskTick = 'took' | 'waiting' | 'unclaimed' | 'heartbeat' | 'idle-stop' | 'lost' | 'none';

/**
 * The life of a worker task of the camera service (the cloud, CAMERA_SERVICE set). ECS starts it
 * when the ticket route raised the service's desired count, and registers it in the load
 * balancer's target group. It turns its scale-in protection on (so that lowering the count never
 * stops a task that serves), waits until the load balancer can reach it, then takes one camera
 * whose start is claimed and that no task has (a conditional write: two tasks never take one
 * camera) and reports it ready with its address. While it serves it writes a heartbeat, renews its
 * protection and re-asserts the service's count. Once nobody has watched for
 * CAMERA_TASK_TIMING.idleStopMs it removes its record, turns its protection off and re-asserts the
 * count, now one lower: ECS stops an unprotected task, this one (SIGTERM). Until then it looks
 * for another start to take (protection on again first); one that finds nothing for
 * CAMERA_TASK_TIMING.unclaimedStopMs gives itself up the same way. `tick()` is called on a timer.
 */
export function cameraTask(deps: CameraTaskDeps) {
  let me: { address: string; taskArn: string } | undefined;
  let camera: string | undefined;
  let protectedNow = false;
  let lookingSince = 0;
  let lastWatchedAt = 0;
  let lastBeatAt = 0;
  let stopping = false;

  async function protect(enabled: boolean) {
    await deps.protection(enabled, CAMERA_TASK_TIMING.protectionMinutes);
    protectedNow = enabled;
  }

  /** Gives up the camera (or the search): protection off, the count re-asserted without it. */
  async function giveUp(nowMs: number) {
    camera = undefined;
    lookingSince = nowMs;
    lastBeatAt = nowMs;
    await protect(false);
    await reassertCount(deps.records, deps.setDesired, nowMs);
  }

  async function take(nowMs: number): Promise<string | undefined> {
    const open = (await deps.records.allTasks())
      .filter((task) => task.state === 'starting' && !task.taskArn && isLive(task, nowMs))
      .sort((a, b) => a.startedAt - b.startedAt);
    if (open.length === 0) return undefined;
    // Protected before serving: a lowered count must stop another task, not this one.
    if (!protectedNow) await protect(true);
    for (const task of open) if (await deps.records.takeTask(task.cameraId, task.version, { ...me!, nowMs })) return task.cameraId;
    return undefined;
  }

  return {
    /** The camera this task serves now, if any (other cameras' requests are relayed). */
    camera: () => camera,
    async start(nowMs: () => number) {
      me = await deps.identity();
      await protect(true);
      await deps.sleep(deps.warmUpMs);
      lookingSince = nowMs();
    },
    /** Takes a start, writes a heartbeat, or gives up (idle, nothing to take); returns what it did. */
    async tick(nowMs: number): Promise<TaskTick> {
      if (!me || !lookingSince || stopping) return 'none';
      if (!camera) {
        const took = await take(nowMs);
        if (took) {
          camera = took;
          lastWatchedAt = nowMs;
          lastBeatAt = nowMs;
          deps.log({ msg: 'camera.task.ready', cameraId: camera, address: me.address });
          return 'took';
        }
        if (protectedNow && nowMs - lookingSince >= CAMERA_TASK_TIMING.unclaimedStopMs) {
          deps.log({ msg: 'camera.task.unclaimed' });
          await giveUp(nowMs);
          return 'unclaimed';
        }
        // Unprotected and waiting for ECS to stop it: keep the count right meanwhile (out-of-order updates).
        if (!protectedNow && nowMs - lastBeatAt >= CAMERA_TASK_TIMING.heartbeatMs) {
          lastBeatAt = nowMs;
          await reassertCount(deps.records, deps.setDesired, nowMs);
        }
        return 'waiting';
      }
      if (deps.viewers(camera) > 0) lastWatchedAt = nowMs;
      if (nowMs - lastWatchedAt >= CAMERA_TASK_TIMING.idleStopMs) {
        deps.log({ msg: 'camera.task.idle', cameraId: camera });
        // The record first: from now on a viewer's ticket request claims a new start instead of being sent here.
        await deps.records.removeTask(camera, me.taskArn);
        await giveUp(nowMs);
        return 'idle-stop';
      }
      if (nowMs - lastBeatAt < CAMERA_TASK_TIMING.heartbeatMs) return 'none';
      lastBeatAt = nowMs;
      if (!(await deps.records.beat(camera, me.taskArn, nowMs))) {
        // Thought gone (a missed heartbeat) and claimed anew: another task will serve it.
        deps.log({ msg: 'camera.task.lost', cameraId: camera });
        deps.release(camera);
        await giveUp(nowMs);
        return 'lost';
      }
      await protect(true);
      await reassertCount(deps.records, deps.setDesired, nowMs);
      return 'heartbeat';
    },
    /** ECS stops the task (SIGTERM): its record goes, the count follows, the process ends. */
    async stop(reason: string, nowMs: number) {
      if (stopping) return;
      stopping = true;
      deps.log({ msg: 'camera.task.stopping', cameraId: camera, reason });
      if (me && camera) {
        await deps.records.removeTask(camera, me.taskArn).catch((error: Error) => deps.log({ msg: 'camera.task.record_failed', error: error.message }));
        await reassertCount(deps.records, deps.setDesired, nowMs).catch((error: Error) => deps.log({ msg: 'camera.task.count_failed', error: error.message }));
      }
      deps.exit(reason);
    },
  };
}

/**
 * A stream request for another camera reached this task (the load balancer spreads requests over
 * every registered task): it is relayed to that camera's task, by the address in its record. The
 * ticket is checked there. No ready task: 503, and the page asks for a ticket again.
 */
export function relayToCameraTask(records: CameraTaskRecords, port: number) {
  return async (cameraId: string, req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const task = await records.taskOf(cameraId);
    if (task?.state !== 'ready' || !task.address) {
      const body = JSON.stringify({ error: { code: 'camera_starting', message: 'The camera is not being served yet; ask for a ticket again.' } });
      res.writeHead(503, { 'content-type': 'application/json', 'cache-control': 'no-store', 'retry-after': String(CAMERA_TASK_TIMING.retryAfterSeconds) });
      return void res.end(body);
    }
    await new Promise<void>((done) => {
      const upstream = request({ host: task.address, port, path: req.url, method: 'GET', headers: { 'x-forwarded-for': req.socket.remoteAddress ?? '' } }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.once('end', done);
        answer.once('error', done);
      });
      upstream.once('error', () => {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'relay_failed', message: 'The camera\u2019s worker could not be reached.' } }));
        else res.destroy();
        done();
      });
      // The viewer leaving ends the relayed stream too (and so, there, the viewer).
      res.once('close', () => upstream.destroy());
      upstream.end();
    });
  };
}
