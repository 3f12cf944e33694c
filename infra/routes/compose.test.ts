import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { contracts, route } from '../../shared/contract/routes.ts';
import { composeTable, type AreaTable } from './compose.ts';
import { fallbackRoute, ROUTE_TABLE } from './index.ts';
import { platformConsumers } from './platform.ts';
import type { ConsumerDef, RouteDeployment } from './types.ts';

const deploy = (patch: Partial<RouteDeployment> = {}): RouteDeployment => ({
  handler: 'functions/x.ts',
  resources: { table: 'write' },
  summary: 'x',
  tag: 'test',
  ...patch,
});

const job: ConsumerDef = {
  handler: 'functions/jobs/x.ts',
  resources: { table: 'write' },
  batchSize: 10,
  visibilityTimeoutSeconds: 60,
  maxReceiveCount: 3,
  timeoutSeconds: 30,
  memoryMb: 256,
  description: 'x',
};

function area(patch: Partial<AreaTable> & Pick<AreaTable, 'routes'>): AreaTable {
  const deployment = Object.fromEntries(Object.keys(patch.routes).map((name) => [name, deploy()]));
  return { deployment, ...patch };
}

const compose = (...areas: AreaTable[]) => composeTable(areas, fallbackRoute, platformConsumers);

describe('composing the route table', () => {
  it('composes the real table: routes, the per-user fan-out granted every per-user job queue', () => {
    expect(ROUTE_TABLE.routes.length).toBeGreaterThan(30);
    const perUser = Object.values(ROUTE_TABLE.schedules).flatMap((s) => ('perUser' in s ? [s.perUser] : []));
    // A per-user job a route starts (not a schedule) is flagged `fannedOut`: "restore all".
    const fannedOut = Object.entries(ROUTE_TABLE.consumers).flatMap(([name, c]) => (c.fannedOut ? [name] : []));
    expect(fannedOut).toEqual(['restore-user']);
    expect(ROUTE_TABLE.consumers['user-pages']!.resources.queues).toEqual([...perUser, ...fannedOut]);
  });

  it('fails when an idempotent or rate-limited route cannot write its records', () => {
    const routes = contracts([ route('make-thing', { method: 'POST', path: '/v1/things', auth: 'user' }) ]);
    expect(() => compose(area({ routes, deployment: { 'make-thing': deploy({ resources: { table: 'read' } }) } }))).toThrow(
      /make-thing: an idempotent or rate-limited route keeps records in the table; declare table: 'write'/,
    );
    const limited = contracts([
      route('sign-up', { method: 'POST', path: '/v1/sign-up', auth: 'public', rateLimit: { requests: 1, windowSeconds: 1 } }),
    ]);
    expect(() => compose(area({ routes: limited, deployment: { 'sign-up': deploy({ resources: {} }) } }))).toThrow(/sign-up: an idempotent/);
  });

  it('fails when an authenticated route cannot read the caller’s token state', () => {
    const routes = contracts([ route('read-thing', { method: 'GET', path: '/v1/things', auth: 'user' }) ]);
    expect(() => compose(area({ routes, deployment: { 'read-thing': deploy({ resources: {} }) } }))).toThrow(
      /read-thing: an authenticated route reads the caller's token state in the table; declare table access/,
    );
    expect(() => compose(area({ routes, deployment: { 'read-thing': deploy({ resources: { table: 'read' } }) } }))).not.toThrow();
  });

  it('fails on a route key declared twice, a name used twice, or a route that outlives API Gateway', () => {
    const twice = contracts([
      route('a', { method: 'GET', path: '/v1/a', auth: 'user' }),
      route('b', { method: 'GET', path: '/v1/a', auth: 'user', body: z.object({}) }),
    ]);
    expect(() => compose(area({ routes: twice }))).toThrow(/GET \/v1\/a is declared twice/);
    const one = contracts([ route('user-pages', { method: 'GET', path: '/v1/p', auth: 'user' }) ]);
    const withJob = area({ routes: one, schedules: { nightly: { expression: 'rate(1 day)', perUser: 'job', description: 'x' } }, consumers: { job } });
    expect(() => compose(withJob)).toThrow(/"user-pages" names both a route and a consumer/);
    const slow = contracts([ route('slow', { method: 'GET', path: '/v1/slow', auth: 'user' }) ]);
    expect(() => compose(area({ routes: slow, deployment: { slow: deploy({ timeoutSeconds: 30 }) } }))).toThrow(/outlive API Gateway/);
  });

  it('fails on unknown events, queues that are not job queues, and per-user schedules without their job', () => {
    const routes = contracts([ route('a', { method: 'GET', path: '/v1/a', auth: 'user' }) ]);
    const unknownEvent = { a: deploy({ resources: { table: 'read', publishes: ['no.such' as never] } }) };
    expect(() => compose(area({ routes, deployment: unknownEvent }))).toThrow(/a: unknown event type "no.such"/);
    const busConsumer = { ...job, eventTypes: ['entry.logged' as const] };
    const toBusQueue = { a: deploy({ resources: { table: 'read', queues: ['listener'] } }) };
    expect(() => compose(area({ routes, deployment: toBusQueue, consumers: { listener: busConsumer } }))).toThrow(
      /a: "listener" is not a job queue/,
    );
    const orphan = { nightly: { expression: 'rate(1 day)', perUser: 'missing', description: 'x' } };
    expect(() => compose(area({ routes, schedules: orphan }))).toThrow(/schedule "nightly": "missing" is not a job queue/);
  });
});

describe('area route modules', () => {
  it("list every route constant they declare in their area's table, under its name", async () => {
    const modules = ['account', 'camera', 'incidents', 'listening', 'mcp', 'notifications', 'operations', 'realtime', 'tracking', 'wearables'];
    let seen = 0;
    for (const name of modules) {
      const module = (await import(`./${name}.ts`)) as Record<string, unknown>;
      const tables = Object.values(module).filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null && Object.values(v).some(isContract));
      for (const [exported, value] of Object.entries(module)) {
        if (!isContract(value)) continue;
        seen++;
        expect(exported, name).toMatch(/Route$/);
        expect(tables.some((table) => table[value.name] === value), `${name}.${exported} (${value.name}) is in no table`).toBe(true);
      }
    }
    expect(seen).toBeGreaterThan(100);
  });
});

function isContract(value: unknown): value is { name: string; method: string; path: string } {
  return typeof value === 'object' && value !== null && 'method' in value && 'path' in value && 'name' in value;
}

