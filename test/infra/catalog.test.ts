import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { functionTestEnv } from '../support/function-env.ts';
import { bundleFunctions } from '../../infra/cdk/bundle.ts';
import { functionCatalog, functionGroups, isReadOnly, ROUTE_TABLE, type RouteTable } from '../../infra/cdk/function-catalog.ts';
import { PROJECT_ROOT } from '../../infra/cdk/mosaic-app.ts';
import { consumers, routeList, schedules, socketRoutes } from '../../infra/routes/index.ts';
import { isPerUser } from '../../infra/routes/types.ts';

describe('function catalog', () => {
  it('lists every route, the fallback, every consumer, every scheduled function and every WebSocket route once', () => {
    const specs = functionCatalog();
    const scheduledFunctions = Object.values(schedules).filter((s) => !isPerUser(s)).length;
    expect(specs).toHaveLength(routeList.length + 1 + Object.keys(consumers).length + scheduledFunctions + socketRoutes.length);
    expect(new Set(specs.map((s) => s.name)).size).toBe(specs.length);
    // Every function sits in exactly one group.
    expect([...functionGroups(specs).values()].flat()).toHaveLength(specs.length);
  });

  const withConsumer = (patch: Partial<RouteTable['consumers'][string]>, name = 'extra'): RouteTable => ({
    ...ROUTE_TABLE,
    consumers: {
      ...ROUTE_TABLE.consumers,
      [name]: { ...Object.values(ROUTE_TABLE.consumers)[0]!, ...patch },
    },
  });

  it('rejects a name used twice (function names must be unique)', () => {
    expect(() => functionCatalog(withConsumer({}, routeList[0]!.name))).toThrow(/unique/);
  });

  it('rejects a consumer whose queue visibility is shorter than its timeout', () => {
    expect(() => functionCatalog(withConsumer({ visibilityTimeoutSeconds: 10, timeoutSeconds: 30 }))).toThrow(/visibilityTimeout/);
  });

  it('calls a declaration read-only only when nothing in it can write', () => {
    expect(isReadOnly({ table: 'read' })).toBe(true);
    expect(isReadOnly({ table: 'read', buckets: { imports: 'read' }, userPool: 'auth' })).toBe(true);
    expect(isReadOnly({ table: 'write' })).toBe(false);
    expect(isReadOnly({ table: 'read', buckets: { exports: 'write' } })).toBe(false);
    expect(isReadOnly({ table: 'read', publishes: ['entry.logged'] })).toBe(false);
    expect(isReadOnly({ table: 'read', queues: ['nudge-user'] })).toBe(false);
    expect(isReadOnly({ table: 'read', secrets: { envelope: 'seal' } })).toBe(false);
    expect(isReadOnly({ table: 'read', secrets: { envelope: 'open' } })).toBe(true);
    expect(isReadOnly({ table: 'read', userPool: 'manage' })).toBe(false);
  });
});

describe('bundling', () => {
  const specs = functionCatalog();
  const first = bundleFunctions(specs, { root: PROJECT_ROOT });

  it('writes one ESM bundle with a source map per function, with a createRequire banner', () => {
    for (const spec of specs) {
      const dir = first.dirs[spec.name]!;
      expect(dir).toBe(join(PROJECT_ROOT, '.build/functions', spec.name));
      const code = readFileSync(join(dir, 'index.mjs'), 'utf8');
      expect(code.startsWith('import { createRequire')).toBe(true);
      expect(code).toMatch(/sourceMappingURL=index\.mjs\.map/);
      expect(JSON.parse(readFileSync(join(dir, 'index.mjs.map'), 'utf8')).version).toBe(3);
    }
  });

  it('carries a client only where the table declares the resource, and no other area\'s code', () => {
    /** What a bundle holding this source file can reach, and the declaration that must allow it. */
    const clients: Array<[source: RegExp, declared: (spec: (typeof specs)[number]) => boolean]> = [
      [/shared\/events\/bus-publisher\.ts$/, (s) => !!s.resources.publishes?.length],
      [/shared\/aws\/sqs\.ts$/, (s) => !!s.resources.queues?.length || !!s.resources.deadLetters],
      [/node_modules\/@aws-sdk\/client-s3\//, (s) => Object.keys(s.resources.buckets ?? {}).length > 0],
      [/node_modules\/@aws-sdk\/client-cognito-identity-provider\//, (s) => !!s.resources.userPool],
      [/node_modules\/@aws-sdk\/client-kms\//, (s) => !!s.resources.secrets?.envelope],
      [/node_modules\/@aws-sdk\/client-secrets-manager\//, (s) => !!s.resources.secrets?.app?.length],
      [/node_modules\/@aws-sdk\/client-apigatewaymanagementapi\//, (s) => s.resources.realtime === 'push'],
      [/node_modules\/@aws-sdk\/client-kinesis-video\//, (s) => !!s.resources.videoStreams],
      [/node_modules\/@aws-sdk\/client-ecs\//, (s) => !!s.resources.cameraTasks],
      [/node_modules\/@aws-sdk\/client-sts\//, (s) => s.resources.monitoring === 'assume-role'],
    ];
    for (const spec of specs) {
      const inputs = first.contents[spec.name]!;
      expect(inputs.length, spec.name).toBeGreaterThan(0);
      for (const [source, declared] of clients) {
        expect(inputs.some((path) => source.test(path)), `${spec.name}: ${source}`).toBe(declared(spec));
      }
      // A handler bundles its own area's route module only.
      const routeModules = inputs.filter((path) => path.startsWith('infra/routes/'));
      expect(routeModules.length, `${spec.name}: ${routeModules.join(', ')}`).toBeLessThanOrEqual(1);
      expect(inputs.some((path) => path.endsWith('/responses.ts')), `${spec.name} bundles response schemas`).toBe(false);
    }
  });

  it('keeps the tracking writes out of functions that only read tracking, and out of MCP (it logs entries only)', () => {
    // The write side of the tracking repositories: names, slots under a cap, marks, batches.
    const writes = /shared\/(tracking\/(activity|goal|rollup|entry)-repository|db\/slots|db\/pending-store)\.ts$/;
    const holding = (name: string) => first.contents[name]!.filter((path) => writes.test(path));
    const readers = ['mcp', 'get-today', 'get-dashboard', 'get-activity-stats', 'get-activity', 'list-activities', 'list-entries', 'list-goals', 'get-goal'];
    for (const name of readers) expect(holding(name), name).toEqual([]);
    // The pattern is real: a writer holds every one of them, and MCP holds the entry change it makes.
    expect(holding('put-entry')).toHaveLength(6);
    expect(first.contents.mcp).toContain('shared/tracking/entry-changes.ts');
  });

  it('bundles the idempotency code exactly where the contract is idempotent, the audit writer in every authenticated route', () => {
    const holding = (pattern: RegExp) =>
      specs.filter((s) => first.contents[s.name]!.some((path) => pattern.test(path))).map((s) => s.name).sort();
    const names = (routes: typeof routeList) => routes.map((r) => r.name).sort();
    // Only idempotentHttpHandler brings idempotency in: a route's bundle holds it iff its contract says so.
    const idempotent = names(routeList.filter((r) => r.idempotent));
    expect(idempotent).toEqual(expect.arrayContaining(['create-activity', 'put-entry', 'delete-entry']));
    expect(holding(/shared\/kit\/idempotency\.ts$/)).toEqual(idempotent);
    expect(holding(/shared\/kit\/idempotent-http-handler\.ts$/)).toEqual(idempotent);
    expect(holding(/shared\/kit\/idempotency\.ts$/)).not.toContain('get-activity');
    // A rejected token is audited on every authenticated route: each one carries the writer…
    expect(holding(/shared\/audit\/audit-writer\.ts$/)).toEqual(
      expect.arrayContaining(names(routeList.filter((r) => r.auth === 'user' || r.auth === 'admin'))),
    );
    // …while the audit trail's reads stay with the admin routes that show it.
    expect(holding(/shared\/audit\/audit-repository\.ts$/)).toEqual(
      ['list-users', 'get-user', 'disable-user', 'enable-user', 'delete-user', 'grant-admin', 'revoke-admin', 'list-audit'].sort(),
    );
  });

  it("holds its own route's contract and input schemas, not another route's", () => {
    const code = (name: string) => readFileSync(join(first.dirs[name]!, 'index.mjs'), 'utf8');
    // A message of CreateActivityBody/UpdateActivityBody's reminder times (ReminderTime): only their routes carry it.
    const reminderTime = 'must be a time HH:MM (00:00 to 23:59)';
    expect(code('create-activity')).toContain(reminderTime);
    expect(code('update-activity')).toContain(reminderTime);
    for (const name of ['list-activities', 'get-activity', 'get-today', 'put-entry']) expect(code(name), name).not.toContain(reminderTime);
    // The MFA code's message (LoginMfaBody, MfaEnableBody) is not in the other account routes.
    const mfaCode = 'must be the 6-digit code from your authenticator app';
    expect(code('login-mfa')).toContain(mfaCode);
    for (const name of ['get-me', 'register', 'refresh']) expect(code(name), name).not.toContain(mfaCode);
    // Nor another route's path: a handler's contract is its own (the area's table stays out).
    expect(code('list-activities')).toContain('/v1/activities');
    expect(code('list-activities')).not.toContain('/v1/goals/{id}/links');
    expect(first.contents['list-activities']).not.toContain('shared/tracking/activity-schemas.ts');
  });

  it('skips esbuild when nothing changed', () => {
    expect(bundleFunctions(specs, { root: PROJECT_ROOT }).built).toBe(false);
  });

  it('keeps classic zod out of every bundle (handlers validate with zod/mini)', () => {
    const holding = (pattern: RegExp) =>
      specs.filter((s) => first.contents[s.name]!.some((path) => pattern.test(path))).map((s) => s.name);
    // MCP too: its server is Mosaic's own, not the SDK's (whose message schemas are classic zod; docs/decisions.md).
    expect(holding(/node_modules\/zod\/v4\/classic\//)).toEqual([]);
    expect(holding(/node_modules\/@modelcontextprotocol\//)).toEqual([]);
    // The lists are real: every route with an input schema carries zod's core.
    const validating = routeList.filter((r) => r.body || r.query || r.params).map((r) => r.name);
    expect(validating.length).toBeGreaterThan(0);
    expect(holding(/node_modules\/zod\/v4\/core\//)).toEqual(expect.arrayContaining(validating));
  });

  it('produces bundles that load on Node 22 and export `handler`', () => {
    const urls = specs.map((s) => pathToFileURL(join(first.dirs[s.name]!, 'index.mjs')).href);
    const script = `for (const url of ${JSON.stringify(urls)}) {
      const m = await import(url);
      if (typeof m.handler !== 'function') { console.error('no handler in ' + url); process.exit(1); }
    }`;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      env: {
        PATH: process.env.PATH,
        ...functionTestEnv('test'),
        AWS_REGION: 'us-east-1',
      },
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
