import { request, type IncomingMessage, type ServerResponse } from 'node:http';
import { CAMERA_TASK_TIMING, type CameraTaskRecords } from '../camera-tasks.ts';

/** The load balancer's target group, as a task sees it: its own address in or out. */
export interface OwnTarget {
  register(address: string, port: number): Promise<void>;
  deregister(address: string, port: number): Promise<void>;
}

export interface CameraTaskDeps {
  cameraId: string;
  port: number;
  records: CameraTaskRecords;
  /** The task's private address and ARN (the ECS task metadata endpoint). */
  identity(): Promise<{ address: string; taskArn: string }>;
  target: OwnTarget;
  /** Viewers of the task's camera now (the stream hub). */
  viewers(): number;
  /** Stops the worker and ends the process (the Fargate task stops with its one container). */
  exit(reason: string): void;
  log(entry: Record<string, unknown>): void;
  /** How long the load balancer needs to find a new target healthy (its health check: 2 × 5 s). */
  warmUpMs: number;
  /** Waits (a timer in the process; tests resolve at once). */
  sleep(ms: number): Promise<void>;
}

/**
 * The life of a camera's worker task (the cloud, CAMERA_ID set): registers its address in the
 * load balancer's target group, waits until the load balancer can reach it, then tells the ticket
 * route it is ready (its task record, with its address for relays); writes a heartbeat while it
 * runs; and once nobody has watched for CAMERA_TASK_TIMING.idleStopMs (also when nobody came at
 * all), removes its record and its target and exits. `tick()` is called on a timer.
 */
export function cameraTask(deps: CameraTaskDeps) {
  let me: { address: string; taskArn: string } | undefined;
  let readyAt = 0;
  let lastWatchedAt = 0;
  let lastBeatAt = 0;
  let stopping = false;

  const record = (nowMs: number) => ({ state: 'ready' as const, startedAt: readyAt, heartbeatAt: nowMs, address: me!.address, taskArn: me!.taskArn });

  async function stop(reason: string) {
    if (stopping) return;
    stopping = true;
    deps.log({ msg: 'camera.task.stopping', cameraId: deps.cameraId, reason });
    // The record first: from now on a viewer's ticket request starts a new task instead of being sent here.
    if (me) {
      await deps.records.removeTask(deps.cameraId, me.taskArn).catch((error: Error) => deps.log({ msg: 'camera.task.record_failed', error: error.message }));
      await deps.target.deregister(me.address, deps.port).catch((error: Error) => deps.log({ msg: 'camera.task.deregister_failed', error: error.message }));
    }
    deps.exit(reason);
  }

  return {
    async start(nowMs: () => number) {
      me = await deps.identity();
      await deps.target.register(me.address, deps.port);
      await deps.sleep(deps.warmUpMs);
      readyAt = nowMs();
      lastWatchedAt = readyAt;
      lastBeatAt = readyAt;
      await deps.records.putTask(deps.cameraId, record(readyAt));
      deps.log({ msg: 'camera.task.ready', cameraId: deps.cameraId, address: me.address });
    },
    /** Heartbeat, or stop after the idle time; returns what it did. */
    async tick(nowMs: number): Promise<'idle-stop' | 'heartbeat' | 'none'> {
      if (!me || !readyAt || stopping) return 'none';
      if (deps.viewers() > 0) lastWatchedAt = nowMs;
      if (nowMs - lastWatchedAt >= CAMERA_TASK_TIMING.idleStopMs) {
        await stop('idle');
        return 'idle-stop';
      }
      if (nowMs - lastBeatAt < CAMERA_TASK_TIMING.heartbeatMs) return 'none';
      lastBeatAt = nowMs;
      await deps.records.putTask(deps.cameraId, record(nowMs));
      return 'heartbeat';
    },
    stop,
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
