import { DescribeServicesCommand, ECSClient, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { memoryTaskRecords } from '../../../test/support/memory-camera-tasks.ts';
import { CAMERA_TASK_TIMING, serviceTasks } from '../camera-tasks.ts';
import { ecsDesiredCount } from '../ecs-service.ts';
import { ecsScaleInProtection, ecsTaskIdentity } from './ecs-task-identity.ts';
import { cameraTask, relayToCameraTask } from './task-mode.ts';

const CAMERA = '0b7a3c52-4d4e-4f0e-9d5b-1f2e3a4b5c6d';
const OTHER = '7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
const t0 = Date.parse('2026-05-01T10:00:00Z');
const TASK_ARN = 'arn:aws:ecs:eu-west-1:1:task/mosaic-test-camera/abc';
const target = { cluster: 'mosaic-test-camera', service: 'mosaic-test-camera-worker' };
const ecs = mockClient(ECSClient);

/**
 * The ECS agent and task metadata endpoints a Fargate task reaches (ECS_AGENT_URI,
 * ECS_CONTAINER_METADATA_URI_V4), as a small HTTP server: it keeps the task's protection state.
 */
async function fakeAgent(servers: Server[]) {
  const protection: Array<{ ProtectionEnabled: boolean; ExpiresInMinutes?: number }> = [];
  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/meta/task') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify({ TaskARN: TASK_ARN, Containers: [{ Networks: [{ IPv4Addresses: ['10.0.1.7'] }] }] }));
    }
    if (req.method === 'PUT' && req.url === '/agent/task-protection/v1/state') {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const state = JSON.parse(body) as { ProtectionEnabled: boolean; ExpiresInMinutes?: number };
        protection.push(state);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ protection: { ProtectionEnabled: state.ProtectionEnabled, TaskArn: TASK_ARN } }));
      });
      return;
    }
    res.writeHead(404).end();
  });
  servers.push(server);
  const port = await new Promise<number>((done) => server.listen(0, '127.0.0.1', () => done((server.address() as AddressInfo).port)));
  return { base: `http://127.0.0.1:${port}`, protection, isProtected: () => protection.at(-1)?.ProtectionEnabled === true };
}

async function setup(servers: Server[]) {
  const agent = await fakeAgent(servers);
  const records = memoryTaskRecords();
  let desired = 0;
  ecs.on(DescribeServicesCommand).callsFake(() => ({ services: [{ desiredCount: desired }] }));
  ecs.on(UpdateServiceCommand).callsFake((input: { desiredCount: number }) => ((desired = input.desiredCount), {}));
  const setDesired = ecsDesiredCount(new ECSClient({ region: 'eu-west-1' }), target);
  const events: string[] = [];
  const viewers = new Map<string, number>();
  let now = t0;
  const task = cameraTask({
    records,
    identity: () => ecsTaskIdentity(`${agent.base}/meta`),
    protection: ecsScaleInProtection(`${agent.base}/agent`),
    setDesired,
    viewers: (id) => viewers.get(id) ?? 0,
    release: (id) => void events.push(`release ${id}`),
    exit: (reason) => void events.push(`exit ${reason}`),
    log: () => undefined,
    warmUpMs: 12_000,
    sleep: async (ms) => {
      events.push(`wait ${ms} protected=${agent.isProtected()}`);
      now += ms;
    },
  });
  // The ticket route's side, over the same table and service.
  const control = serviceTasks(records, setDesired);
  return { agent, records, events, task, control, viewers, desired: () => desired, now: () => now };
}

describe('a worker task of the camera service (cloud)', () => {
  const servers: Server[] = [];
  afterEach(() => {
    ecs.reset();
    for (const s of servers.splice(0)) s.close();
  });

  it('turns its scale-in protection on, waits for the load balancer, takes the claimed camera and reports it ready; the ticket route then issues tickets', async () => {
    const { agent, records, events, task, control, now, desired } = await setup(servers);
    expect(await control.ensure(CAMERA, t0)).toBe('starting');
    expect(desired()).toBe(1);
    await task.start(now);
    // Protection before anything else: ECS lowering the count never stops this task once it may serve.
    expect(agent.protection[0]).toEqual({ ProtectionEnabled: true, ExpiresInMinutes: CAMERA_TASK_TIMING.protectionMinutes });
    expect(events).toEqual(['wait 12000 protected=true']);
    expect(task.camera()).toBeUndefined();
    expect(await task.tick(now())).toBe('took');
    expect(task.camera()).toBe(CAMERA);
    expect(await records.taskOf(CAMERA)).toMatchObject({ state: 'ready', address: '10.0.1.7', taskArn: TASK_ARN, heartbeatAt: t0 + 12_000 });
    expect(await control.ensure(CAMERA, now() + 1000)).toBe('ready');
    expect(desired()).toBe(1);
    expect(agent.isProtected()).toBe(true);
  });

  it('beats, renews its protection and re-asserts the count while watched; after the last viewer left: record gone, protection off, count one lower', async () => {
    const { agent, records, events, task, control, viewers, now, desired } = await setup(servers);
    await control.ensure(CAMERA, t0);
    await control.ensure(OTHER, t0 + 1);
    expect(desired()).toBe(2);
    await task.start(now);
    // The older claim first, and one camera only: the other is left for another task.
    expect(await task.tick(now())).toBe('took');
    const mine = task.camera()!;
    expect(mine).toBe(CAMERA);
    expect(await records.taskOf(OTHER)).toMatchObject({ state: 'starting' });
    const ready = now();
    viewers.set(mine, 2);
    expect(await task.tick(ready + 10_000)).toBe('none');
    const before = (await records.taskOf(mine))!.version;
    expect(await task.tick(ready + CAMERA_TASK_TIMING.heartbeatMs)).toBe('heartbeat');
    expect(await records.taskOf(mine)).toMatchObject({ heartbeatAt: ready + CAMERA_TASK_TIMING.heartbeatMs, version: before + 1 });
    expect(agent.protection.filter((p) => p.ProtectionEnabled)).toHaveLength(2);
    // Someone set the count wrong (an out-of-order update): the heartbeat puts it back to the table's.
    await new ECSClient({ region: 'eu-west-1' }).send(new UpdateServiceCommand({ cluster: target.cluster, service: target.service, desiredCount: 5 }));
    expect(await task.tick(ready + 2 * CAMERA_TASK_TIMING.heartbeatMs)).toBe('heartbeat');
    expect(desired()).toBe(2);
    // Watched for ten minutes: never idle.
    for (let t = ready; t <= ready + 600_000; t += 10_000) expect(await task.tick(t)).not.toBe('idle-stop');
    const left = ready + 600_000;
    viewers.set(mine, 0);
    // Meanwhile the other camera is served by another task, beating.
    const other = (await records.taskOf(OTHER))!;
    await records.takeTask(OTHER, other.version, { taskArn: 'other-task', address: '10.0.3.3', nowMs: left + 60_000 });
    expect(await task.tick(left + CAMERA_TASK_TIMING.idleStopMs - 1)).not.toBe('idle-stop');
    expect(await records.beat(OTHER, 'other-task', left + CAMERA_TASK_TIMING.idleStopMs - 1)).toBe(true);
    expect(desired()).toBe(2);
    expect(await task.tick(left + CAMERA_TASK_TIMING.idleStopMs)).toBe('idle-stop');
    expect(await records.taskOf(mine)).toBeUndefined();
    expect(agent.protection.at(-1)).toEqual({ ProtectionEnabled: false });
    // The other camera's live task is all that counts now.
    expect(desired()).toBe(1);
    expect(task.camera()).toBeUndefined();
    // It does not end itself: ECS stops the unprotected task (SIGTERM → stop).
    expect(events.filter((e) => e.startsWith('exit'))).toEqual([]);
    await task.stop('shutdown', left + CAMERA_TASK_TIMING.idleStopMs + 1000);
    expect(events.at(-1)).toBe('exit shutdown');
  });

  it('gives itself up when it finds nothing to take for a minute, and takes a start that comes later (protection on again first)', async () => {
    const { agent, records, task, control, now, desired } = await setup(servers);
    await task.start(now);
    const started = now();
    expect(await task.tick(started)).toBe('waiting');
    expect(await task.tick(started + CAMERA_TASK_TIMING.unclaimedStopMs - 1)).toBe('waiting');
    expect(agent.isProtected()).toBe(true);
    expect(await task.tick(started + CAMERA_TASK_TIMING.unclaimedStopMs)).toBe('unclaimed');
    expect(agent.protection.at(-1)).toEqual({ ProtectionEnabled: false });
    expect(ecs.commandCalls(DescribeServicesCommand).length).toBeGreaterThan(0);
    expect(desired()).toBe(0);
    // ECS had not stopped it yet when a viewer came: it protects itself again and takes the start.
    await control.ensure(CAMERA, started + 70_000);
    const protections = agent.protection.length;
    expect(await task.tick(started + 71_000)).toBe('took');
    expect(agent.protection[protections]).toEqual({ ProtectionEnabled: true, ExpiresInMinutes: CAMERA_TASK_TIMING.protectionMinutes });
    expect(await records.taskOf(CAMERA)).toMatchObject({ state: 'ready', taskArn: TASK_ARN });
  });

  it('lets its camera go when the record was claimed anew (it was thought gone), and on SIGTERM leaves a newer task\'s record alone', async () => {
    const { agent, records, events, task, control, now } = await setup(servers);
    await control.ensure(CAMERA, t0);
    await task.start(now);
    expect(await task.tick(now())).toBe('took');
    // The ticket route found it quiet and claimed the camera anew; another task took that claim.
    const claim = (await records.taskOf(CAMERA))!;
    await records.claimTaskStart(CAMERA, now() + 100_000, claim.version);
    await records.takeTask(CAMERA, claim.version + 1, { taskArn: 'newer', address: '10.0.2.9', nowMs: now() + 101_000 });
    expect(await task.tick(now() + CAMERA_TASK_TIMING.heartbeatMs)).toBe('lost');
    expect(events).toContain(`release ${CAMERA}`);
    expect(agent.protection.at(-1)).toEqual({ ProtectionEnabled: false });
    await task.stop('shutdown', now() + 200_000);
    expect(await records.taskOf(CAMERA)).toMatchObject({ taskArn: 'newer' });
    expect(events.at(-1)).toBe('exit shutdown');
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
    await records.claimTaskStart(CAMERA, t0, undefined);
    await records.takeTask(CAMERA, 1, { taskArn: 'owner', address: '127.0.0.1', nowMs: t0 });
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
