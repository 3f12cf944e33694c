import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from '../aws/dynamo.ts';
import { config } from '../config.ts';
import { TABLE_KEYS } from '../db/table-design.ts';
import { GSI1 } from '../db/keys.ts';
import type { Item } from '../db/table.ts';
import { BadRequestError } from '../kit/errors.ts';
import { invocation, logger } from '../kit/observability.ts';
import { auditRecord, type AuditInput, type AuditRecord, type AuditRepository } from './audit.ts';

/**
 * Every audit key begins with this: the IAM grants allow only PutItem and Query on keys with it
 * (`dynamodb:LeadingKeys`), and deny every other write (infra/cdk/grants.ts).
 */
export const AUDIT_KEY_PREFIX = 'AUDIT#';

// Audit records of one month, newest last (sort key: time#id)
const monthPartition = (month: string) => `${AUDIT_KEY_PREFIX}${month}`;
// Audit records about one target, by time (GSI1)
const targetPartition = (target: string) => `${AUDIT_KEY_PREFIX}T#${target}`;

const sortKey = (r: Pick<AuditRecord, 'at' | 'id'>) => `${r.at}#${r.id}`;

function toRecord(item: Item): AuditRecord {
  const { pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _s, [TABLE_KEYS.ttl]: _ttl, type: _type, ...record } = item;
  return record as unknown as AuditRecord;
}

/** Months (`yyyy-mm`) from `to` back to `from`, newest first. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let y = Number(to.slice(0, 4));
  let m = Number(to.slice(5, 7));
  const end = from.slice(0, 7);
  for (;;) {
    const month = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`;
    if (month < end) break;
    months.push(month);
    if (--m === 0) {
      m = 12;
      y--;
    }
  }
  return months;
}

interface AuditCursor {
  month?: string;
  after: string;
}

function encode(cursor: AuditCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decode(cursor: string | undefined): AuditCursor | undefined {
  if (cursor === undefined) return undefined;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as AuditCursor;
    if (typeof value.after === 'string' && (value.month === undefined || /^\d{4}-\d{2}$/.test(value.month))) return value;
  } catch {
    // below
  }
  throw new BadRequestError('invalid_cursor', 'The cursor is not one this API issued.');
}

/** How far back a query without `from` looks: the longest retention anyone would set. */
const DEFAULT_LOOKBACK_DAYS = 800;

export const dynamoAudit: AuditRepository = {
  async append(record) {
    const expires = Math.floor(Date.parse(record.at) / 1000) + config.AUDIT_RETENTION_DAYS * 86_400;
    await dynamo.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          pk: monthPartition(record.at.slice(0, 7)),
          sk: sortKey(record),
          ...(record.target ? { gsi1pk: targetPartition(record.target), gsi1sk: sortKey(record) } : {}),
          [TABLE_KEYS.ttl]: expires,
          type: 'audit',
          ...record,
        },
        // Append-only: a record is never overwritten.
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  },

  async query(filter, page) {
    const to = filter.to ?? new Date().toISOString();
    const from = filter.from ?? new Date(Date.now() - DEFAULT_LOOKBACK_DAYS * 86_400_000).toISOString();
    const start = decode(page.cursor);
    const filters: string[] = [];
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    if (filter.actor) {
      filters.push('#actor = :actor');
      names['#actor'] = 'actor';
      values[':actor'] = filter.actor;
    }
    if (filter.kind) {
      filters.push('#kind = :kind');
      names['#kind'] = 'kind';
      values[':kind'] = filter.kind;
    }
    // Upper bound: before the cursor's key (exclusive) or through `to` (inclusive: `~` sorts after `#…`).
    const upper = start ? start.after : `${to}~`;
    const items: AuditRecord[] = [];
    const partitions = filter.target
      ? [{ index: true, pk: targetPartition(filter.target), month: undefined as string | undefined }]
      : monthsBetween(from, to)
          .filter((m) => !start?.month || m <= start.month)
          .map((month) => ({ index: false, pk: monthPartition(month), month }));
    for (const part of partitions) {
      const partUpper = start?.month && part.month && part.month < start.month ? `${to}~` : upper;
      let exclusive: Record<string, unknown> | undefined;
      do {
        const keyAttr = part.index ? GSI1.partitionKey : 'pk';
        const sortAttr = part.index ? GSI1.sortKey : 'sk';
        const out = await dynamo.send(
          new QueryCommand({
            TableName: tableName,
            ...(part.index ? { IndexName: GSI1.name } : {}),
            KeyConditionExpression: `#pk = :pk AND #sk BETWEEN :from AND :to`,
            ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
            ExpressionAttributeNames: { '#pk': keyAttr, '#sk': sortAttr, ...names },
            ExpressionAttributeValues: { ':pk': part.pk, ':from': from, ':to': partUpper, ...values },
            ScanIndexForward: false,
            Limit: page.limit + 1,
            ExclusiveStartKey: exclusive,
          }),
        );
        for (const item of out.Items ?? []) {
          // BETWEEN is inclusive: skip the cursor's own record.
          if (start && sortKey(item as AuditRecord) === start.after) continue;
          items.push(toRecord(item));
          if (items.length > page.limit) break;
        }
        exclusive = out.LastEvaluatedKey;
      } while (exclusive && items.length <= page.limit);
      if (items.length > page.limit) {
        const last = items[page.limit - 1]!;
        return { items: items.slice(0, page.limit), nextCursor: encode({ month: last.at.slice(0, 7), after: sortKey(last) }) };
      }
    }
    return { items };
  },
};

/**
 * Records one audit event, filling in the time, the request id and the client address of the
 * running invocation. Never throws: an audit write that fails is logged (as an error, which the
 * stage's alarms watch), so a security event is never lost silently and never breaks the request.
 */
export async function audit(input: AuditInput, repository: AuditRepository = dynamoAudit): Promise<void> {
  const inv = invocation();
  const record = auditRecord({ ...(inv.userId && input.actor === undefined ? { actor: inv.userId } : {}), ...input }, new Date(), {
    requestId: inv.requestId,
    sourceIp: inv.sourceIp,
  });
  try {
    await repository.append(record);
  } catch (error) {
    logger.error('audit.write_failed', { record, error: error as Error });
  }
}
