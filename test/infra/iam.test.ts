import { describe, expect, it } from 'vitest';
import { isReadOnly } from '../../infra/cdk/function-catalog.ts';
import {
  AUDIT_APPEND_ACTIONS,
  AUDIT_DENIED_ACTIONS,
  AUDIT_READ_ACTIONS,
  TABLE_READ_ACTIONS,
  TABLE_WRITE_ACTIONS,
  USER_POOL_MANAGE_ACTIONS,
  USER_POOL_LOOKUP_ACTIONS,
  USER_POOL_SIGN_OUT_ACTIONS,
} from '../../infra/cdk/grants.ts';
import { routeList } from '../../infra/routes/index.ts';
import { asList, buildStage, ourFunctions } from './support/build.ts';

const built = buildStage('test');

/** A statement limited to audit keys (`dynamodb:LeadingKeys` AUDIT#*). */
const onAuditKeys = (s: any) => JSON.stringify(s.Condition ?? {}).includes('AUDIT#*');
/** Every function, with `actions` of its statements beyond the audit ones (checked on their own below). */
const fns = ourFunctions(built).map((fn) => ({
  ...fn,
  actions: fn.statements.filter((s: any) => s.Effect === 'Allow' && !onAuditKeys(s)).flatMap((s: any) => asList<string>(s.Action)),
}));

/** Actions that change state somewhere; none may appear on a read-only route. */
const WRITE_ACTION = [
  /^dynamodb:(PutItem|UpdateItem|DeleteItem|BatchWriteItem|\*)$/,
  /^s3:(PutObject.*|DeleteObject.*|Abort.*|\*)$/,
  /^events:PutEvents$/,
  /^cognito-idp:(Admin.*|\*)$/,
  /^\*$/,
];

const by = (prefix: string, actions: string[]) => actions.filter((a) => a.startsWith(prefix)).sort();

describe('least privilege from the route table', () => {
  it('covers every function', () => {
    expect(fns).toHaveLength(built.specs.length);
  });

  // Derived from the table: table `read` and nothing writable declared.
  const readOnlyRoutes = routeList.filter((r) => r.resources.table === 'read' && isReadOnly(r.resources));

  it('finds the read-only routes in the table (get-activity, list-activities, get-today …)', () => {
    expect(readOnlyRoutes.map((r) => r.name)).toEqual(
      expect.arrayContaining(['get-activity', 'list-activities', 'get-today']),
    );
  });

  for (const route of readOnlyRoutes) {
    it(`${route.name} (read-only) has no write action`, () => {
      const fn = fns.find((f) => f.spec.name === route.name)!;
      const writes = fn.actions.filter((a) => WRITE_ACTION.some((w) => w.test(a)));
      expect(writes).toEqual([]);
      expect(by('dynamodb:', fn.actions)).toEqual([...TABLE_READ_ACTIONS].sort());
    });
  }

  it('grants table access exactly as declared (read → reads; write → reads and writes; none → nothing)', () => {
    for (const fn of fns) {
      const expected =
        fn.spec.resources.table === 'write'
          ? [...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS]
          : fn.spec.resources.table === 'read'
            ? TABLE_READ_ACTIONS
            : [];
      expect(by('dynamodb:', fn.actions), fn.spec.name).toEqual([...expected].sort());
    }
  });

  it('allows only PutItem (append) and Query (read) on audit keys, and denies every other write there to each table writer', () => {
    const auditRoutes = routeList.filter((r) => r.resources.audit);
    expect(auditRoutes.map((r) => r.name)).toEqual(expect.arrayContaining(['list-audit', 'get-me', 'login']));
    for (const fn of fns) {
      const audit = fn.statements.filter((s: any) => s.Effect === 'Allow' && onAuditKeys(s));
      const allowed = audit.flatMap((s: any) => asList<string>(s.Action)).sort();
      const declared = fn.spec.resources.audit;
      const expected = declared === 'read' ? [...AUDIT_APPEND_ACTIONS, ...AUDIT_READ_ACTIONS] : declared === 'append' ? AUDIT_APPEND_ACTIONS : [];
      expect(allowed, fn.spec.name).toEqual([...expected].sort());
      for (const s of audit) expect(s.Condition, fn.spec.name).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['AUDIT#*'] } });
      const denied = fn.statements.filter((s: any) => s.Effect === 'Deny' && onAuditKeys(s)).flatMap((s: any) => asList<string>(s.Action));
      expect(denied.sort(), fn.spec.name).toEqual(fn.spec.resources.table === 'write' ? [...AUDIT_DENIED_ACTIONS].sort() : []);
    }
  });

  it('names the table and its indexes, never a wildcard index', () => {
    for (const fn of fns) {
      const resources = fn.statements
        .filter((s) => asList<string>(s.Action).some((a) => a.startsWith('dynamodb:')))
        .flatMap((s) => asList(s.Resource));
      for (const resource of resources) expect(JSON.stringify(resource), fn.spec.name).not.toContain('*');
    }
  });

  it('lets only functions declaring `publishes` put events, on the stage bus, of those detail types only', () => {
    for (const fn of fns) {
      const puts = fn.statements.filter((s) => asList<string>(s.Action).includes('events:PutEvents'));
      if (fn.spec.resources.publishes?.length) {
        expect(puts, fn.spec.name).toHaveLength(1);
        expect(JSON.stringify(puts[0].Resource), fn.spec.name).toMatch(/mosaic-test-data:ExportsOutputFnGetAttBus/);
        expect(puts[0].Condition, fn.spec.name).toEqual({
          StringEquals: { 'events:source': 'mosaic', 'events:detail-type': asList(fn.spec.resources.publishes) },
        });
      } else {
        expect(by('events:', fn.actions), fn.spec.name).toEqual([]);
      }
    }
  });

  it('grants Cognito admin actions on the stage pool only to `userPool: manage`, global sign-out to `sign-out`; `auth` gets nothing', () => {
    for (const fn of fns) {
      const cognito = by('cognito-idp:', fn.actions);
      if (fn.spec.resources.userPool === 'manage') {
        expect(cognito, fn.spec.name).toEqual([...USER_POOL_MANAGE_ACTIONS].sort());
        const statement = fn.statements.find((s) => asList<string>(s.Action).includes('cognito-idp:AdminCreateUser'));
        expect(JSON.stringify(statement.Resource)).toMatch(/mosaic-test-auth:ExportsOutputFnGetAttUserPool/);
      } else if (fn.spec.resources.userPool === 'sign-out') {
        expect(cognito, fn.spec.name).toEqual([...USER_POOL_SIGN_OUT_ACTIONS]);
        const statement = fn.statements.find((s) => asList<string>(s.Action).includes('cognito-idp:AdminUserGlobalSignOut'));
        expect(JSON.stringify(statement.Resource)).toMatch(/mosaic-test-auth:ExportsOutputFnGetAttUserPool/);
      } else if (fn.spec.resources.userPool === 'lookup') {
        expect(cognito, fn.spec.name).toEqual([...USER_POOL_LOOKUP_ACTIONS]);
      } else {
        expect(cognito, fn.spec.name).toEqual([]);
      }
    }
  });

  it('grants bucket access as declared: read → grantRead, write → grantPut, readwrite → both', () => {
    for (const fn of fns) {
      const s3 = by('s3:', fn.actions);
      const modes = Object.values(fn.spec.resources.buckets ?? {});
      if (modes.length === 0) {
        expect(s3, fn.spec.name).toEqual([]);
        continue;
      }
      const reads = modes.some((m) => m === 'read' || m === 'readwrite');
      const writes = modes.some((m) => m === 'write' || m === 'readwrite');
      expect(s3.some((a) => a.startsWith('s3:GetObject')), fn.spec.name).toBe(reads);
      expect(s3.some((a) => a.startsWith('s3:PutObject')), fn.spec.name).toBe(writes);
    }
  });

  it('never grants Resource "*" and attaches no managed policies to our roles', () => {
    for (const fn of fns) {
      for (const statement of fn.statements) {
        // GetMetricData has no resource-level permissions (only the admin telemetry readers hold it).
        if (asList<string>(statement.Action).every((a) => a === 'cloudwatch:GetMetricData')) {
          expect(fn.spec.resources.telemetry, fn.spec.name).toBe('read');
          continue;
        }
        expect(asList(statement.Resource), fn.spec.name).not.toContain('*');
      }
      const roleId = fn.resource.Properties.Role['Fn::GetAtt'][0];
      const role = fn.template.template.toJSON().Resources[roleId];
      expect(role.Properties.ManagedPolicyArns, fn.spec.name).toBeUndefined();
    }
  });

  it('lets each function write only to its own log group', () => {
    for (const fn of fns) {
      // The admin telemetry readers also read logs (checked below); writing is what this checks.
      const logs = fn.statements.filter((s) => asList<string>(s.Action).some((a) => a.startsWith('logs:') && a !== 'logs:FilterLogEvents' && a !== 'logs:DescribeLogGroups'));
      expect(logs, fn.spec.name).toHaveLength(1);
      expect(asList(logs[0].Action).sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
      const groupId = logs[0].Resource['Fn::GetAtt'][0];
      expect(fn.resource.Properties.LoggingConfig.LogGroup).toEqual({ Ref: groupId });
    }
  });

  it('reads logs only in the admin telemetry functions, and only the stage\u2019s function log groups', () => {
    for (const fn of fns) {
      const reads = fn.statements.filter((s) => asList<string>(s.Action).includes('logs:FilterLogEvents'));
      if (fn.spec.resources.telemetry !== 'read') {
        expect(reads, fn.spec.name).toEqual([]);
        continue;
      }
      expect(JSON.stringify(reads[0].Resource)).toContain(':log-group:/aws/lambda/mosaic-test-*');
    }
  });

  it('lets only `monitoring: assume-role` functions assume roles, only with an external id and never in the own account', () => {
    const assuming = fns.filter((fn) => fn.actions.includes('sts:AssumeRole'));
    expect(assuming.map((fn) => fn.spec.name).sort()).toEqual(['incident-pulls', 'test-connection']);
    for (const fn of fns) expect(fn.actions.includes('sts:AssumeRole'), fn.spec.name).toBe(fn.spec.resources.monitoring === 'assume-role');
    for (const fn of assuming) {
      const [statement] = fn.statements.filter((s: any) => asList<string>(s.Action).includes('sts:AssumeRole'));
      expect(asList(statement.Action)).toEqual(['sts:AssumeRole']);
      expect(JSON.stringify(statement.Resource)).toMatch(/:iam::\*:role\/\*"\]\]\}$/);
      expect(statement.Condition.Null).toEqual({ 'sts:ExternalId': 'false' });
      expect(statement.Condition.StringNotEquals['aws:ResourceAccount']).toEqual({ Ref: 'AWS::AccountId' });
    }
  });

  it('lets consumers read only their own queue, and send only to the job queues they declare', () => {
    // The admin queue views (deadLetters) reach every queue by design; test/integration/jobs.test.ts uses them.
    for (const fn of fns.filter((f) => !f.spec.resources.deadLetters)) {
      const statements = fn.statements.filter((s) => asList<string>(s.Action).some((a) => a.startsWith('sqs:')));
      const sends = statements.filter((s) => asList<string>(s.Action).includes('sqs:SendMessage'));
      const reads = statements.filter((s) => !sends.includes(s));
      const declared = fn.spec.resources.queues ?? [];
      if (declared.length) {
        expect(sends, fn.spec.name).toHaveLength(1);
        expect(asList(sends[0].Action)).toEqual(['sqs:SendMessage']);
        const arns = JSON.stringify(sends[0].Resource);
        for (const queue of declared) expect(arns, fn.spec.name).toContain(`:${built.names.queue(queue)}"`);
        expect(asList(sends[0].Resource), fn.spec.name).toHaveLength(declared.length);
      } else {
        expect(sends, fn.spec.name).toEqual([]);
      }
      if (fn.spec.kind !== 'consumer') {
        expect(reads, fn.spec.name).toEqual([]);
        continue;
      }
      expect(reads, fn.spec.name).toHaveLength(1);
      const queueId = reads[0].Resource['Fn::GetAtt'][0];
      const queue = fn.template.template.toJSON().Resources[queueId];
      expect(queue.Properties.QueueName).toBe(built.names.queue(fn.spec.name));
    }
  });
});
