import { describe, expect, it } from 'vitest';
import { newId, newTimeOrderedId, withRepeatableIds } from './ids.ts';
import { Id } from './schemas.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('ids', () => {
  it('are random outside an idempotent request', () => {
    expect(newId()).not.toBe(newId());
    expect(newId()).toMatch(UUID);
    const now = new Date('2026-03-01T08:00:00Z');
    expect(newTimeOrderedId(now)).not.toBe(newTimeOrderedId(now));
  });

  it('repeat, in order, on every run of the same request, and differ between requests', async () => {
    const run = () => Promise.resolve([newId(), newId(), newTimeOrderedId(new Date())]);
    const first = await withRepeatableIds('seed-a', 1_772_352_000_000, run);
    const again = await withRepeatableIds('seed-a', 1_772_352_000_000, run);
    const other = await withRepeatableIds('seed-b', 1_772_352_000_000, run);
    expect(again).toEqual(first);
    expect(new Set(first).size).toBe(3);
    for (const id of other) expect(first).not.toContain(id);
  });

  it('are valid ids of the API (UUIDv8), and time-ordered ids carry the first attempt’s time', async () => {
    const [id, timed] = await withRepeatableIds('seed-a', 1_772_352_000_000, () => Promise.resolve([newId(), newTimeOrderedId(new Date())]));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Id.safeParse(id).success).toBe(true);
    expect(timed).toMatch(/^[0-9a-z]{21}$/);
    expect(parseInt(timed!.slice(0, 9), 36)).toBe(1_772_352_000_000);
  });

  it('keep concurrent requests apart', async () => {
    const slow = (seed: string) =>
      withRepeatableIds(seed, 0, async () => {
        const a = newId();
        await new Promise((r) => setTimeout(r, 5));
        return [a, newId()];
      });
    const [x, y] = await Promise.all([slow('x'), slow('y')]);
    expect(await slow('x')).toEqual(x);
    expect(await slow('y')).toEqual(y);
  });
});
