import { describe, expect, it } from 'vitest';
import { compareActivities, groupByCategory, inUserOrder, placeActivity, POSITION_STEP, type Orderable } from './ordering.ts';

const act = (id: string, position: number, category = '', name = id.toUpperCase()): Orderable => ({ id, name, category, position });

/** The ids in the order the writes leave them. */
function after(all: Orderable[], writes: { id: string; position: number }[]): string[] {
  const byId = new Map(writes.map((w) => [w.id, w.position]));
  return inUserOrder(all.map((a) => ({ ...a, position: byId.get(a.id) ?? a.position }))).map((a) => a.id);
}

describe('the user’s order of activities', () => {
  it('sorts by position, then name, then id', () => {
    const items = [act('c', 3), act('b', 1, '', 'Same'), act('a', 1, '', 'Same'), act('d', 1, '', 'Alpha')];
    expect(inUserOrder(items).map((a) => a.id)).toEqual(['d', 'a', 'b', 'c']);
    expect(compareActivities(items[0]!, items[0]!)).toBe(0);
  });

  it('groups by category alphabetically, those without one last, each group in the user’s order', () => {
    const groups = groupByCategory([act('a', 5, 'health'), act('b', 1), act('c', 3, 'Focus'), act('d', 2, 'health'), act('e', 4, 'focus')]);
    expect(groups.map((g) => [g.category, g.items.map((i) => i.id)])).toEqual([
      ['Focus', ['c']],
      ['focus', ['e']],
      ['health', ['d', 'a']],
      ['', ['b']],
    ]);
  });

  it('groups wrapped items (a day’s rows) by the activity each holds', () => {
    const rows = [{ activity: act('a', 2, 'x') }, { activity: act('b', 1, 'x') }, { activity: act('c', 0) }];
    expect(groupByCategory(rows, (r) => r.activity).map((g) => g.items.map((r) => r.activity.id))).toEqual([['b', 'a'], ['c']]);
  });

  it('moves one activity with one write: the midpoint of its new neighbours', () => {
    const all = [act('a', 1000), act('b', 2000), act('c', 3000)];
    const writes = placeActivity(all, 'c', { before: 'b' });
    expect(writes).toEqual([{ id: 'c', position: 1500 }]);
    expect(after(all, writes)).toEqual(['a', 'c', 'b']);
  });

  it('moves to either end one step beyond the first or last', () => {
    const all = [act('a', 1000), act('b', 2000), act('c', 3000)];
    expect(placeActivity(all, 'c', { before: 'a' })).toEqual([{ id: 'c', position: 1000 - POSITION_STEP }]);
    expect(placeActivity(all, 'a', { after: 'c' })).toEqual([{ id: 'a', position: 3000 + POSITION_STEP }]);
  });

  it('writes nothing when the activity is already there (a repeated request changes nothing)', () => {
    const all = [act('a', 1000), act('b', 2000), act('c', 3000)];
    expect(placeActivity(all, 'b', { after: 'a' })).toEqual([]);
    expect(placeActivity(all, 'b', { before: 'c' })).toEqual([]);
  });

  it('renumbers when neighbours tie, keeping everyone else’s order', () => {
    // Three created in the same millisecond (an import): equal positions, order by name.
    const all = [act('a', 5, '', 'A'), act('b', 5, '', 'B'), act('c', 5, '', 'C'), act('z', 1, '', 'Z')];
    const writes = placeActivity(all, 'a', { after: 'b' });
    expect(after(all, writes)).toEqual(['z', 'b', 'a', 'c']);
    expect(writes.length).toBeGreaterThan(1);
  });

  it('renumbers when a float cannot split the gap any more', () => {
    let all = [act('a', 1), act('b', 1 + Number.EPSILON * 2), act('m', 10)];
    const writes = placeActivity(all, 'm', { after: 'a' });
    expect(after(all, writes)).toEqual(['a', 'm', 'b']);
    all = [act('a', 1), act('b', 2), act('m', 3)];
    // Many moves into the same gap keep the order right.
    for (let i = 0; i < 80; i++) {
      const target = i % 2 ? 'b' : 'a';
      const ws = placeActivity(all, 'm', { after: target });
      const byId = new Map(ws.map((w) => [w.id, w.position]));
      all = all.map((x) => ({ ...x, position: byId.get(x.id) ?? x.position }));
      expect(inUserOrder(all).map((x) => x.id).indexOf('m')).toBe(inUserOrder(all).map((x) => x.id).indexOf(target) + 1);
    }
  });

  it('refuses an unknown id, or placing an activity next to itself', () => {
    const all = [act('a', 1), act('b', 2)];
    expect(() => placeActivity(all, 'x', { before: 'a' })).toThrow(RangeError);
    expect(() => placeActivity(all, 'a', { before: 'x' })).toThrow(RangeError);
    expect(() => placeActivity(all, 'a', { after: 'a' })).toThrow(RangeError);
  });
});
