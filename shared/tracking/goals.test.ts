import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../kit/errors.ts';
import { memoryTracking } from '../../test/support/memory-repos.ts';
import { createActivity } from './activities.ts';
import { createGoal, recomputeGoal, setGoalLinks } from './goals.ts';
import { withRepeatableIds } from '../kit/ids.ts';
import { MAX_GOALS_PER_USER } from './limits.ts';

async function setup() {
  const deps = memoryTracking(new Date('2026-11-21T12:00:00Z'));
  await deps.profiles.create({ id: 'u1', email: 'a@x', displayName: 'A', timezone: 'UTC', createdAt: '', updatedAt: '' });
  const run = await createActivity(deps, 'u1', { name: 'Run', unit: 'km' });
  const swim = await createActivity(deps, 'u1', { name: 'Swim', unit: 'km' });
  return { deps, run, swim };
}

describe('goals', () => {
  it('refuses links to activities that are not the caller’s', async () => {
    const { deps } = await setup();
    await expect(
      createGoal(deps, 'u1', { name: 'G', targetValue: 10, links: [{ activityId: '00000000-0000-4000-8000-000000000000', weight: 1 }] }),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(await deps.goals.listAll('u1')).toEqual([]);
  });

  it('sums weighted contributions from the start date and announces completion exactly once', async () => {
    const { deps, run, swim } = await setup();
    const goal = await createGoal(deps, 'u1', { name: 'Base', targetValue: 20, startDate: '2026-11-10', links: [{ activityId: run.id, weight: 1 }] });
    await deps.rollups.applySlot('u1', run.id, '2026-11-09', { status: 'done', value: 50 }, 1); // before the start: not counted
    await deps.rollups.applySlot('u1', run.id, '2026-11-12', { status: 'done', value: 6 }, 1);
    await deps.rollups.applySlot('u1', swim.id, '2026-11-12', { status: 'done', value: 2 }, 1);
    await recomputeGoal(deps, 'u1', goal.id);
    expect((await deps.goals.get('u1', goal.id))?.currentValue).toBe(6);

    await setGoalLinks(deps, 'u1', goal.id, [
      { activityId: run.id, weight: 1 },
      { activityId: swim.id, weight: 8 },
    ]);
    await recomputeGoal(deps, 'u1', goal.id);
    const reached = await deps.goals.get('u1', goal.id);
    expect(reached).toMatchObject({ currentValue: 22, announced: true, completedAt: '2026-11-21T12:00:00.000Z' });
    await recomputeGoal(deps, 'u1', goal.id);
    expect(deps.published.filter((e) => e.type === 'goal.completed')).toHaveLength(1);
  });

  it('re-announces a completion whose announcement did not go out (crash between the steps)', async () => {
    const { deps, run } = await setup();
    const goal = await createGoal(deps, 'u1', { name: 'Small', targetValue: 1, startDate: '2026-11-01', links: [{ activityId: run.id, weight: 1 }] });
    await deps.rollups.applySlot('u1', run.id, '2026-11-12', { status: 'done', value: null }, 1);
    const publish = deps.events.publish.bind(deps.events);
    deps.events.publish = async () => {
      throw new Error('bus down');
    };
    await expect(recomputeGoal(deps, 'u1', goal.id)).rejects.toThrow('bus down');
    expect((await deps.goals.get('u1', goal.id))?.announced).toBe(false);
    deps.events.publish = publish;
    await recomputeGoal(deps, 'u1', goal.id);
    expect(deps.published.filter((e) => e.type === 'goal.completed')).toHaveLength(1);
    expect((await deps.goals.get('u1', goal.id))?.announced).toBe(true);
  });

  it('a re-run of the same request answers the goal the first run stored and announces it again', async () => {
    const { deps } = await setup();
    const run = () => withRepeatableIds('user-u1-key-g1-request', 0, () => createGoal(deps, 'u1', { name: 'Marathon', targetValue: 42 }));
    const first = await run();
    const announced = deps.published.filter((e) => e.type === 'goal.changed').length;
    const again = await run();
    expect(again.id).toBe(first.id);
    expect(await deps.goals.listAll('u1')).toHaveLength(1);
    // The first run may have died before it announced the goal: the re-run does it again.
    expect(deps.published.filter((e) => e.type === 'goal.changed')).toHaveLength(announced + 1);
  });

  it('lets nothing past the cap of goals', async () => {
    const { deps } = await setup();
    for (let i = 0; i < MAX_GOALS_PER_USER; i++) await createGoal(deps, 'u1', { name: `G${i}`, targetValue: 1 });
    await expect(createGoal(deps, 'u1', { name: 'One more', targetValue: 1 })).rejects.toMatchObject({ status: 409, code: 'limit_reached' });
  });
});
