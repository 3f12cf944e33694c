import { describe, expect, it } from 'vitest';
import { memoryTracking } from '../../test/support/memory-repos.ts';
import type { PendingEvent } from '../db/pending.ts';
import { createActivity } from './activities.ts';
import { putEntry } from './entries.ts';
import { getActivityInsights } from './insights.ts';
import { handleTrackingEvent, rollupEvents } from './rollups.ts';

describe('getActivityInsights', () => {
  it('reads the first week of the year whole: a weekly habit met before a Sunday 1 Dec is not due on it', async () => {
    const deps = memoryTracking(new Date('2024-11-20T12:00:00Z'));
    await deps.profiles.create({ id: 'u1', email: 'a@x', displayName: 'A', timezone: 'UTC', createdAt: '', updatedAt: '' });
    const published: PendingEvent[] = [];
    deps.events = { publish: async (batch) => void published.push(...batch) };
    const habit = await createActivity(deps, 'u1', { name: 'Swim', cadence: { type: 'weekly', timesPerWeek: 2 } });
    // The week of Monday 25 Nov 2024 is met on Tuesday and Wednesday, in November.
    for (const date of ['2024-11-26', '2024-11-27']) await putEntry(deps, 'u1', { date, activityId: habit.id }, { status: 'done' });
    for (const e of published) {
      const spec = rollupEvents[e.type as keyof typeof rollupEvents];
      if (spec) await handleTrackingEvent(deps, { id: 'x', time: '', type: e.type, detail: spec.detail.parse(e.detail) } as Parameters<typeof handleTrackingEvent>[1]);
    }
    deps.clock.now = new Date('2025-12-01T12:00:00Z');
    // The year ending Sunday 30 Nov 2025 starts on Sunday 1 Dec 2024, the last day of that week.
    const insights = await getActivityInsights(deps, 'u1', habit.id, '2025-11-30');
    expect(insights.heatmap[0]).toMatchObject({ date: '2024-12-01', due: false });
  });
});
