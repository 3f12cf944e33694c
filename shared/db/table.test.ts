/** The table helpers against dynalite (the local runtime's stand-in). */
import { describe, expect, it } from 'vitest';
import { withDynaliteTable } from '../../test/support/dynalite-table.ts';

const table = withDynaliteTable(() => import('./table.ts'));

describe('getItems', () => {
  it('reads more keys than one BatchGetItem takes (100), in parallel chunks, missing keys absent', async () => {
    const items = Array.from({ length: 230 }, (_, i) => ({ pk: 'T#get', sk: `K#${String(i).padStart(3, '0')}`, n: i }));
    await table().batchPut(items, 4);
    const keys = [...items.map(({ pk, sk }) => ({ pk, sk })), { pk: 'T#get', sk: 'K#missing' }];
    const read = await table().getItems(keys, { consistent: true, parallel: 3 });
    expect(read).toHaveLength(230);
    expect(read.map((i) => i.n as number).sort((a, b) => a - b)).toEqual(items.map((i) => i.n));
    const projected = await table().getItems(keys.slice(95, 105), { projection: 'sk' });
    expect(projected.map((i) => Object.keys(i))).toEqual(Array.from({ length: 10 }, () => ['sk']));
    expect(await table().getItems([])).toEqual([]);
  });

  it('deletes more keys than one BatchWriteItem takes (25)', async () => {
    const items = Array.from({ length: 60 }, (_, i) => ({ pk: 'T#del', sk: `K#${i}` }));
    await table().batchPut(items);
    await table().batchDelete(items.slice(0, 55));
    expect((await table().getItems(items, { consistent: true })).map((i) => i.sk).sort()).toEqual(['K#55', 'K#56', 'K#57', 'K#58', 'K#59']);
  });
});
