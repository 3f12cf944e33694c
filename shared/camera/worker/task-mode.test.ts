import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { memoryTaskRecords } from '../../../test/support/memory-camera-tasks.ts';
import { CAMERA_TASK_TIMING, onDemandTasks } from '../camera-tasks.ts';
import { cameraTask, relayToCameraTask } from './task-mode.ts';

const CAMERA = '0b7a3c52-4d4e-4f0e-9d5b-1f2e3a4b5c6d';
const t0 = Date.parse('2026-05-01T10:00:00Z');

function setup() {
  const records = memoryTaskRecords();
  const events: string[] = [];
  let viewers = 0;
  let now = t0;
  const task = cameraTask({
    cameraId: CAMERA,
    port: 8080,
    records,
    identity: async () => ({ address: '10.0.1.7', taskArn: 'arn:aws:ecs:eu-west-1:1:task/c/abc' }),
    target: { register: async (a, p) => void events.push(`register ${a}:${p}`), deregister: async (a, p) => void events.push(`deregister ${a}:${p}`) },
    viewers: () => viewers,
    exit: (reason) => void events.push(`exit ${reason}`),
    log: () => undefined,
    warmUpMs: 12_000,
    sleep: async (ms) => {
      events.push(`wait ${ms}`);
      now += ms;
    },
  });
  return { records, events, task, setViewers: (n: number) => (viewers = n), now: () => now };
}

describe('a camera\'s worker task (cloud)', () => {
  it('registers with the load balancer, waits for its health check, then reports ready with its address; the ticket route then issues tickets', async () => {
    const { records, events, task, now } = setup();
    // The ticket route claimed the start (and ran the task).
    await records.claimTaskStart(CAMERA, t0, undefined);
    const control = onDemandTasks(records, { cluster: 'c', taskDefinition: 'f', subnets: [], securityGroups: [], container: 'Worker' }, async () => ({ taskArn: 'x' }));
    expect(await control.ensure(CAMERA, t0 + 5000)).toBe('starting');
    await task.start(now);
    expect(events).toEqual(['register 10.0.1.7:8080', 'wait 12000']);
    expect(await records.taskOf(CAMERA)).toMatchObject({ state: 'ready', address: '10.0.1.7', taskArn: 'arn:aws:ecs:eu-west-1:1:task/c/abc', heartbeatAt: t0 + 12_000 });
    expect(await control.ensure(CAMERA, t0 + 13_000)).toBe('ready');
  });

  it('writes a heartbeat while watched, and after the last viewer left stops itself: record removed, target deregistered, process ended', async () => {
    const { records, events, task, setViewers, now } = setup();
    await task.start(now);
    const ready = now();
    setViewers(2);
    expect(await task.tick(ready + 10_000)).toBe('none');
    expect(await task.tick(ready + CAMERA_TASK_TIMING.heartbeatMs)).toBe('heartbeat');
    expect((await records.taskOf(CAMERA))!.heartbeatAt).toBe(ready + CAMERA_TASK_TIMING.heartbeatMs);
    // Watched for ten minutes: never idle.
    for (let t = ready; t <= ready + 600_000; t += 10_000) expect(await task.tick(t)).not.toBe('idle-stop');
    const left = ready + 600_000;
    setViewers(0);
    expect(await task.tick(left + CAMERA_TASK_TIMING.idleStopMs - 1)).not.toBe('idle-stop');
    expect(events).not.toContain('exit idle');
    expect(await task.tick(left + CAMERA_TASK_TIMING.idleStopMs)).toBe('idle-stop');
    expect(events.slice(-2)).toEqual(['deregister 10.0.1.7:8080', 'exit idle']);
    expect(await records.taskOf(CAMERA)).toBeUndefined();
    expect(await task.tick(left + CAMERA_TASK_TIMING.idleStopMs + 10_000)).toBe('none');
  });

  it('stops when nobody came at all within the idle time, and leaves a newer task\'s record alone', async () => {
    const { records, events, task, now } = setup();
    await task.start(now);
    // A newer task of the camera has written its record since (this one was thought gone).
    await records.putTask(CAMERA, { state: 'ready', startedAt: t0, heartbeatAt: t0, address: '10.0.2.9', taskArn: 'newer' });
    expect(await task.tick(now() + CAMERA_TASK_TIMING.idleStopMs)).toBe('idle-stop');
    expect(events).toContain('exit idle');
    expect(await records.taskOf(CAMERA)).toMatchObject({ taskArn: 'newer' });
  });
});

describe('relaying another camera\'s stream request', () => {
  const servers: Server[] = [];
  afterEach(() => {
    for (const s of servers.splice(0)) s.close();
  });
  const listen = (handler: Parameters<typeof createServer>[1]) =>
    new Promise<number>((done) => {
      const server = createServer(handler);
      servers.push(server);
      server.listen(0, '127.0.0.1', () => done((server.address() as AddressInfo).port));
    });

  it('passes the request, ticket and all, to the task of that camera and its answer back; 503 when that camera has no ready task', async () => {
    const seen: string[] = [];
    const ownerPort = await listen((req, res) => {
      seen.push(req.url!);
      res.writeHead(200, { 'content-type': 'multipart/x-mixed-replace; boundary=mosaicframe' });
      res.end('--mosaicframe\r\nContent-Type: image/jpeg\r\n\r\nJPEG\r\n');
    });
    const records = memoryTaskRecords();
    await records.putTask(CAMERA, { state: 'ready', startedAt: t0, heartbeatAt: t0, address: '127.0.0.1', taskArn: 'owner' });
    const relay = relayToCameraTask(records, ownerPort);
    const frontPort = await listen((req, res) => void relay(req.url!.split('/')[2]!, req, res));

    const relayed = await fetch(`http://127.0.0.1:${frontPort}/camera/${CAMERA}/stream?ticket=abc.def`);
    expect(relayed.status).toBe(200);
    expect(relayed.headers.get('content-type')).toBe('multipart/x-mixed-replace; boundary=mosaicframe');
    expect(await relayed.text()).toContain('JPEG');
    expect(seen).toEqual([`/camera/${CAMERA}/stream?ticket=abc.def`]);

    await records.removeTask(CAMERA, 'owner');
    const none = await fetch(`http://127.0.0.1:${frontPort}/camera/${CAMERA}/stream?ticket=abc.def`);
    expect(none.status).toBe(503);
    expect(none.headers.get('retry-after')).toBe(String(CAMERA_TASK_TIMING.retryAfterSeconds));
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe('camera_starting');
  });
});
