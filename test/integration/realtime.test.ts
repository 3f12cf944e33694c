import { DynamoDBClient, GetItemCommand, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { REALTIME_PROTOCOL } from '../../shared/realtime/protocol.ts';
import { as, call, eventually, newUser, queuesDrained } from '../support/http-client.ts';
import { startMosaic, tempDataDir, type RunningMosaic } from '../support/local-process.ts';
import { connectAs, openSocket } from '../support/ws-client.ts';

const mosaic = inject('mosaic');
const base = mosaic.url;
const today = () => new Date().toISOString().slice(0, 10);

describe('real time: tickets and the WebSocket handshake', () => {
  it('hands out a single-use ticket that a plain client offers as a subprotocol; the server echoes mosaic.v1', async () => {
    const user = await newUser(base);
    const ticket = (await as(base, user).post('/v1/realtime/tickets')).body;
    expect(ticket.url).toMatch(/^ws:\/\/localhost:\d+\/ws$/);
    expect(ticket.protocols).toEqual([REALTIME_PROTOCOL, `ticket.${ticket.ticket}`]);
    expect(ticket.url).not.toContain(ticket.ticket);
    const socket = await openSocket(ticket.url, ticket.protocols);
    expect(socket.ws.protocol).toBe(REALTIME_PROTOCOL);
    socket.ws.send(JSON.stringify({ type: 'ping' }));
    expect(await socket.next((m) => m.type === 'pong')).toMatchObject({ type: 'pong' });
    socket.ws.send('hello');
    expect(await socket.next((m) => m.type === 'error')).toMatchObject({ code: 'unknown_message' });
    // Used once: the same ticket opens nothing more.
    await expect(openSocket(ticket.url, ticket.protocols)).rejects.toMatchObject({ status: 401 });
    socket.ws.close();
  });

  it('refuses a connection without a ticket, with an unknown one, or without mosaic.v1; and tickets need a signed-in user', async () => {
    const user = await newUser(base);
    const { url, ticket } = (await as(base, user).post('/v1/realtime/tickets')).body;
    await expect(openSocket(url, [REALTIME_PROTOCOL])).rejects.toMatchObject({ status: 401 });
    await expect(openSocket(url, [REALTIME_PROTOCOL, 'ticket.not-a-real-ticket-at-all'])).rejects.toMatchObject({ status: 401 });
    await expect(openSocket(url, [`ticket.${ticket}`])).rejects.toMatchObject({ status: 401 });
    await expect(openSocket(url, [])).rejects.toMatchObject({ status: 401 });
    expect((await call(base, 'POST', '/v1/realtime/tickets')).status).toBe(401);
  });
});

describe('real time: pushing events', () => {
  it("pushes a user's entry to each of their connections, then the stats; another user receives nothing", async () => {
    const alice = await newUser(base);
    const bob = await newUser(base);
    const [tab1, tab2, other] = await Promise.all([connectAs(base, alice), connectAs(base, alice), connectAs(base, bob)]);
    const activity = (await as(base, alice).post('/v1/activities', { name: 'Walk' })).body;
    expect((await as(base, alice).put(`/v1/entries/${today()}/${activity.id}`, { status: 'done', value: 3 })).status).toBe(200);
    const isEntry = (m: any) => m.type === 'event' && m.event === 'entry.logged' && m.data.activityId === activity.id;
    for (const tab of [tab1, tab2]) {
      const m = (await tab.next(isEntry)) as any;
      expect(m.data).toMatchObject({ date: today(), status: 'done', value: 3 });
      expect(m.data.userId).toBeUndefined();
      expect(m.id).toEqual(expect.any(String));
      await tab.next((x: any) => x.type === 'event' && x.event === 'stats.updated' && x.data.activityId === activity.id);
    }
    await queuesDrained(base);
    expect(other.messages).toEqual([]);
    for (const s of [tab1, tab2, other]) s.ws.close();
  });

  it("pushes goal.progressed once a new goal's progress is computed (goal.changed alone races it)", async () => {
    const user = await newUser(base);
    const tab = await connectAs(base, user);
    const activity = (await as(base, user).post('/v1/activities', { name: 'Run', unit: 'km' })).body;
    expect((await as(base, user).put(`/v1/entries/${today()}/${activity.id}`, { status: 'done', value: 6 })).status).toBe(200);
    await tab.next((m: any) => m.event === 'stats.updated' && m.data.activityId === activity.id);
    const created = await as(base, user).post('/v1/goals', { name: 'Run 100 km', targetValue: 100, unit: 'km', links: [{ activityId: activity.id, weight: 1 }] });
    expect(created.status).toBe(201);
    const goal = created.body;
    await tab.next((m: any) => m.event === 'goal.changed' && m.data.goalId === goal.id);
    await tab.next((m: any) => m.event === 'goal.progressed' && m.data.goalId === goal.id);
    // goal.changed alone may come before the progress is computed; goal.progressed comes after.
    expect((await as(base, user).get(`/v1/goals/${goal.id}`)).body.currentValue).toBe(6);
    tab.ws.close();
  });

  it('forgets a connection that answers Gone, and one that closed', async () => {
    const user = await newUser(base);
    const dynamo = new DynamoDBClient({ region: 'us-east-1', endpoint: mosaic.endpoints.dynamodb, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    const table = mosaic.resources.tableName;
    // A connection API Gateway no longer has (as after a missed $disconnect).
    const stale = { pk: { S: `USER#${user.id}` }, sk: { S: 'WSCONN#stale-connection=' } };
    await dynamo.send(new PutItemCommand({
      TableName: table,
      Item: { ...stale, connectionId: { S: 'stale-connection=' }, userId: { S: user.id }, connectedAt: { S: new Date().toISOString() }, expiresAt: { N: String(Math.floor(Date.now() / 1000) + 3600) } },
    }));
    const live = await connectAs(base, user);
    const activity = (await as(base, user).post('/v1/activities', { name: 'Read' })).body;
    await as(base, user).put(`/v1/entries/${today()}/${activity.id}`, { status: 'done' });
    await live.next((m: any) => m.event === 'entry.logged');
    await eventually(async () => (await dynamo.send(new GetItemCommand({ TableName: table, Key: stale }))).Item, (item) => item === undefined);
    // A closed tab's connection is forgotten by $disconnect.
    live.ws.close();
    await live.closed;
    const count = async () => {
      const out = await dynamo.send(new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
        ExpressionAttributeValues: { ':pk': { S: `USER#${user.id}` }, ':p': { S: 'WSCONN#' } },
      }));
      return out.Count ?? 0;
    };
    await eventually(count, (n) => n === 0);
  });

  it('answers the @connections management endpoint only to signed calls', async () => {
    const res = await call(base, 'POST', '/@connections/anything=', { json: { type: 'x' } });
    expect(res.status).toBe(403);
  });
});

describe('real time: lifetimes', () => {
  let short: RunningMosaic;
  beforeAll(async () => {
    short = await startMosaic(tempDataDir('realtime-limits'), { MOSAIC_WS_IDLE_SECONDS: '1', MOSAIC_WS_MAX_SECONDS: '3', MOSAIC_QUIET: '1' });
  });
  afterAll(async () => {
    await short?.stop();
  });

  it('closes an idle connection (1001), and one past its maximum even while it pings', async () => {
    const user = await newUser(short.info.url);
    const idle = await connectAs(short.info.url, user);
    expect(await idle.closed).toEqual({ code: 1001, reason: 'Going away: idle' });

    const busy = await connectAs(short.info.url, user);
    const pinger = setInterval(() => busy.ws.send(JSON.stringify({ type: 'ping' })), 300);
    const closed = await busy.closed;
    clearInterval(pinger);
    // The pings kept it from idling: the maximum closed it.
    expect(closed).toEqual({ code: 1001, reason: 'Going away: connection duration exceeded' });
    expect(busy.messages.some((m) => m.type === 'pong')).toBe(true);
  });
});
