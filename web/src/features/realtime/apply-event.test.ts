import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { applyLiveEvent } from './apply-event.ts';

function cacheWith(keys: unknown[][]) {
  const client = new QueryClient();
  for (const key of keys) client.setQueryData(key, { v: 1 });
  const stale = () => keys.filter((key) => client.getQueryState(key)?.isInvalidated).map((k) => JSON.stringify(k));
  return { client, stale };
}

const event = (name: string, data: Record<string, unknown>) => ({ type: 'event' as const, id: `ev-${name}`, event: name, at: '', data });

describe('live events in the query cache', () => {
  const keys = [
    ['tracking', 'today', '2026-11-28'],
    ['tracking', 'entries', {}],
    ['tracking', 'activities', 'one', 'a1'],
    ['tracking', 'activities', 'stats', 'a1'],
    ['tracking', 'activities', 'one', 'a2'],
    ['tracking', 'dashboard'],
    ['tracking', 'goals', 'list'],
    ['notifications', 'bell'],
  ];

  it('marks an entry\u2019s day and activity stale, and nothing of another activity', () => {
    const { client, stale } = cacheWith(keys);
    expect(applyLiveEvent(client, event('entry.logged', { activityId: 'a1', date: '2026-11-28' }))).toBeUndefined();
    expect(stale()).toEqual([
      '["tracking","today","2026-11-28"]',
      '["tracking","entries",{}]',
      '["tracking","activities","one","a1"]',
      '["tracking","activities","stats","a1"]',
    ]);
  });

  it('re-reads stats, dashboard and goals when the roll-up lands', () => {
    const { client, stale } = cacheWith(keys);
    applyLiveEvent(client, event('stats.updated', { activityId: 'a1' }));
    expect(stale()).toEqual(expect.arrayContaining(['["tracking","dashboard"]', '["tracking","goals","list"]', '["tracking","activities","stats","a1"]']));
    expect(stale()).not.toContain('["notifications","bell"]');
  });

  it('re-reads goals and the dashboard when a goal\'s progress lands', () => {
    const { client, stale } = cacheWith(keys);
    applyLiveEvent(client, event('goal.progressed', { goalId: 'g1' }));
    expect(stale()).toEqual(expect.arrayContaining(['["tracking","dashboard"]', '["tracking","goals","list"]']));
    expect(stale()).not.toContain('["notifications","bell"]');
  });

  it('toasts a reached goal and an activity at risk, and refreshes the bell', () => {
    const { client, stale } = cacheWith(keys);
    expect(applyLiveEvent(client, event('goal.completed', { goalId: 'g1', name: 'Run 100 km', targetValue: 100, currentValue: 100 }))).toEqual({
      message: 'Goal reached: Run 100 km 🎉',
    });
    expect(stale()).toContain('["notifications","bell"]');
    expect(applyLiveEvent(client, event('activity.at_risk', { activityId: 'a2', name: 'Gym', consecutiveMisses: 2 }))?.message).toMatch(/^Gym is at risk/);
    expect(applyLiveEvent(client, event('nudge.sent', { activityId: 'a2', name: 'Gym' }))).toBeUndefined();
  });

  it('keeps an import’s progress for the page showing it, and re-reads only that import', () => {
    const { client, stale } = cacheWith([...keys, ['tracking', 'imports', 'one', 'i1'], ['devices', 'sources']]);
    applyLiveEvent(client, event('import.progress', { importId: 'i1', format: 'apple_health', phase: 'writing', rowsRead: 1000, rowsApplied: 1000, total: 4000 }));
    expect(client.getQueryData(['devices', 'import-progress', 'i1'])).toEqual({ phase: 'writing', rowsRead: 1000, rowsApplied: 1000, total: 4000 });
    expect(stale()).toEqual(['["tracking","imports","one","i1"]']);
    applyLiveEvent(client, event('wearable.ingested', { batchId: 'b1', source: 'garmin', metrics: ['steps'], days: ['2026-11-28'] }));
    expect(stale()).toContain('["devices","sources"]');
  });

  it('re-reads the listening views when a sync finishes, and toasts only new plays', () => {
    const { client, stale } = cacheWith([...keys, ['listening', 'overview'], ['listening', 'runs'], ['listening', 'top', 'artist', '4w', 'plays']]);
    expect(applyLiveEvent(client, event('listening.synced', { runId: 'r1', kind: 'collector', playsAdded: 12, finishedAt: '' }))).toEqual({ message: 'Spotify: 12 new plays' });
    expect(stale()).toEqual(['["listening","overview"]', '["listening","runs"]', '["listening","top","artist","4w","plays"]']);
    expect(applyLiveEvent(client, event('listening.synced', { runId: 'r2', kind: 'manual', playsAdded: 1, finishedAt: '' }))?.message).toBe('Spotify: 1 new play');
    expect(applyLiveEvent(client, event('listening.synced', { runId: 'import-i1', importId: 'i1', kind: 'import', playsAdded: 0, finishedAt: '' }))).toBeUndefined();
  });
});
