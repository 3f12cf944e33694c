import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { describe, expect, inject, it } from 'vitest';
import { localS3Credentials } from '../../infra/local/secrets.ts';
import { as, eventually, newUser, postUploadForm, type TestUser } from '../support/http-client.ts';
import { connectAs } from '../support/ws-client.ts';
import { exportXml, exportZip } from '../support/health-export.ts';
import { zipFiles } from '../support/zip-writer.ts';

const mosaic = inject('mosaic');
const base = mosaic.url;

/** Uploads a file through the presigned form and starts the import; returns its id. */
async function upload(user: TestUser, file: Buffer): Promise<string> {
  const client = as(base, user);
  const created = await client.post('/v1/imports', { format: 'apple_health', size: file.length });
  expect(created.status, created.text).toBe(201);
  expect(created.body.import).toMatchObject({ format: 'apple_health', fileName: 'export.zip', status: 'awaiting_upload' });
  expect((await postUploadForm(base, created.body.upload, file, 'export.zip')).ok).toBe(true);
  expect((await client.post(`/v1/imports/${created.body.import.id}/start`)).status).toBe(202);
  return created.body.import.id as string;
}

async function finished(user: TestUser, id: string) {
  return eventually(
    async () => (await as(base, user).get(`/v1/imports/${id}`)).body,
    (job) => job.status === 'completed' || job.status === 'failed',
    60_000,
  );
}

const dynamo = new DynamoDBClient({ region: 'us-east-1', endpoint: mosaic.endpoints.dynamodb, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });

/** Every item of the user's partition, as stored. */
async function partition(userId: string): Promise<Array<Record<string, unknown>>> {
  const items: Array<Record<string, unknown>> = [];
  let start: Record<string, any> | undefined;
  do {
    const out = await dynamo.send(
      new QueryCommand({ TableName: mosaic.resources.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': { S: `USER#${userId}` } }, ExclusiveStartKey: start }),
    );
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

describe('Apple Health import (issue 12)', () => {
  const s3 = new S3Client({ endpoint: mosaic.endpoints.s3, region: 'us-east-1', forcePathStyle: true, credentials: localS3Credentials(mosaic.dataDir) });
  const bucket = mosaic.resources.buckets.imports!;
  const exists = (key: string) =>
    s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key })).then(
      () => true,
      (error: Error) => (error.name === 'NotFound' ? false : Promise.reject(error)),
    );

  it('streams export.xml out of the uploaded ZIP, maps the records, shows progress, keeps no device data, and a re-import changes nothing', async () => {
    const user = await newUser(base, { timezone: 'Europe/Paris' });
    const client = as(base, user);
    const walk = (await client.post('/v1/activities', { name: 'Walk', unit: 'steps', goal: 1000 })).body;
    expect((await client.post('/v1/wearables/rules', { metric: 'steps', activityId: walk.id, aggregation: 'sum', unit: 'count' })).status).toBe(201);
    const tab = await connectAs(base, user);

    // Times are relative to now: the same file is uploaded twice.
    const file = exportZip(exportXml(600));
    const id = await upload(user, file);
    const job = await finished(user, id);
    expect(job.status, JSON.stringify(job.error)).toBe('completed');
    // 600 steps and the workout taken; the future and the 3-year-old record rejected by reason; body mass skipped.
    expect(job.summary).toMatchObject({ imported: 601, updated: 0, unchanged: 0, rejected: 2, activitiesCreated: 0 });
    expect(job.summary.rejections.map((r: { reason: string }) => r.reason).sort()).toEqual(['1 record ending in the future', '1 record older than two years (not kept)']);
    expect(job.summary.warnings).toEqual([{ row: 0, message: '1 records of types Mosaic does not track were skipped.' }]);
    expect(job).toMatchObject({ rowsRead: 603, rowsApplied: 601 });

    // Progress reached the user's tab: the checking pass, then the writing pass with the total.
    const progress = (await tab.next((m: any) => m.type === 'event' && m.event === 'import.progress' && m.data.phase === 'writing')) as any;
    expect(progress.data).toMatchObject({ importId: id, format: 'apple_health', total: 601 });
    expect(tab.messages.some((m: any) => m.event === 'import.progress' && m.data.phase === 'checking')).toBe(true);
    await tab.next((m: any) => m.type === 'event' && m.event === 'import.completed' && m.data.importId === id);
    tab.ws.close();

    // The mapping rule turned the steps into Walk entries (source wearable).
    const entries = await eventually(
      async () => (await client.get(`/v1/entries?activityId=${walk.id}`)).body.items as Array<{ value: number; source?: string }>,
      (items) => items.length >= 20,
      30_000,
    );
    expect(entries.every((e) => e.source === 'wearable')).toBe(true);

    // The Devices page sees the source and the import.
    const devices = (await client.get('/v1/wearables/sources')).body;
    expect(devices.sources).toEqual([{ source: 'apple_health', lastBatchAt: expect.any(String), records: 601, batches: 1 }]);
    expect(devices.batches[0]).toMatchObject({ batchId: id, via: 'import', received: 603, accepted: 601, duplicates: 0, rejected: 2 });

    // Nothing of the device, the profile in <Me> or the file is kept; the upload is deleted.
    const stored = JSON.stringify(await partition(user.id));
    expect(stored).not.toMatch(/FH4XK2ZQ9N|Watch6|Ada’s|1987-03-14|HKBiologicalSex|BodyMass/);
    expect(await exists(`imports/${user.id}/${id}.zip`)).toBe(false);

    // The same export again: every record is there already.
    const again = await finished(user, await upload(user, file));
    expect(again.summary).toMatchObject({ imported: 0, updated: 0, unchanged: 601, rejected: 2 });
    const after = (await client.get('/v1/wearables/sources')).body.sources;
    expect(after).toEqual([expect.objectContaining({ source: 'apple_health', records: 601, batches: 2 })]);
  });

  it('fails with a clear error and writes nothing for a file that is not a ZIP, a ZIP without export.xml, or a truncated export.xml', async () => {
    const user = await newUser(base);
    const client = as(base, user);
    const cases: Array<[Buffer, string, RegExp]> = [
      [Buffer.from(exportXml(3)), 'zip_invalid', /not a ZIP/],
      [zipFiles([{ name: 'Habits.csv', data: 'Position,Name\n1,Walk\n' }]), 'not_apple_health_export', /no apple_health_export\/export.xml \(it holds "Habits.csv"\)/],
      [exportZip(exportXml(700, { close: false })), 'health_export_invalid', /truncated/],
      [exportZip(exportXml(700).replace('value="105"', 'value="105')), 'health_export_invalid', /not well-formed \(line \d+\)/],
    ];
    for (const [file, code, message] of cases) {
      const job = await finished(user, await upload(user, file));
      expect(job.status).toBe('failed');
      expect(job.error.code).toBe(code);
      expect(job.error.message).toMatch(message);
      expect(job.rowsApplied).toBe(0);
    }
    // Nothing half-stored: no record, no source, no batch.
    const kinds = (await partition(user.id)).map((i) => (i.sk as { S: string }).S.split('#')[0] ?? '');
    expect(kinds.filter((k) => k.startsWith('W'))).toEqual([]);
    expect((await client.get('/v1/wearables/sources')).body).toEqual({ sources: [], batches: [] });
  });

  it('refuses an export over the cap up front', async () => {
    const user = await newUser(base);
    const res = await as(base, user).post('/v1/imports', { format: 'apple_health', size: 3 * 1024 ** 3 });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('import_too_large');
  });
});
