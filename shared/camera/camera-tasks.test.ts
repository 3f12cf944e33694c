import { ECSClient, RunTaskCommand } from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { memoryTaskRecords } from '../../test/support/memory-camera-tasks.ts';
import { CAMERA_TASK_TIMING, onDemandTasks, type TaskLaunch } from './camera-tasks.ts';
import { ecsRunTask } from './ecs-run-task.ts';

const launch: TaskLaunch = { cluster: 'mosaic-test-camera', taskDefinition: 'mosaic-test-camera-worker', subnets: ['subnet-a', 'subnet-b'], securityGroups: ['sg-1'], container: 'Worker' };
const ecs = mockClient(ECSClient);
afterEach(() => ecs.reset());
const t0 = Date.parse('2026-05-01T10:00:00Z');
const CAMERA = '0b7a3c52-4d4e-4f0e-9d5b-1f2e3a4b5c6d';

describe('camera tasks on demand (ECS RunTask)', () => {
  it('starts a task for a camera nobody watches, with the camera id as the container override, once however many ask', async () => {
    ecs.on(RunTaskCommand).resolves({ tasks: [{ taskArn: 'arn:aws:ecs:eu-west-1:1:task/mosaic-test-camera/abc' }], failures: [] });
    const records = memoryTaskRecords();
    const tasks = onDemandTasks(records, launch, ecsRunTask(new ECSClient({ region: 'eu-west-1' })));

    expect(await tasks.ensure(CAMERA, t0)).toBe('starting');
    const calls = ecs.commandCalls(RunTaskCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input).toEqual({
      cluster: 'mosaic-test-camera',
      taskDefinition: 'mosaic-test-camera-worker',
      launchType: 'FARGATE',
      count: 1,
      startedBy: `camera-${CAMERA}`,
      networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-a', 'subnet-b'], securityGroups: ['sg-1'], assignPublicIp: 'ENABLED' } },
      overrides: { containerOverrides: [{ name: 'Worker', environment: [{ name: 'CAMERA_ID', value: CAMERA }] }] },
    });
    // Others asking while it starts (at once, or a while later) start no second task.
    expect(await Promise.all([tasks.ensure(CAMERA, t0 + 1), tasks.ensure(CAMERA, t0 + 1)])).toEqual(['starting', 'starting']);
    expect(await tasks.ensure(CAMERA, t0 + 30_000)).toBe('starting');
    expect(ecs.commandCalls(RunTaskCommand)).toHaveLength(1);

    // The task reports itself ready (worker/task-mode.ts): tickets from now on, no RunTask.
    await records.putTask(CAMERA, { state: 'ready', startedAt: t0, heartbeatAt: t0 + 40_000, address: '10.0.1.7', taskArn: 'arn:…/abc' });
    expect(await tasks.ensure(CAMERA, t0 + 50_000)).toBe('ready');
    expect(ecs.commandCalls(RunTaskCommand)).toHaveLength(1);
  });

  it('starts a new task when the ready one went quiet (no heartbeat) or a start never became ready, and after the last stopped', async () => {
    ecs.on(RunTaskCommand).resolves({ tasks: [{ taskArn: 'arn:aws:ecs:eu-west-1:1:task/mosaic-test-camera/def' }] });
    const records = memoryTaskRecords();
    const tasks = onDemandTasks(records, launch, ecsRunTask(new ECSClient({ region: 'eu-west-1' })));

    await records.putTask(CAMERA, { state: 'ready', startedAt: t0, heartbeatAt: t0, address: '10.0.1.7', taskArn: 'old' });
    expect(await tasks.ensure(CAMERA, t0 + CAMERA_TASK_TIMING.staleAfterMs)).toBe('ready');
    expect(await tasks.ensure(CAMERA, t0 + CAMERA_TASK_TIMING.staleAfterMs + 1)).toBe('starting');
    expect(ecs.commandCalls(RunTaskCommand)).toHaveLength(1);

    const restart = t0 + CAMERA_TASK_TIMING.staleAfterMs + 1;
    expect(await tasks.ensure(CAMERA, restart + CAMERA_TASK_TIMING.startTimeoutMs)).toBe('starting');
    expect(ecs.commandCalls(RunTaskCommand)).toHaveLength(1);
    expect(await tasks.ensure(CAMERA, restart + CAMERA_TASK_TIMING.startTimeoutMs + 1)).toBe('starting');
    expect(ecs.commandCalls(RunTaskCommand)).toHaveLength(2);

    // A task that stopped after its last viewer removed its record: the next viewer starts another.
    await records.putTask(CAMERA, { state: 'ready', startedAt: t0, heartbeatAt: t0, taskArn: 'gone' });
    await records.removeTask(CAMERA, 'gone');
    expect(await tasks.ensure(CAMERA, t0 + 1000)).toBe('starting');
    expect(ecs.commandCalls(RunTaskCommand)).toHaveLength(3);
  });

  it('answers 503 when ECS starts no task, and lets the next ask try again', async () => {
    ecs.on(RunTaskCommand).resolvesOnce({ tasks: [], failures: [{ reason: 'RESOURCE:ENI' }] }).resolves({ tasks: [{ taskArn: 'arn:…/ghi' }] });
    const records = memoryTaskRecords();
    const tasks = onDemandTasks(records, launch, ecsRunTask(new ECSClient({ region: 'eu-west-1' })));
    await expect(tasks.ensure(CAMERA, t0)).rejects.toMatchObject({ status: 503, code: 'service_unavailable', details: { reason: 'RESOURCE:ENI' } });
    expect(records.records.has(CAMERA)).toBe(false);
    expect(await tasks.ensure(CAMERA, t0 + 1)).toBe('starting');
    expect(ecs.commandCalls(RunTaskCommand)).toHaveLength(2);
  });
});
