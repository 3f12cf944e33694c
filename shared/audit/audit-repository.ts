import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from '../aws/dynamo.ts';
import { TABLE_KEYS } from '../db/table-design.ts';
import { GSI1 } from '../db/keys.ts';
import type { Item } from '../db/table.ts';
import { BadRequestError } from '../kit/errors.ts';
import type { AuditRecord, AuditRepository } from './audit.ts';
import { appendAuditRecord, auditSortKey as sortKey, monthPartition, targetPartition } from './audit-writer.ts';

/** The audit trail's reads (and its writer, audit-writer.ts): the admin's audit viewer and the operator. */

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
  append: appendAuditRecord,

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
