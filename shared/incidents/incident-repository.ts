import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from '../aws/dynamo.ts';
import { GSI1 } from '../db/keys.ts';
import { batchPut, getItems, isConditionFailed, queryPage, type Item } from '../db/table.ts';
import type { Page } from '../kit/schemas.ts';
import { VersionConflict, type CorrelationStore, type FingerprintState, type GroupState } from './correlate.ts';
import type { CorrelationBatchStore, ItemRef } from './correlation-batch.ts';
import {
  fingerprintKey,
  groupKey as groupItemKey,
  incidentBucketIndex,
  incidentKey,
  projectPartition,
  signalKey,
  timelineKey,
  timelinePrefix,
} from './keys.ts';
import { RAW_RETENTION_DAYS } from './limits.ts';
import type { Incident, IncidentState, TimelineEntry } from './model.ts';

const bucketOf = (state: IncidentState) => (state === 'open' || state === 'acknowledged' ? 'active' : state);

const strip = (item: Item) => {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, type: _t, expiresAt: _e, ...rest } = item;
  return rest;
};

/** Versioned put: the stored version must be `expected` (0: the item must not exist). */
async function versionedPut(key: { pk: string; sk: string }, item: Item, expected: number): Promise<void> {
  try {
    await dynamo.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...key, ...item },
        ...(expected === 0
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : { ConditionExpression: '#v = :v', ExpressionAttributeNames: { '#v': 'version' }, ExpressionAttributeValues: { ':v': expected } }),
      }),
    );
  } catch (error) {
    if (isConditionFailed(error)) throw new VersionConflict();
    throw error;
  }
}

async function getItem(key: { pk: string; sk: string }): Promise<Item | undefined> {
  // Strongly consistent: correlation reads what it (or a racing consumer) just wrote.
  const out = await dynamo.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
  return out.Item;
}

const expiry = (fromIso: string) => Math.floor(Date.parse(fromIso) / 1000) + RAW_RETENTION_DAYS * 86_400;

const signalRecord = (projectId: string, signalId: string, record: Parameters<CorrelationStore['recordSignal']>[2]) =>
  ({ ...signalKey(projectId, signalId), type: 'signal', signalId, ...record, expiresAt: expiry(record.receivedAt) });

export const dynamoCorrelation: CorrelationStore = {
  async signalSeen(projectId, signalId) {
    return (await getItem(signalKey(projectId, signalId))) !== undefined;
  },
  async recordSignal(projectId, signalId, record) {
    await dynamo.send(new PutCommand({ TableName: tableName, Item: signalRecord(projectId, signalId, record) }));
  },
  async getFingerprint(projectId, fingerprint) {
    const item = await getItem(fingerprintKey(projectId, fingerprint));
    return item ? (strip(item) as unknown as FingerprintState) : undefined;
  },
  putFingerprint(projectId, state, expected) {
    return versionedPut(fingerprintKey(projectId, state.fingerprint), { type: 'fingerprint', ...state }, expected);
  },
  async getGroup(projectId, group) {
    const item = await getItem(groupItemKey(projectId, group));
    return item ? (strip(item) as unknown as GroupState) : undefined;
  },
  putGroup(projectId, state, expected) {
    return versionedPut(groupItemKey(projectId, state.groupKey), { type: 'group', ...state }, expected);
  },
  async getIncident(projectId, incidentId) {
    const item = await getItem(incidentKey(projectId, incidentId));
    return item ? (strip(item) as unknown as Incident) : undefined;
  },
  putIncident(incident, expected) {
    return versionedPut(
      incidentKey(incident.projectId, incident.id),
      {
        type: 'incident',
        ...incident,
        gsi1pk: incidentBucketIndex(incident.projectId, bucketOf(incident.state)),
        gsi1sk: `${incident.openedAt}#${incident.id}`,
      },
      expected,
    );
  },
  async deleteIncident(projectId, incidentId) {
    await dynamo.send(new DeleteCommand({ TableName: tableName, Key: incidentKey(projectId, incidentId) }));
  },
  async addTimeline(projectId, incidentId, entries) {
    if (!entries.length) return;
    // Ordered by time, then by place in the batch (entries of one change share a millisecond).
    await batchPut(entries.map((e, i) => ({ ...timelineKey(projectId, incidentId, `${e.at}#${String(i).padStart(2, '0')}#${e.id}`), type: 'timeline', ...e })));
  },
};

const refItemKey = (ref: ItemRef) =>
  ref.kind === 'signal' ? signalKey(ref.projectId, ref.id)
  : ref.kind === 'fingerprint' ? fingerprintKey(ref.projectId, ref.id)
  : ref.kind === 'group' ? groupItemKey(ref.projectId, ref.id)
  : incidentKey(ref.projectId, ref.id);

export const dynamoCorrelationBatch: CorrelationBatchStore = {
  // A consumer batch's correlation items by key, 100 per BatchGetItem (strongly consistent)
  async readMany(refs) {
    const byKey = new Map(refs.map((ref) => { const key = refItemKey(ref); return [`${key.pk}|${key.sk}`, ref] as const; }));
    const items = await getItems(refs.map(refItemKey), { consistent: true, parallel: 4 });
    return items.map((item) => ({ ref: byKey.get(`${item.pk as string}|${item.sk as string}`)!, value: strip(item) }));
  },
  // A consumer batch's signal records, 25 per BatchWriteItem
  async recordSignals(records) {
    await batchPut(records.map((r) => signalRecord(r.projectId, r.signalId, r.record)), 4);
  },
};

/** Public view of an incident: without the correlation's bookkeeping. */
export function publicIncident(incident: Incident): Incident {
  const { recentSignals: _s, recentTimes: _t, ...rest } = incident as Incident & { recentSignals?: unknown; recentTimes?: unknown };
  return rest;
}

export interface IncidentReader {
  list(projectId: string, bucket: 'active' | 'resolved' | 'merged', page: { limit: number; cursor?: string }): Promise<Page<Incident>>;
  timeline(projectId: string, incidentId: string, page: { limit: number; cursor?: string }): Promise<Page<TimelineEntry>>;
}

export const dynamoIncidentReader: IncidentReader = {
  // A project's incidents of one bucket, newest first (GSI1)
  list(projectId, bucket, page) {
    const pk = incidentBucketIndex(projectId, bucket);
    return queryPage(
      {
        IndexName: GSI1.name,
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ScanIndexForward: false,
      },
      page,
      // The table's partition is the project's: known here, so never read from a cursor.
      { gsi1pk: pk, pk: projectPartition(projectId) },
      ['sk', 'gsi1sk'],
      (item) => publicIncident(strip(item) as unknown as Incident),
    );
  },
  // The timeline of one incident, oldest first
  timeline(projectId, incidentId, page) {
    return queryPage(
      {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': projectPartition(projectId), ':prefix': timelinePrefix(incidentId) },
      },
      page,
      { pk: projectPartition(projectId) },
      ['sk'],
      (item) => strip(item) as unknown as TimelineEntry,
    );
  },
};
