import { describe, expect, inject, it } from 'vitest';
import { as, newUser } from '../support/http-client.ts';

const base = inject('mosaic').url;

/** Ids of the user's activities in the order Today lists them. */
async function todayOrder(client: ReturnType<typeof as>): Promise<string[]> {
  return (await client.get('/v1/today')).body.items.map((i: { activity: { id: string } }) => i.activity.id);
}

describe('activity colour, icon and the user’s order', () => {
  it('keeps a colour and an icon from the fixed sets, refusing others with the field named', async () => {
    const client = as(base, await newUser(base));
    const plain = await client.post('/v1/activities', { name: 'Plain' });
    expect(plain.status).toBe(201);
    expect(plain.body).toMatchObject({ color: 'blue', icon: null });
    const run = await client.post('/v1/activities', { name: 'Run', color: 'green', icon: 'run' });
    expect(run.body).toMatchObject({ color: 'green', icon: 'run' });

    const badColor = await client.post('/v1/activities', { name: 'X', color: '#ff0000' });
    expect(badColor.status).toBe(400);
    expect(badColor.body.error.details.issues[0].field).toBe('color');
    const badIcon = await client.patch(`/v1/activities/${run.body.id}`, { icon: 'rocket' });
    expect(badIcon.status).toBe(400);
    expect(badIcon.body.error.details.issues[0].field).toBe('icon');

    const changed = await client.patch(`/v1/activities/${run.body.id}`, { color: 'violet', icon: null });
    expect(changed.body).toMatchObject({ color: 'violet', icon: null });
    expect((await client.get(`/v1/activities/${run.body.id}`)).body).toMatchObject({ color: 'violet', icon: null });
  });

  it('lists new activities last, and moves one before or after another; a repeat changes nothing', async () => {
    const client = as(base, await newUser(base));
    const ids: string[] = [];
    for (const name of ['A', 'B', 'C', 'D']) ids.push((await client.post('/v1/activities', { name })).body.id);
    const [a, b, c, d] = ids as [string, string, string, string];
    expect(await todayOrder(client)).toEqual([a, b, c, d]);

    const moved = await client.put(`/v1/activities/${d}/position`, { before: b });
    expect(moved.status).toBe(200);
    expect(moved.body.id).toBe(d);
    expect(await todayOrder(client)).toEqual([a, d, b, c]);

    // The same request again: already there, the position stays as it is.
    const again = await client.put(`/v1/activities/${d}/position`, { before: b });
    expect(again.status).toBe(200);
    expect(again.body.position).toBe(moved.body.position);

    await client.put(`/v1/activities/${a}/position`, { after: c });
    expect(await todayOrder(client)).toEqual([d, b, c, a]);
    // The list of activities carries the positions the app sorts by.
    const listed = (await client.get('/v1/activities')).body.items as Array<{ id: string; position: number }>;
    expect([...listed].sort((x, y) => x.position - y.position).map((x) => x.id)).toEqual([d, b, c, a]);
  });

  it('refuses a move without exactly one neighbour, or next to itself (400)', async () => {
    const client = as(base, await newUser(base));
    const a = (await client.post('/v1/activities', { name: 'A' })).body.id;
    const b = (await client.post('/v1/activities', { name: 'B' })).body.id;
    for (const body of [{}, { before: a, after: b }, { before: 'not an id!' }]) {
      const res = await client.put(`/v1/activities/${b}/position`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    const self = await client.put(`/v1/activities/${a}/position`, { after: a });
    expect(self.status).toBe(400);
    expect(self.body.error.details.issues[0].field).toBe('after');
  });

  it('treats another user’s activity as not found, on either side of the move', async () => {
    const alice = as(base, await newUser(base));
    const bob = as(base, await newUser(base));
    const mine = (await alice.post('/v1/activities', { name: 'Mine' })).body.id;
    const also = (await alice.post('/v1/activities', { name: 'Also mine' })).body.id;
    const theirs = (await bob.post('/v1/activities', { name: 'Theirs' })).body.id;
    expect((await alice.put(`/v1/activities/${mine}/position`, { before: theirs })).status).toBe(404);
    expect((await alice.put(`/v1/activities/${theirs}/position`, { before: mine })).status).toBe(404);
    expect((await bob.put(`/v1/activities/${theirs}/position`, { after: also })).status).toBe(404);
    expect(await todayOrder(alice)).toEqual([mine, also]);
  });
});
