import { describe, expect, it } from 'vitest';
import { ConflictError, DomainError, NotFoundError } from '../kit/errors.ts';
import { memoryTracking } from '../../test/support/memory-repos.ts';
import {
  addPause,
  createActivity,
  deactivateActivity,
  deleteActivity,
  getActivity,
  listActivities,
  moveActivity,
  removePause,
  resumeActivity,
  updateActivity,
} from './activities.ts';
import { putEntry } from './entries.ts';
import { MAX_ACTIVITIES_PER_USER } from './schemas.ts';
import { withRepeatableIds } from '../kit/ids.ts';

async function setup(timezone = 'UTC') {
  const deps = memoryTracking(new Date('2026-11-21T12:00:00Z'));
  await deps.profiles.create({ id: 'u1', email: 'a@x', displayName: 'A', timezone, createdAt: '', updatedAt: '' });
  return deps;
}

describe('activities', () => {
  it('creates an activity with the defaults of a new habit, starting on the local date', async () => {
    const deps = await setup('Pacific/Kiritimati'); // UTC+14: already the 22nd
    const a = await createActivity(deps, 'u1', { name: 'Run' });
    expect(a).toMatchObject({
      name: 'Run',
      description: '',
      goal: null,
      direction: 'positive',
      cadence: { type: 'daily' },
      difficulty: 'medium',
      priority: 'medium',
      status: 'active',
      startDate: '2026-11-22',
      atRisk: false,
      pauses: [],
    });
    expect('userId' in a).toBe(false);
  });

  it('keeps names unique per user regardless of case, and frees a name on rename', async () => {
    const deps = await setup();
    const run = await createActivity(deps, 'u1', { name: 'Run' });
    await expect(createActivity(deps, 'u1', { name: 'RUN' })).rejects.toBeInstanceOf(ConflictError);
    await deps.profiles.create({ id: 'u2', email: 'b@x', displayName: 'B', timezone: 'UTC', createdAt: '', updatedAt: '' });
    await expect(createActivity(deps, 'u2', { name: 'Run' })).resolves.toMatchObject({ name: 'Run' });
    await updateActivity(deps, 'u1', run.id, { name: 'Jog' });
    await expect(createActivity(deps, 'u1', { name: 'run' })).resolves.toMatchObject({ name: 'run' });
  });

  it('refuses more than the maximum number of activities', async () => {
    const deps = await setup();
    for (let i = 0; i < MAX_ACTIVITIES_PER_USER; i++) await createActivity(deps, 'u1', { name: `A${i}` });
    const error = await createActivity(deps, 'u1', { name: 'One more' }).catch((e: DomainError) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).status).toBe(409);
  });

  it("hides another user's activity as not found", async () => {
    const deps = await setup();
    const a = await createActivity(deps, 'u1', { name: 'Run' });
    await expect(getActivity(deps, 'u2', a.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('publishes activity.changed only when history would fold differently', async () => {
    const deps = await setup();
    const a = await createActivity(deps, 'u1', { name: 'Run' });
    await updateActivity(deps, 'u1', a.id, { name: 'Running', category: 'sport' });
    expect(deps.published).toEqual([]);
    await updateActivity(deps, 'u1', a.id, { cadence: { type: 'weekly', timesPerWeek: 3 } });
    expect(deps.published.map((e) => e.type)).toEqual(['activity.changed']);
  });

  it('deletes only an archived activity, with its entries', async () => {
    const deps = await setup();
    const a = await createActivity(deps, 'u1', { name: 'Run' });
    await putEntry(deps, 'u1', { date: '2026-11-20', activityId: a.id }, { value: 3 });
    await expect(deleteActivity(deps, 'u1', a.id)).rejects.toBeInstanceOf(ConflictError);
    await deactivateActivity(deps, 'u1', a.id);
    const other = await createActivity(deps, 'u1', { name: 'Swim' });
    await deps.goals.create({
      id: 'g1', userId: 'u1', name: 'Move', description: '', targetValue: 10, unit: '', startDate: '2026-11-01', deadline: null,
      links: [{ activityId: a.id, weight: 1 }, { activityId: other.id, weight: 2 }],
      currentValue: 3, completedAt: null, createdAt: '', updatedAt: '',
    });
    await deleteActivity(deps, 'u1', a.id);
    expect(await deps.activities.get('u1', a.id)).toBeUndefined();
    expect(await deps.entries.listByDate('u1', '2026-11-20')).toEqual([]);
    expect((await deps.goals.get('u1', 'g1'))?.links).toEqual([{ activityId: other.id, weight: 2 }]);
    expect(deps.published.filter((e) => e.type === 'goal.changed').map((e) => e.detail.goalId)).toEqual(['g1']);
  });

  it('pauses over ranges without overlap, shows paused today, and resumes', async () => {
    const deps = await setup();
    const a = await createActivity(deps, 'u1', { name: 'Run' });
    const paused = await addPause(deps, 'u1', a.id, { from: '2026-11-20' });
    expect(paused.status).toBe('paused');
    const clash = await addPause(deps, 'u1', a.id, { from: '2026-12-01', to: '2026-12-03' }).catch((e: DomainError) => e);
    expect((clash as DomainError).code).toBe('pause_overlaps');
    // The same pause again (a re-run of the request) changes nothing.
    expect((await addPause(deps, 'u1', a.id, { from: '2026-11-20' })).pauses).toEqual([{ from: '2026-11-20' }]);
    expect((await listActivities(deps, 'u1', { limit: 10, status: 'paused' })).items.map((x) => x.id)).toEqual([a.id]);
    const resumed = await resumeActivity(deps, 'u1', a.id);
    expect(resumed.status).toBe('active');
    expect(resumed.pauses).toEqual([{ from: '2026-11-20', to: '2026-11-20' }]);
    await expect(resumeActivity(deps, 'u1', a.id)).rejects.toMatchObject({ code: 'not_paused' });
    const removed = await removePause(deps, 'u1', a.id, '2026-11-20');
    expect(removed.pauses).toEqual([]);
    await expect(removePause(deps, 'u1', a.id, '2026-11-20')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('pages a status-filtered list without duplicates or gaps', async () => {
    const deps = await setup();
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push((await createActivity(deps, 'u1', { name: `A${i}` })).id);
    await deactivateActivity(deps, 'u1', ids[3]!);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listActivities(deps, 'u1', { limit: 2, cursor, status: 'active' });
      seen.push(...page.items.map((a) => a.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual(ids.filter((_, i) => i !== 3).sort());
  });

  it('a re-run of the same request (same ids) answers the activity the first run stored, and makes no second', async () => {
    const deps = await setup();
    const run = () => withRepeatableIds('user-u1-key-k1-request', Date.parse('2026-11-21T12:00:00Z'), () => createActivity(deps, 'u1', { name: 'Run' }));
    const first = await run();
    await updateActivity(deps, 'u1', first.id, { unit: 'km' });
    const again = await run();
    expect(again.id).toBe(first.id);
    expect(again.unit).toBe('km');
    expect(await deps.activities.listAll('u1')).toHaveLength(1);
  });
});

describe('colour, icon and the user’s order', () => {
  it('gives a new activity the default colour, no icon, and a position after every earlier one', async () => {
    const deps = await setup();
    const a = await createActivity(deps, 'u1', { name: 'A' });
    expect(a).toMatchObject({ color: 'blue', icon: null });
    deps.now = () => new Date('2026-11-21T12:00:01Z');
    const b = await createActivity(deps, 'u1', { name: 'B', color: 'green', icon: 'run' });
    expect(b).toMatchObject({ color: 'green', icon: 'run' });
    expect(b.position).toBeGreaterThan(a.position);
  });

  it('moves with one write of the moved activity, none when it is there already; a stranger’s id is not found', async () => {
    const deps = await setup();
    const ids: string[] = [];
    for (const [i, name] of ['A', 'B', 'C'].entries()) {
      deps.now = () => new Date(Date.UTC(2026, 10, 21, 12, 0, i));
      ids.push((await createActivity(deps, 'u1', { name })).id);
    }
    const [a, b, c] = ids as [string, string, string];
    const before = new Map([...(await deps.activities.listAll('u1'))].map((x) => [x.id, x.updatedAt + x.position]));
    const moved = await moveActivity(deps, 'u1', c, { before: a });
    const after = await deps.activities.listAll('u1');
    const changed = after.filter((x) => before.get(x.id) !== x.updatedAt + x.position).map((x) => x.id);
    expect(changed).toEqual([c]);
    expect(moved.position).toBeLessThan(after.find((x) => x.id === a)!.position);
    const again = await moveActivity(deps, 'u1', c, { before: a });
    expect(again.position).toBe(moved.position);
    await expect(moveActivity(deps, 'u1', b, { after: 'someone-elses-id' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(moveActivity(deps, 'u2', b, { after: a })).rejects.toBeInstanceOf(NotFoundError);
    await expect(moveActivity(deps, 'u1', b, { after: b })).rejects.toMatchObject({ status: 400 });
  });
});
