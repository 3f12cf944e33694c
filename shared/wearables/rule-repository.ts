import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from '../aws/dynamo.ts';
import { GSI1, userItemsQuery, userPartition } from '../db/keys.ts';
import type { Item } from '../db/table.ts';
import { WEARABLE_RULE_PREFIX, ruleKey } from './keys.ts';
import type { WearableRecord } from './model.ts';
import type { MappingRule, RuleRepository } from './rules.ts';


const toRule = (item: Item): MappingRule => ({
  id: item.id as string,
  metric: item.metric as MappingRule['metric'],
  activityId: item.activityId as string,
  aggregation: item.aggregation as MappingRule['aggregation'],
  unit: item.unit as string,
  overwriteManual: item.overwriteManual === true,
  createdAt: item.createdAt as string,
});

const toRecord = (item: Item): WearableRecord => ({
  source: item.source as WearableRecord['source'],
  metric: item.metric as WearableRecord['metric'],
  start: item.start as string,
  end: item.end as string,
  value: item.value as number,
  unit: item.unit as string,
  ...(item.recordId ? { recordId: item.recordId as string } : {}),
  dedupeKey: item.dedupeKey as string,
  contentHash: item.contentHash as string,
  batchId: item.batchId as string,
});

export const dynamoRules: RuleRepository = {
  // Rules of a user (≤ 50)
  async list(userId) {
    const out = await dynamo.send(new QueryCommand({ TableName: tableName, ...userItemsQuery(userId, WEARABLE_RULE_PREFIX) }));
    return (out.Items ?? []).map(toRule);
  },
  async get(userId, id) {
    const out = await dynamo.send(new GetCommand({ TableName: tableName, Key: ruleKey(userId, id) }));
    return out.Item ? toRule(out.Item) : undefined;
  },
  async put(userId, rule) {
    await dynamo.send(new PutCommand({ TableName: tableName, Item: { ...ruleKey(userId, rule.id), type: 'wearable-rule', ...rule } }));
  },
  async remove(userId, id) {
    const out = await dynamo.send(new DeleteCommand({ TableName: tableName, Key: ruleKey(userId, id), ReturnValues: 'ALL_OLD' }));
    return out.Attributes !== undefined;
  },
  // Records of one metric between two instants (gsi1, by start)
  async records(userId, metric, fromIso, toIso) {
    const records: WearableRecord[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await dynamo.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: GSI1.name,
          KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': `${userPartition(userId)}#WMETRIC#${metric}`, ':from': fromIso, ':to': `${toIso}~` },
          ExclusiveStartKey: start,
        }),
      );
      records.push(...(out.Items ?? []).map(toRecord).filter((r) => r.start < toIso));
      start = out.LastEvaluatedKey;
    } while (start);
    return records;
  },
};
