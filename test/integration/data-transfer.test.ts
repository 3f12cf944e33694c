import { HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { localS3Credentials } from '../../infra/local/secrets.ts';
import { zipFiles } from '../support/zip-writer.ts';
import { as, call, eventually, newUser, postUploadForm, type TestUser } from '../support/http-client.ts';
import { syntheticHistory } from '../support/synthetic-history.ts';

const mosaic = inject('mosaic');
const base = mosaic.url;

async function runImport(user: TestUser, body: Record<string, unknown>) {
  const client = as(base, user);
  const created = await client.post('/v1/imports', body);
  expect(created.status, created.text).toBe(201);
  return eventually(
    async () => (await client.get(`/v1/imports/${created.body.import.id}`)).body,
    (job) => job.status === 'completed' || job.status === 'failed',
    60_000,
  );
}

const csv = (lines: string[]) => lines.join('\r\n') + '\r\n';

describe('CSV import', () => {
  it('imports good rows, reports bad ones per row, and a second import changes nothing', async () => {
    const user = await newUser(base, { timezone: 'UTC' });
    const content = csv([
      '\uFEFFdate,activity,value,status,note,category,unit,goal',
      '2026-01-05,Run,6.5,,"easy, with ""friends""",fitness,km,5',
      '2026-01-06,Run,3,,"two\nlines",fitness,km,5',
      '2026-01-06,Read,,done,,mind,,',
      '2026-02-30,Read,,done,,,,',
      '2026-01-07,Run,abc,,,,,',
      '2026-01-08,,1,,,,,',
      '2026-01-09,Read,,maybe,,,,',
      '2026-01-06,read,,skipped,later wins,,,',
    ]);
    const job = await runImport(user, { format: 'csv', fileName: 'history.csv', content });
    expect(job.status).toBe('completed');
    expect(job.summary).toMatchObject({ imported: 3, updated: 0, unchanged: 0, activitiesCreated: 2, rejected: 5 });
    const reasons = Object.fromEntries(job.summary.rejections.map((r: { row: number; reason: string }) => [r.row, r.reason]));
    expect(Object.keys(reasons).map(Number).sort((a, b) => a - b)).toEqual([4, 5, 6, 7, 8]);
    expect(reasons[4]).toMatch(/duplicate of row 9/);
    expect(reasons[5]).toMatch(/date/i);
    expect(reasons[6]).toMatch(/value/i);

    const client = as(base, user);
    const activities = (await client.get('/v1/activities')).body.items;
    const run = activities.find((a: { name: string }) => a.name === 'Run');
    expect(run).toMatchObject({ category: 'fitness', unit: 'km', goal: 5, startDate: '2026-01-05' });
    const entries = (await client.get(`/v1/entries?activityId=${run.id}`)).body.items;
    expect(entries.map((e: { date: string; status: string; note: string }) => [e.date, e.status, e.note])).toEqual([
      ['2026-01-05', 'done', 'easy, with "friends"'],
      ['2026-01-06', 'missed', 'two\nlines'],
    ]);

    const again = await runImport(user, { format: 'csv', content });
    expect(again.summary).toMatchObject({ imported: 0, updated: 0, unchanged: 3, activitiesCreated: 0, rejected: 5 });
  });

  it('fails the whole file, naming the problem, for a wrong header or a non-UTF-8 file', async () => {
    const user = await newUser(base);
    const header = await runImport(user, { format: 'csv', content: csv(['day,habit,amount', '2026-01-05,Run,1']) });
    expect(header.status).toBe('failed');
    expect(header.error.message).toMatch(/date/);
    const latin1 = Buffer.concat([Buffer.from('date,activity,note\r\n2026-01-05,Caf'), Buffer.from([0xe9]), Buffer.from('\r\n')]);
    const encoding = await runImport(user, { format: 'csv', content: latin1.toString('base64'), encoding: 'base64' });
    expect(encoding.status).toBe('failed');
    expect(encoding.error.message).toMatch(/UTF-8/);
    expect((await as(base, user).get('/v1/activities')).body.items).toEqual([]);
  });

  it('takes a large file through a presigned upload, and refuses one over the cap up front', async () => {
    const user = await newUser(base);
    const client = as(base, user);
    const tooBig = await client.post('/v1/imports', { format: 'csv', size: 50 * 1024 * 1024 });
    expect(tooBig.status).toBe(413);

    const body = csv(['date,activity,value', ...Array.from({ length: 400 }, (_, i) => `${dayOf(i)},Steps,${1000 + i}`)]);
    const created = await client.post('/v1/imports', { format: 'csv', fileName: 'steps.csv', size: Buffer.byteLength(body) });
    expect(created.status).toBe(201);
    expect(created.body.import.status).toBe('awaiting_upload');
    // Starting before the upload is refused.
    expect((await client.post(`/v1/imports/${created.body.import.id}/start`)).status).toBe(409);
    expect(created.body.upload).toMatchObject({ method: 'POST', maxBytes: Buffer.byteLength(body) });
    const put = await postUploadForm(base, created.body.upload, body, 'steps.csv');
    expect(put.ok).toBe(true);
    const started = await client.post(`/v1/imports/${created.body.import.id}/start`);
    expect(started.status).toBe(202);
    const job = await eventually(
      async () => (await client.get(`/v1/imports/${created.body.import.id}`)).body,
      (j) => j.status === 'completed',
      60_000,
    );
    expect(job.summary).toMatchObject({ imported: 400, rejected: 0 });
    expect((await client.get('/v1/imports')).body.items[0].id).toBe(created.body.import.id);
  });
});

describe('imports that finish (issue 7, findings 4 and 8)', () => {
  const bucket = mosaic.resources.buckets.imports!;
  const s3 = new S3Client({
    endpoint: mosaic.endpoints.s3,
    region: 'us-east-1',
    forcePathStyle: true,
    // The installation's own key: the local S3 refuses any other.
    credentials: localS3Credentials(mosaic.dataDir),
  });
  const exists = (key: string) =>
    s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key })).then(
      () => true,
      (error: Error) => (error.name === 'NotFound' ? false : Promise.reject(error)),
    );

  it('rejects a value DynamoDB cannot store (1e-200) with its row number, and completes the job', async () => {
    // Before: the batch holding it failed three times, went to the dead-letter queue and left the job "processing".
    const user = await newUser(base, { timezone: 'UTC' });
    const job = await runImport(user, { format: 'csv', content: csv(['date,activity,value', '2026-01-05,Tiny,1', '2026-01-06,Tiny,1e-200', '2026-01-07,Tiny,2']) });
    expect(job).toMatchObject({ status: 'completed', summary: { imported: 2, rejected: 1 } });
    expect(job.summary.rejections).toEqual([{ row: 3, reason: expect.stringMatching(/^value 1e-200 must be 0 or at least 1e-130 in magnitude/) }]);
    const entries = (await as(base, user).get('/v1/entries?from=2026-01-01&to=2026-01-31')).body.items;
    expect(entries.map((e: { value: number }) => e.value)).toEqual([1, 2]);
  });

  it('refuses an upload larger than declared by the form\'s policy, and deletes one that got in anyway when the import starts', async () => {
    // Before: a presigned PUT declared as 100 B took 20 MB; start refused it, but the object stayed.
    const user = await newUser(base);
    const client = as(base, user);
    for (const [bytes, code] of [
      [20 * 1024 * 1024, 'import_too_large'],
      [101, 'upload_larger_than_declared'],
    ] as const) {
      const created = await client.post('/v1/imports', { format: 'csv', size: 100 });
      expect(created.body.upload).toMatchObject({ method: 'POST', maxBytes: 100 });
      const key = created.body.upload.fields.key as string;
      // The form's policy (content-length-range 1..100) refuses it, as S3 does.
      const posted = await postUploadForm(base, created.body.upload, Buffer.alloc(bytes, 'a'));
      expect(posted.status).toBe(400);
      expect(await posted.text()).toContain('EntityTooLarge');
      expect(await exists(key)).toBe(false);
      // A file that reached the bucket another way is deleted when the import starts.
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: Buffer.alloc(bytes, 'a'), ContentType: 'text/csv' }));
      const started = await client.post(`/v1/imports/${created.body.import.id}/start`);
      expect(started.status).toBe(413);
      expect(started.body.error.code).toBe(code);
      expect(await exists(key)).toBe(false);
      expect((await client.get(`/v1/imports/${created.body.import.id}`)).body).toMatchObject({ status: 'failed', error: { code } });
      expect((await client.post(`/v1/imports/${created.body.import.id}/retry`)).status).toBe(409);
    }
  });

  it('fails an import whose file cannot be read after its attempts, with the reason, and retries it', async () => {
    const user = await newUser(base, { timezone: 'UTC' });
    const client = as(base, user);
    const body = csv(['date,activity,value', ...Array.from({ length: 40 }, (_, i) => `${dayOf(i)},Unread,${i}`)]);
    const created = await client.post('/v1/imports', { format: 'csv', size: 10_000 });
    expect((await postUploadForm(base, created.body.upload, body)).ok).toBe(true);
    // The stored object becomes unreadable (a directory where its bytes were): S3 still lists it
    // and answers HEAD, but every read fails.
    const file = join(mosaic.dataDir, 's3', bucket, `${created.body.upload.fields.key as string}._S3rver_object`);
    const bytes = readFileSync(file);
    rmSync(file);
    mkdirSync(file);
    const id = created.body.import.id as string;
    expect((await client.post(`/v1/imports/${id}/start`)).status).toBe(202);
    const failed = await eventually(async () => (await client.get(`/v1/imports/${id}`)).body, (job) => job.status === 'failed', 60_000);
    expect(failed).toMatchObject({ attempts: 3, error: { code: 'import_failed' } });
    expect(failed.error.message).toMatch(/^The import failed 3 times; the last time while reading the uploaded file: /);

    rmSync(file, { recursive: true });
    writeFileSync(file, bytes);
    expect((await client.post(`/v1/imports/${id}/retry`)).status).toBe(202);
    const done = await eventually(async () => (await client.get(`/v1/imports/${id}`)).body, (job) => job.status !== 'queued' && job.status !== 'processing', 60_000);
    expect(done).toMatchObject({ status: 'completed', error: null, summary: { imported: 40, rejected: 0 } });
  });
});

function dayOf(i: number): string {
  return new Date(Date.UTC(2025, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
}

describe('Loop Habit Tracker import', () => {
  it('reads the export ZIP: habits, check-marks, skips and numerical values', async () => {
    const user = await newUser(base, { timezone: 'UTC' });
    const zip = zipFiles([
      {
        name: 'Habits.csv',
        data: 'Position,Name,Type,Question,Description,FrequencyNumerator,FrequencyDenominator,Color,Unit,Target Type,Target Value,Archived?\n' +
          '001,Meditate,YES_NO,Did you meditate?,,1,1,#FF8F00,,AT_LEAST,0.0,false\n' +
          '002,Push-ups,NUMERICAL,How many?,,3,7,#00897B,reps,AT_LEAST,20.0,false\n',
      },
      { name: '001 Meditate/Checkmarks.csv', data: 'Date,Value,Notes\n2026-01-07,SKIP,\n2026-01-06,NO,\n2026-01-05,YES_MANUAL,calm\n2026-01-04,YES_AUTO,\n2026-01-03,UNKNOWN,\n' },
      { name: '002 Push-ups/Checkmarks.csv', data: 'Date,Value,Notes\n2026-01-06,25000,\n2026-01-05,10000,\n' },
    ]);
    const job = await runImport(user, { format: 'loop', content: zip.toString('base64'), encoding: 'base64' });
    expect(job.status).toBe('completed');
    expect(job.summary).toMatchObject({ activitiesCreated: 2, imported: 5 });
    const client = as(base, user);
    const activities = (await client.get('/v1/activities')).body.items;
    const pushups = activities.find((a: { name: string }) => a.name === 'Push-ups');
    expect(pushups).toMatchObject({ unit: 'reps', goal: 20, cadence: { type: 'weekly', timesPerWeek: 3 } });
    const entries = (await client.get('/v1/entries?from=2026-01-01&to=2026-01-31')).body.items;
    const summary = entries.map((e: { date: string; status: string; value: number | null }) => `${e.date}:${e.status}:${e.value}`).sort();
    // 10 push-ups against an at-least-20 target is a miss; 25 is done.
    expect(summary).toEqual([
      '2026-01-05:done:null',
      '2026-01-05:missed:10',
      '2026-01-06:done:25',
      '2026-01-06:missed:null',
      '2026-01-07:skipped:null',
    ]);
  });
});

describe('round trip and paging', () => {
  it('a year of synthetic data: import → analytics → export → import elsewhere → identical analytics', async () => {
    const doc = syntheticHistory({ activities: 6, days: 365, seed: 7 });
    const first = await newUser(base, { timezone: 'UTC' });
    const imported = await runImport(first, { format: 'json', content: JSON.stringify(doc) });
    expect(imported.status).toBe('completed');
    const total = doc.activities.reduce((n, a) => n + a.entries.length, 0);
    expect(imported.summary).toMatchObject({ imported: total, rejected: 0, activitiesCreated: 6 });

    const analytics = async (user: TestUser) => {
      const client = as(base, user);
      const activities = (await client.get('/v1/activities')).body.items.sort((a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name));
      const stats = [];
      for (const a of activities) {
        const insights = (await client.get(`/v1/activities/${a.id}/stats`)).body;
        const { activity, ...rest } = insights;
        stats.push({ name: a.name, stats: activity.stats, ...rest });
      }
      const { goals: _g, ...dashboard } = (await client.get('/v1/dashboard')).body;
      // Ids differ between accounts; everything else must not.
      return JSON.parse(JSON.stringify({ stats, dashboard }).replace(/"activityId":"[^"]+"/g, '"activityId":"-"'));
    };
    const before = await analytics(first);

    const exported = await as(base, first).post('/v1/exports', { format: 'json' });
    expect(exported.status).toBe(201);
    expect(exported.body).toMatchObject({ format: 'json', activities: 6, entries: total });
    const file = await (await fetch(new URL(exported.body.url, base))).text();
    expect(Buffer.byteLength(file)).toBe(exported.body.bytes);

    const second = await newUser(base, { timezone: 'UTC' });
    const again = await runImport(second, { format: 'json', content: file });
    expect(again.summary).toMatchObject({ imported: total, rejected: 0 });
    expect(await analytics(second)).toEqual(before);

    const csvExport = await as(base, second).post('/v1/exports', { format: 'csv' });
    const bytes = Buffer.from(await (await fetch(new URL(csvExport.body.url, base))).arrayBuffer());
    // A BOM first, so spreadsheets open it as UTF-8.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8').split('\r\n')[0]).toBe('date,activity,value,status,note,category,unit,goal,direction,cadence');
    expect(csvExport.body.entries).toBe(total);
  });

  it('pages through 1,000 entries with no duplicate and no gap', async () => {
    const user = await newUser(base);
    const doc = syntheticHistory({ activities: 4, days: 250, density: 1, seed: 3 });
    const job = await runImport(user, { format: 'json', content: JSON.stringify(doc) });
    expect(job.summary.imported).toBe(1000);
    const client = as(base, user);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await client.get(`/v1/entries?limit=37${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((e: { date: string; activityId: string }) => `${e.date}/${e.activityId}`));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    expect(seen).toHaveLength(1000);
    expect(new Set(seen).size).toBe(1000);
    expect(pages).toBe(Math.ceil(1000 / 37));
    expect([...seen].sort()).toEqual(seen);
    // Newest first pages the same entries in reverse.
    const newest: string[] = [];
    cursor = undefined;
    do {
      const res = await client.get(`/v1/entries?order=desc&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      newest.push(...res.body.items.map((e: { date: string; activityId: string }) => `${e.date}/${e.activityId}`));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(newest).toEqual([...seen].reverse());
    const anon = await call(base, 'GET', '/v1/entries');
    expect(anon.status).toBe(401);
  });
});
