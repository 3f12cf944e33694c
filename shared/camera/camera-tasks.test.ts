import { DescribeServicesCommand, ECSClient, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { memoryTaskRecords } from '../../test/support/memory-camera-tasks.ts';
import { CAMERA_TASK_TIMING, serviceTasks } from './camera-tasks.ts';
import { ecsDesiredCount } from './ecs-service.ts';

const ecs = mockClient(ECSClient);
afterEach(() => ecs.reset());
const t0 = Date.parse('2026-05-01T10:00:00Z');
const CAMERA = '0b7a3c52-4d4e-4f0e-9d5b-1f2e3a4b5c6d';
const OTHER = '7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
const target = { cluster: 'mosaic-test-camera', service: 'mosaic-test-camera-worker' };

/** ECS as the control sees it: a service whose desired count the mock keeps. */
function service(initial = 0) {
  let desired = initial;
  ecs.on(DescribeServicesCommand).callsFake(() => ({ services: [{ serviceName: target.service, desiredCount: desired }] }));
  ecs.on(UpdateServiceCommand).callsFake((input: { desiredCount: number }) => {
    desired = input.desiredCount;
    return { service: { desiredCount: desired } };
  });
  return { desired: () => desired, updates: () => ecs.commandCalls(UpdateServiceCommand).map((c) => c.args[0].input) };
}

function control() {
  const records = memoryTaskRecords();
  return { records, tasks: serviceTasks(records, ecsDesiredCount(new ECSClient({ region: 'eu-west-1' }), target)) };
}

describe('camera tasks on demand (the ECS service\'s desired count)', () => {
  it('raises the service\'s count for a camera nobody watches, once however many ask, and issues tickets once a task took it', async () => {
    const ecsService = service();
    const { records, tasks } = control();

    expect(await tasks.ensure(CAMERA, t0)).toBe('starting');
    expect(ecsService.updates()).toEqual([{ cluster: 'mosaic-test-camera', service: 'mosaic-test-camera-worker', desiredCount: 1 }]);
    expect(ecs.commandCalls(DescribeServicesCommand)[0]!.args[0].input).toEqual({ cluster: 'mosaic-test-camera', services: ['mosaic-test-camera-worker'] });
    // Others asking while it starts (at once, or a while later) claim nothing more and change no count.
    expect(await Promise.all([tasks.ensure(CAMERA, t0 + 1), tasks.ensure(CAMERA, t0 + 1), tasks.ensure(CAMERA, t0 + 2)])).toEqual(['starting', 'starting', 'starting']);
    expect(await tasks.ensure(CAMERA, t0 + 30_000)).toBe('starting');
    expect(ecsService.updates()).toHaveLength(1);
    expect((await records.taskOf(CAMERA))!.version).toBe(1);

    // A second camera: the count is the table's, two.
    expect(await tasks.ensure(OTHER, t0 + 31_000)).toBe('starting');
    expect(ecsService.desired()).toBe(2);

    // A task took the first camera (worker/task-mode.ts): tickets from now on, no count change.
    expect(await records.takeTask(CAMERA, 1, { taskArn: 'arn:…/abc', address: '10.0.1.7', nowMs: t0 + 40_000 })).toBe(true);
    expect(await tasks.ensure(CAMERA, t0 + 50_000)).toBe('ready');
    expect(ecsService.updates()).toHaveLength(2);
  });

  it('claims concurrent asks once: of many control instances asking at the same moment, one claims and sets the count', async () => {
    const ecsService = service();
    const records = memoryTaskRecords();
    const setDesired = ecsDesiredCount(new ECSClient({ region: 'eu-west-1' }), target);
    // Each ask as its own Lambda instance would: its own control over the same table.
    const asks = Array.from({ length: 5 }, () => serviceTasks(records, setDesired).ensure(CAMERA, t0));
    expect(await Promise.all(asks)).toEqual(Array(5).fill('starting'));
    expect((await records.taskOf(CAMERA))!.version).toBe(1);
    expect(ecsService.updates()).toEqual([{ cluster: 'mosaic-test-camera', service: 'mosaic-test-camera-worker', desiredCount: 1 }]);
  });

  it('claims again a start no task took in time, and a ready camera whose task went quiet; the count stays the table\'s', async () => {
    const ecsService = service();
    const { records, tasks } = control();
    expect(await tasks.ensure(CAMERA, t0)).toBe('starting');
    expect(await tasks.ensure(CAMERA, t0 + CAMERA_TASK_TIMING.startTimeoutMs)).toBe('starting');
    expect((await records.taskOf(CAMERA))!.version).toBe(1);
    // Stale: claimed anew (a new version and start time), the count re-asserted (still one: the stale claim is this one).
    const restart = t0 + CAMERA_TASK_TIMING.startTimeoutMs + 1;
    expect(await tasks.ensure(CAMERA, restart)).toBe('starting');
    expect(await records.taskOf(CAMERA)).toMatchObject({ state: 'starting', startedAt: restart, version: 2 });
    expect(ecsService.desired()).toBe(1);
    // Re-asserted, but the count was right: no UpdateService call beyond the first.
    expect(ecsService.updates()).toHaveLength(1);

    // A task took it, then stopped beating (crashed): after staleAfterMs the next ask claims it anew, without that task.
    expect(await records.takeTask(CAMERA, 2, { taskArn: 'crashed', address: '10.0.1.7', nowMs: restart + 10_000 })).toBe(true);
    expect(await tasks.ensure(CAMERA, restart + 10_000 + CAMERA_TASK_TIMING.staleAfterMs)).toBe('ready');
    expect(await tasks.ensure(CAMERA, restart + 10_001 + CAMERA_TASK_TIMING.staleAfterMs)).toBe('starting');
    const claimed = (await records.taskOf(CAMERA))!;
    expect(claimed).toMatchObject({ state: 'starting', version: 4 });
    expect(claimed.taskArn).toBeUndefined();
    // The crashed task, should it wake, finds the record no longer its own.
    expect(await records.beat(CAMERA, 'crashed', restart + 200_000)).toBe(false);
  });

  it('puts back a count an out-of-order update lowered while the camera starts, on the page\'s next ask', async () => {
    const ecsService = service();
    const { tasks } = control();
    expect(await tasks.ensure(CAMERA, t0)).toBe('starting');
    expect(ecsService.desired()).toBe(1);
    // A task that gave up its camera counted before this claim was written; its update landed after.
    await new ECSClient({ region: 'eu-west-1' }).send(new UpdateServiceCommand({ cluster: target.cluster, service: target.service, desiredCount: 0 }));
    expect(await tasks.ensure(CAMERA, t0 + 5000)).toBe('starting');
    expect(ecsService.desired()).toBe(1);
    expect(ecsService.updates().map((u) => u.desiredCount)).toEqual([1, 0, 1]);
  });

  it('counts only live claims: stale starts and quiet tasks of other cameras are not counted', async () => {
    const ecsService = service(3);
    const { records, tasks } = control();
    await records.claimTaskStart(OTHER, t0, undefined);
    const later = t0 + CAMERA_TASK_TIMING.startTimeoutMs + 1;
    expect(await tasks.ensure(CAMERA, later)).toBe('starting');
    expect(ecsService.updates()).toEqual([{ cluster: 'mosaic-test-camera', service: 'mosaic-test-camera-worker', desiredCount: 1 }]);
  });

  it('answers 503 when ECS refuses the count, releases the claim, and lets the next ask try again', async () => {
    ecs.on(DescribeServicesCommand).resolves({ services: [{ desiredCount: 0 }] });
    ecs.on(UpdateServiceCommand).rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' })).resolves({});
    const { records, tasks } = control();
    await expect(tasks.ensure(CAMERA, t0)).rejects.toMatchObject({ status: 503, code: 'service_unavailable', details: { reason: 'ThrottlingException' } });
    expect(records.records.has(CAMERA)).toBe(false);
    expect(await tasks.ensure(CAMERA, t0 + 1)).toBe('starting');
    expect(ecs.commandCalls(UpdateServiceCommand)).toHaveLength(2);
  });
});
