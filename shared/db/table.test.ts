/** The table helpers against dynalite (the local runtime's stand-in). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynaliteTable } from '../../test/support/dynalite-table.ts';
import type * as Table from './table.ts';

let table: Awaited<ReturnType<typeof startDynaliteTable>>;
let db: typeof Table;

beforeAll(async () => {
  table = await startDynaliteTable();
  db = await import('./table.ts');
});
afterAll(() => table.close());

describe('getItems', () => {
  it('reads more keys than one BatchGetItem takes (100), in parallel chunks, missing keys absent', async () => {
    const items = Array.from({ length: 230 }, (_, i) => ({ pk: 'T#get', sk: `K#${String(i).padStart(3, '0')}`, n: i }));
    await db.batchPut(items, 4);
    const keys = [...items.map(({ pk, sk }) => ({ pk, sk })), { pk: 'T#get', sk: 'K#missing' }];
    const read = await db.getItems(keys, { consistent: true, parallel: 3 });
    expect(read).toHaveLength(230);
    expect(read.map((i) => i.n as number).sort((a, b) => a - b)).toEqual(items.map((i) => i.n));
    const projected = await db.getItems(keys.slice(95, 105), { projection: 'sk' });
    expect(projected.map((i) => Object.keys(i))).toEqual(Array.from({ length: 10 }, () => ['sk']));
    expect(await db.getItems([])).toEqual([]);
  });

  it('deletes more keys than one BatchWriteItem takes (25)', async () => {
    const items = Array.from({ length: 60 }, (_, i) => ({ pk: 'T#del', sk: `K#${i}` }));
    await db.batchPut(items);
    await db.batchDelete(items.slice(0, 55));
    expect((await db.getItems(items, { consistent: true })).map((i) => i.sk).sort()).toEqual(['K#55', 'K#56', 'K#57', 'K#58', 'K#59']);
  });
});
