import { describe, expect, it } from 'vitest';
import { withDynaliteTable } from '../support/dynalite-table.ts';

const CAMERA = '0b7a3c52-4d4e-4f0e-9d5b-1f2e3a4b5c6d';
const OTHER = '7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
const t0 = Date.parse('2026-05-01T10:00:00Z');

const tasks = withDynaliteTable(async () => (await import('../../shared/camera/camera-repository.ts')).dynamoCameraTasks);

describe('camera task records in the table (dynalite)', () => {
  it('lets exactly one of two tasks take a claimed camera, whatever the order', async () => {
    const records = tasks();
    expect(await records.claimTaskStart(CAMERA, t0, undefined)).toBe(true);
    const [claim] = (await records.allTasks()).filter((t) => t.cameraId === CAMERA);
    expect(claim).toMatchObject({ cameraId: CAMERA, state: 'starting', startedAt: t0, version: 1 });
    const taken = await Promise.all([
      records.takeTask(CAMERA, claim!.version, { taskArn: 'task-a', address: '10.0.1.1', nowMs: t0 + 1 }),
      records.takeTask(CAMERA, claim!.version, { taskArn: 'task-b', address: '10.0.1.2', nowMs: t0 + 1 }),
    ]);
    expect(taken.filter(Boolean)).toHaveLength(1);
    const winner = taken[0] ? 'task-a' : 'task-b';
    expect(await records.taskOf(CAMERA)).toMatchObject({ state: 'ready', taskArn: winner, heartbeatAt: t0 + 1, version: 2 });
    // Once taken, no later task takes it either, even with the version it now has.
    expect(await records.takeTask(CAMERA, 2, { taskArn: 'task-c', address: '10.0.1.3', nowMs: t0 + 2 })).toBe(false);
  });

  it('beats without reading (the version goes up), refuses the beat of a task whose record was claimed anew, and removes only its own record', async () => {
    const records = tasks();
    expect(await records.claimTaskStart(OTHER, t0, undefined)).toBe(true);
    expect(await records.takeTask(OTHER, 1, { taskArn: 'first', address: '10.0.2.1', nowMs: t0 })).toBe(true);
    expect(await records.beat(OTHER, 'first', t0 + 30_000)).toBe(true);
    expect(await records.taskOf(OTHER)).toMatchObject({ heartbeatAt: t0 + 30_000, version: 3, taskArn: 'first', address: '10.0.2.1' });
    expect(await records.beat(OTHER, 'stranger', t0 + 31_000)).toBe(false);

    // Thought gone: the ticket route claims it anew (the whole item replaced: no task), another task takes it.
    expect(await records.claimTaskStart(OTHER, t0 + 200_000, 3)).toBe(true);
    expect((await records.taskOf(OTHER))!.taskArn).toBeUndefined();
    expect(await records.beat(OTHER, 'first', t0 + 200_001)).toBe(false);
    expect(await records.takeTask(OTHER, 4, { taskArn: 'second', address: '10.0.2.2', nowMs: t0 + 201_000 })).toBe(true);
    await records.removeTask(OTHER, 'first');
    expect(await records.taskOf(OTHER)).toMatchObject({ taskArn: 'second' });
    await records.removeTask(OTHER, 'second');
    expect(await records.taskOf(OTHER)).toBeUndefined();
    // A beat on a record that is gone creates nothing.
    expect(await records.beat(OTHER, 'second', t0 + 300_000)).toBe(false);
    expect(await records.taskOf(OTHER)).toBeUndefined();
  });
});
