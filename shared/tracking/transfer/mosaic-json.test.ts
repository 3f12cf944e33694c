import { describe, expect, it } from 'vitest';
import { EMPTY_STATS, type Activity, type Entry } from '../model.ts';
import { ImportTooLargeError, InvalidDocumentError, NotUtf8Error } from './errors.ts';
import { parseMosaicJson, writeMosaicJson, type ExportActivity, type ExportEntry } from './mosaic-json.ts';

const EXPORTED_AT = '2026-03-10T08:00:00.000Z';

function storedActivity(overrides: Partial<Activity>): Activity {
  return {
    id: 'a1b2c3d4-0000-4000-8000-000000000001',
    userId: 'user-secret',
    name: 'Run',
    description: 'Morning run',
    category: 'Sport',
    unit: 'km',
    goal: 5,
    direction: 'positive',
    cadence: { type: 'weekly', timesPerWeek: 3 },
    difficulty: 'hard',
    priority: 'high',
    color: 'blue',
    icon: null,
    position: 0,
    status: 'active',
    pauses: [{ from: '2026-01-10', to: '2026-01-12' }, { from: '2026-02-01' }],
    atRisk: true,
    lastLoggedDate: null,
    startDate: '2025-12-01',
    createdAt: '2025-12-01T10:00:00.000Z',
    updatedAt: '2026-01-01T10:00:00.000Z',
    deactivatedAt: null,
    reminders: [],
    stats: EMPTY_STATS,
    ...overrides,
  };
}

function storedEntry(date: string, value: number | null, status: Entry['status'], note = ''): Entry {
  return {
    activityId: 'a1b2c3d4-0000-4000-8000-000000000001',
    date,
    value,
    note,
    status,
    statusSource: value === null ? 'explicit' : 'derived',
    createdAt: `${date}T20:00:00.000Z`,
    updatedAt: `${date}T20:00:00.000Z`,
  };
}

async function collect(gen: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const chunk of gen) out.push(chunk);
  return out;
}

function invalid(input: unknown): InvalidDocumentError {
  try {
    parseMosaicJson(typeof input === 'string' ? input : JSON.stringify(input));
  } catch (error) {
    if (error instanceof InvalidDocumentError) return error;
    throw error;
  }
  throw new Error('expected the document to be refused');
}

const validDocument = () => ({
  format: 'mosaic',
  version: 1,
  exportedAt: EXPORTED_AT,
  activities: [
    {
      name: 'Run',
      description: '',
      category: '',
      unit: '',
      goal: null,
      direction: 'positive',
      cadence: { type: 'daily' },
      difficulty: 'medium',
      priority: 'medium',
      status: 'active',
      pauses: [],
      startDate: '2026-01-01',
      entries: [{ date: '2026-01-01', value: 1, note: '', status: 'done' }],
    },
  ],
});

describe('Mosaic JSON writer', () => {
  const run = storedActivity({});
  const smoke = storedActivity({
    id: 'a1b2c3d4-0000-4000-8000-000000000002',
    name: 'Smoke "none" ☕',
    goal: null,
    direction: 'negative',
    cadence: { type: 'weekdays', weekdays: ['mon', 'fri'] },
    status: 'archived',
    pauses: [],
    deactivatedAt: '2026-02-15T09:30:00.000Z',
    color: 'red',
    icon: 'smoke',
  });
  const runPages = [
    [storedEntry('2025-12-31', 5.5, 'done', 'new year\'s "eve"\nline 2'), storedEntry('2026-01-01', 2, 'missed')],
    [],
    [storedEntry('2026-01-02', null, 'skipped')],
  ];
  const smokePages = [[storedEntry('2026-01-05', 0, 'done')]];

  const expectedEntry = (e: Entry) => ({ date: e.date, value: e.value, note: e.note, status: e.status, statusSource: e.statusSource });
  const expectedActivity = (a: Activity, pages: Entry[][]) => ({
    name: a.name,
    description: a.description,
    category: a.category,
    unit: a.unit,
    goal: a.goal,
    direction: a.direction,
    cadence: a.cadence,
    difficulty: a.difficulty,
    priority: a.priority,
    color: a.color,
    icon: a.icon,
    status: a.status,
    pauses: a.pauses,
    startDate: a.startDate,
    deactivatedAt: a.deactivatedAt,
    entries: pages.flat().map(expectedEntry),
  });

  it('streams chunks that concatenate to the expected document, with only the format\'s fields', async () => {
    const chunks = await collect(
      writeMosaicJson({
        exportedAt: new Date(EXPORTED_AT),
        activities: [
          { ...run, entries: runPages },
          { ...smoke, entries: smokePages },
        ],
      }),
    );
    const text = chunks.join('');
    expect(JSON.parse(text)).toEqual({
      format: 'mosaic',
      version: 1,
      exportedAt: EXPORTED_AT,
      activities: [expectedActivity(run, runPages), expectedActivity(smoke, smokePages)],
    });
    expect(text).not.toContain('user-secret');
    expect(text).not.toContain(run.id);
    expect(text).not.toContain('atRisk');
  });

  it('writes a valid document for no activities, and for an activity without entries', async () => {
    expect(JSON.parse((await collect(writeMosaicJson({ exportedAt: EXPORTED_AT, activities: [] }))).join(''))).toEqual({
      format: 'mosaic',
      version: 1,
      exportedAt: EXPORTED_AT,
      activities: [],
    });
    const doc = JSON.parse((await collect(writeMosaicJson({ exportedAt: EXPORTED_AT, activities: [{ ...run, entries: [] }] }))).join(''));
    expect(doc.activities[0].entries).toEqual([]);
  });

  it('turns each page into a chunk before asking for the next one (never holds two pages)', async () => {
    const log: string[] = [];
    async function* pages(activity: string, count: number): AsyncGenerator<ExportEntry[]> {
      for (let p = 1; p <= count; p++) {
        log.push(`pull ${activity}${p}`);
        yield [{ date: `2026-01-0${p}`, value: p, note: `${activity}${p}`, status: 'done' }];
      }
    }
    async function* activities(): AsyncGenerator<ExportActivity> {
      yield { ...run, name: 'A', entries: pages('A', 3) };
      yield { ...run, name: 'B', entries: pages('B', 2) };
    }
    for await (const chunk of writeMosaicJson({ exportedAt: EXPORTED_AT, activities: activities() })) {
      for (const m of chunk.matchAll(/"note":"([AB]\d)"/g)) log.push(`wrote ${m[1]}`);
    }
    expect(log).toEqual(['pull A1', 'wrote A1', 'pull A2', 'wrote A2', 'pull A3', 'wrote A3', 'pull B1', 'wrote B1', 'pull B2', 'wrote B2']);
  });

  it('round-trips: parseMosaicJson reads back what the writer wrote', async () => {
    const text = (
      await collect(
        writeMosaicJson({
          exportedAt: EXPORTED_AT,
          activities: [
            { ...run, entries: runPages },
            { ...smoke, entries: smokePages },
          ],
        }),
      )
    ).join('');
    expect(parseMosaicJson(Buffer.from(text, 'utf8'))).toEqual({
      format: 'mosaic',
      version: 1,
      exportedAt: EXPORTED_AT,
      activities: [expectedActivity(run, runPages), expectedActivity(smoke, smokePages)],
    });
  });
});

describe('Mosaic JSON import', () => {
  it('accepts a document, filling the defaults of omitted settings', () => {
    const doc = parseMosaicJson(
      JSON.stringify({
        format: 'mosaic',
        version: 1,
        exportedAt: EXPORTED_AT,
        activities: [{ name: ' Walk ', startDate: '2026-01-01', entries: [{ date: '2026-01-02', status: 'done' }] }],
      }),
    );
    expect(doc.activities[0]).toEqual({
      name: 'Walk',
      description: '',
      category: '',
      unit: '',
      goal: null,
      direction: 'positive',
      cadence: { type: 'daily' },
      difficulty: 'medium',
      priority: 'medium',
      status: 'active',
      pauses: [],
      startDate: '2026-01-01',
      entries: [{ date: '2026-01-02', value: null, note: '', status: 'done' }],
    });
  });

  it('accepts a byte-order mark', () => {
    expect(parseMosaicJson(Buffer.from(`\uFEFF${JSON.stringify(validDocument())}`, 'utf8')).activities).toHaveLength(1);
  });

  it('names each issue by its path', () => {
    const doc = validDocument() as any;
    doc.activities[0].entries.push({ date: '2026-02-30', value: -1, status: 'maybe' });
    doc.activities[0].cadence = { type: 'weekly' };
    const error = invalid(doc);
    expect(error.code).toBe('invalid_document');
    expect(error.issues).toEqual(
      expect.arrayContaining([
        'activities[0].cadence.timesPerWeek: is required for a weekly cadence',
        'activities[0].entries[1].date: is not a real calendar date',
        expect.stringMatching(/^activities\[0\]\.entries\[1\]\.value: /),
        expect.stringMatching(/^activities\[0\]\.entries\[1\]\.status: /),
      ]),
    );
    expect(error.message).toMatch(/^The file is not a valid Mosaic export: /);
  });

  it('refuses other formats and versions, with a plain reason', () => {
    expect(invalid({ ...validDocument(), format: 'loop' }).issues).toEqual(['format: must be "mosaic" (this is not a Mosaic export)']);
    expect(invalid({ ...validDocument(), version: 2 }).issues).toEqual(['version: must be 1 (this Mosaic reads version 1 of the format)']);
  });

  it('refuses two activities of the same name, two entries of the same date, and overlapping pauses', () => {
    const doc = validDocument() as any;
    doc.activities.push({ ...doc.activities[0], name: 'RUN', entries: [] });
    doc.activities[0].entries.push({ date: '2026-01-01', value: 2, note: '', status: 'done' });
    doc.activities[1].pauses = [{ from: '2026-01-01', to: '2026-01-10' }, { from: '2026-01-05' }];
    expect(invalid(doc).issues).toEqual([
      'activities[0].entries[1].date: 2026-01-01 is also the date of entries[0]',
      'activities[1].pauses: the pause from 2026-01-05 overlaps the one from 2026-01-01',
      'activities[1].name: "RUN" is also the name of activities[0]',
    ]);
  });

  it('refuses text that is not JSON, bytes that are not UTF-8, and files over the cap', () => {
    expect(invalid('{"format": "mosaic",').issues[0]).toMatch(/^the file is not JSON/);
    expect(() => parseMosaicJson(Buffer.from('{"format":"mosa\xefc"}', 'latin1'))).toThrow(NotUtf8Error);
    expect(() => parseMosaicJson(JSON.stringify(validDocument()), { maxBytes: 100 })).toThrow(ImportTooLargeError);
  });
});
