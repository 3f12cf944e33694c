import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from '../aws/dynamo.ts';
import { config } from '../config.ts';
import { TABLE_KEYS } from '../db/table-design.ts';
import { invocation, logger } from '../kit/observability.ts';
import { auditRecord, type AuditInput, type AuditRecord, type AuditRepository } from './audit.ts';

/**
 * The write side of the audit trail, apart from its reads (audit-repository.ts): every
 * authenticated route audits a rejected token, so every HTTP bundle carries this and only this.
 */

/**
 * Every audit key begins with this: the IAM grants allow only PutItem and Query on keys with it
 * (`dynamodb:LeadingKeys`), and deny every other write (infra/cdk/grants.ts).
 */
export const AUDIT_KEY_PREFIX = 'AUDIT#';

// Audit records of one month, newest last (sort key: time#id)
export const monthPartition = (month: string) => `${AUDIT_KEY_PREFIX}${month}`;
// Audit records about one target, by time (GSI1)
export const targetPartition = (target: string) => `${AUDIT_KEY_PREFIX}T#${target}`;

export const auditSortKey = (r: Pick<AuditRecord, 'at' | 'id'>) => `${r.at}#${r.id}`;

/** Appends one record to the table (append-only: a record is never overwritten); expires by TTL. */
export async function appendAuditRecord(record: AuditRecord): Promise<void> {
  const expires = Math.floor(Date.parse(record.at) / 1000) + config.AUDIT_RETENTION_DAYS * 86_400;
  await dynamo.send(
    new PutCommand({
      TableName: tableName,
      Item: {
        pk: monthPartition(record.at.slice(0, 7)),
        sk: auditSortKey(record),
        ...(record.target ? { gsi1pk: targetPartition(record.target), gsi1sk: auditSortKey(record) } : {}),
        [TABLE_KEYS.ttl]: expires,
        type: 'audit',
        ...record,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

/**
 * Records one audit event, filling in the time, the request id and the client address of the
 * running invocation. Never throws: an audit write that fails is logged (as an error, which the
 * stage's alarms watch), so a security event is never lost silently and never breaks the request.
 */
export async function audit(
  input: AuditInput,
  repository: Pick<AuditRepository, 'append'> = { append: appendAuditRecord },
): Promise<void> {
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
