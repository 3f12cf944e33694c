import { describe, expect, it } from 'vitest';
import { addDays, utcToday } from '../../kit/dates.ts';
import { LocalDate } from '../../kit/schemas.ts';
import { CreateActivityBody, PutEntryBody, type Cadence } from '../schemas.ts';
import { CsvHeaderError, NotUtf8Error } from './errors.ts';
import {
  dateProblem,
  formatCadenceText,
  mosaicCsvHeader,
  mosaicCsvRow,
  parseCadenceText,
  parseMosaicCsvHeader,
  parseMosaicCsvRow,
  readMosaicCsv,
  TEXT_LIMITS,
  writeMosaicCsv,
  type MosaicCsvRowResult,
} from './mosaic-csv.ts';
import type { ExportActivity, ExportEntry } from './mosaic-json.ts';

const TODAY = '2026-03-10';

async function readAll(text: string | Buffer, options = {}) {
  const out: MosaicCsvRowResult[] = [];
  for await (const item of readMosaicCsv(() => [text], { today: TODAY, ...options })) out.push(item);
  return out;
}

function headerError(fields: string[]): CsvHeaderError {
  try {
    parseMosaicCsvHeader(fields);
  } catch (error) {
    return error as CsvHeaderError;
  }
  throw new Error('expected a header error');
}

/** The reason a one-row file with these cells (under a full header) is rejected for, or 'ok'. */
function reasonFor(cells: Record<string, string>): string {
  const columns = ['date', 'activity', 'value', 'status', 'note', 'category', 'unit', 'goal', 'direction', 'cadence'];
  const header = parseMosaicCsvHeader(columns);
  const defaults: Record<string, string> = { date: '2026-03-01', activity: 'Run', value: '1' };
  const fields = columns.map((c) => cells[c] ?? defaults[c] ?? '');
  const result = parseMosaicCsvRow(header, { row: 7, fields }, { today: TODAY });
  if (!result) return 'blank';
  return result.ok ? 'ok' : result.rejection.reason;
}

describe('Mosaic CSV header', () => {
  it('takes the columns in any order, any case, with spaces around', () => {
    const header = parseMosaicCsvHeader([' Activity ', 'NOTE', 'date', 'Value', '']);
    expect(header.columns).toEqual(['activity', 'note', 'date', 'value', null]);
    expect([...header.has].sort()).toEqual(['activity', 'date', 'note', 'value']);
  });

  it('names unknown columns, missing ones and repeated ones in one message', () => {
    const error = headerError(['Date', 'Habit', 'Amount', 'date']);
    expect(error).toBeInstanceOf(CsvHeaderError);
    expect(error.code).toBe('bad_header');
    expect(error.unknown).toEqual(['Habit', 'Amount']);
    expect(error.missing).toEqual(['activity']);
    expect(error.repeated).toEqual(['date']);
    expect(error.message).toContain('unknown columns "Habit", "Amount"');
    expect(error.message).toContain('missing required column "activity"');
    expect(error.message).toContain('column "date" given more than once');
    expect(error.message).toContain('The columns are: date, activity, value');
  });

  it('says so when the separator is a semicolon', () => {
    expect(headerError(['date;activity;value']).message).toMatch(/not separated by commas/);
  });

  it('refuses an empty file and a file whose header is wrong, before yielding anything', async () => {
    await expect(readAll('')).rejects.toBeInstanceOf(CsvHeaderError);
    await expect(readAll('\uFEFF\r\n')).rejects.toBeInstanceOf(CsvHeaderError);
    await expect(readAll('day,activity\n2026-01-01,Run\n')).rejects.toThrow(/missing required column "date"/);
  });
});

describe('Mosaic CSV rows', () => {
  it('reads a full row', () => {
    const header = parseMosaicCsvHeader(['date', 'activity', 'value', 'status', 'note', 'category', 'unit', 'goal', 'direction', 'cadence']);
    const result = parseMosaicCsvRow(
      header,
      { row: 2, fields: ['2026-03-01', ' Run ', '5.5', 'DONE', ' felt good ', 'Sport', 'km', '5', 'Positive', 'mon+wed+fri'] },
      { today: TODAY },
    );
    expect(result).toEqual({
      ok: true,
      entry: {
        row: 2,
        date: '2026-03-01',
        activity: 'Run',
        value: 5.5,
        status: 'done',
        note: 'felt good',
        category: 'Sport',
        unit: 'km',
        goal: 5,
        direction: 'positive',
        cadence: { type: 'weekdays', weekdays: ['mon', 'wed', 'fri'] },
      },
    });
  });

  it('leaves absent columns undefined, and reads empty optional cells as "none"', () => {
    const minimal = parseMosaicCsvHeader(['date', 'activity', 'status']);
    expect(parseMosaicCsvRow(minimal, { row: 2, fields: ['2026-03-01', 'Read', 'skipped'] }, { today: TODAY })).toEqual({
      ok: true,
      entry: { row: 2, date: '2026-03-01', activity: 'Read', value: null, status: 'skipped', note: '' },
    });
    const full = parseMosaicCsvHeader(['date', 'activity', 'value', 'category', 'unit', 'goal', 'direction', 'cadence']);
    expect(parseMosaicCsvRow(full, { row: 3, fields: ['2026-03-01', 'Read', '0', '', '', '', '', ''] }, { today: TODAY })).toEqual({
      ok: true,
      entry: { row: 3, date: '2026-03-01', activity: 'Read', value: 0, note: '', category: '', unit: '', goal: null },
    });
  });

  it('tolerates missing trailing cells, ignores empty extra ones, and skips blank rows', () => {
    const header = parseMosaicCsvHeader(['date', 'activity', 'value', 'note']);
    expect(parseMosaicCsvRow(header, { row: 2, fields: ['2026-03-01', 'Read', '3'] }, { today: TODAY })).toMatchObject({ ok: true });
    expect(parseMosaicCsvRow(header, { row: 2, fields: ['2026-03-01', 'Read', '3', '', '', ''] }, { today: TODAY })).toMatchObject({ ok: true });
    expect(parseMosaicCsvRow(header, { row: 2, fields: ['', ' ', '', ''] }, { today: TODAY })).toBeNull();
  });

  it.each([
    [{ date: '' }, 'date is empty'],
    [{ date: '01/03/2026' }, 'date "01/03/2026" is not written as YYYY-MM-DD'],
    [{ date: '2026-02-30' }, 'date "2026-02-30" is not a real calendar date'],
    [{ date: '1969-12-31' }, 'date "1969-12-31" is before 1970-01-01'],
    [{ date: '2026-03-12' }, 'date "2026-03-12" is more than a day in the future'],
    [{ activity: '' }, 'activity name is empty'],
    [{ activity: 'x'.repeat(81) }, 'activity name is longer than 80 characters'],
    [{ value: 'abc' }, 'value "abc" is not a number'],
    [{ value: '2,5' }, 'value "2,5" is not a number (write decimals with a dot: 2.5)'],
    [{ value: '-1' }, 'value -1 is negative'],
    [{ value: '1000001' }, 'value 1000001 is more than 1000000'],
    [{ value: 'Infinity' }, 'value "Infinity" is not a number'],
    [{ status: 'finished' }, 'unknown status "finished" (use done, skipped or missed)'],
    [{ value: '', status: '' }, 'value and status are both empty (give a value, a status, or both)'],
    [{ note: 'n'.repeat(1001) }, 'note is longer than 1000 characters'],
    [{ category: 'c'.repeat(41) }, 'category is longer than 40 characters'],
    [{ unit: 'u'.repeat(21) }, 'unit is longer than 20 characters'],
    [{ goal: 'ten' }, 'goal "ten" is not a number'],
    [{ goal: '-5' }, 'goal -5 is negative'],
    [{ direction: 'up' }, 'unknown direction "up" (use positive or negative)'],
    [{ cadence: 'often' }, 'cadence "often" is not understood (write daily, 3/week or mon+wed+fri)'],
    [{ cadence: '8/week' }, 'cadence "8/week" is not understood (write daily, 3/week or mon+wed+fri)'],
    [{ cadence: 'mon+mon' }, 'cadence "mon+mon" is not understood (write daily, 3/week or mon+wed+fri)'],
  ])('rejects %j: %s', (cells, reason) => {
    expect(reasonFor(cells)).toBe(reason);
  });

  it('accepts 0 and the smallest numbers DynamoDB stores', () => {
    expect(reasonFor({ value: '0' })).toBe('ok');
    expect(reasonFor({ value: '1e-130' })).toBe('ok');
  });

  it('accepts tomorrow (a user east of UTC) and 1970-01-01', () => {
    expect(reasonFor({ date: '2026-03-11' })).toBe('ok');
    expect(reasonFor({ date: '1970-01-01' })).toBe('ok');
  });

  it('lists every problem of a row, and cells beyond the header', () => {
    const header = parseMosaicCsvHeader(['date', 'activity', 'value']);
    const result = parseMosaicCsvRow(header, { row: 4, fields: ['2026-13-01', '', 'x', 'extra'] }, { today: TODAY });
    expect(result).toEqual({
      ok: false,
      rejection: {
        row: 4,
        reason:
          'cell 4 ("extra") is beyond the last column of the header; date "2026-13-01" is not a real calendar date; activity name is empty; value "x" is not a number',
      },
    });
  });

  it('applies the project\'s date rules (LocalDate) exactly', () => {
    const today = utcToday();
    for (const date of ['2024-02-29', '2026-02-29', '1970-01-01', '1969-12-31', addDays(today, 1), addDays(today, 2), '2026-1-01', 'x']) {
      expect(dateProblem(date, today) === null, date).toBe(LocalDate.safeParse(date).success);
    }
  });

  it('rejects, per row, a value the table cannot store, and rounds the rest as the API does', () => {
    expect(reasonFor({ value: '1e-200' })).toBe('value 1e-200 must be 0 or at least 1e-130 in magnitude (smaller numbers cannot be stored)');
    expect(reasonFor({ goal: '1e-131' })).toMatch(/^goal 1e-131 must be 0 or at least 1e-130/);
    expect(reasonFor({ value: '0' })).toBe('ok');
    const header = parseMosaicCsvHeader(['date', 'activity', 'value']);
    expect(parseMosaicCsvRow(header, { row: 2, fields: ['2026-03-01', 'Run', '0.30000000000000004'] }, { today: TODAY })).toMatchObject({
      ok: true,
      entry: { value: 0.3 },
    });
  });

  it('applies the API\'s text rules to names, notes, categories and units', () => {
    expect(reasonFor({ activity: 'Run\u0000' })).toMatch(/^activity name must not contain control characters/);
    expect(reasonFor({ activity: '\u200B\u200B' })).toMatch(/^activity name must contain something visible/);
    expect(reasonFor({ note: 'fine\u202Egnp.exe' })).toMatch(/^note must not contain bidirectional/);
    expect(reasonFor({ category: 'a\tb' })).toMatch(/^category must not contain control characters/);
    expect(reasonFor({ unit: '\u001b[2J' })).toMatch(/^unit must not contain control characters/);
    expect(reasonFor({ note: 'two\nlines\tand a tab' })).toBe('ok');
  });

  it('uses the same text limits as the activity and entry schemas', () => {
    const ok = (schema: { safeParse(v: unknown): { success: boolean } }, n: number) => schema.safeParse('x'.repeat(n)).success;
    const shape = CreateActivityBody.shape;
    expect([ok(shape.name, TEXT_LIMITS.activity), ok(shape.name, TEXT_LIMITS.activity + 1)]).toEqual([true, false]);
    expect([ok(shape.category, TEXT_LIMITS.category), ok(shape.category, TEXT_LIMITS.category + 1)]).toEqual([true, false]);
    expect([ok(shape.unit, TEXT_LIMITS.unit), ok(shape.unit, TEXT_LIMITS.unit + 1)]).toEqual([true, false]);
    expect([ok(PutEntryBody.shape.note, TEXT_LIMITS.note), ok(PutEntryBody.shape.note, TEXT_LIMITS.note + 1)]).toEqual([true, false]);
  });
});

describe('cadence text', () => {
  it.each([
    ['daily', { type: 'daily' }],
    ['Daily', { type: 'daily' }],
    ['3/week', { type: 'weekly', timesPerWeek: 3 }],
    ['3 / week', { type: 'weekly', timesPerWeek: 3 }],
    ['7/week', { type: 'weekly', timesPerWeek: 7 }],
    ['mon+wed+fri', { type: 'weekdays', weekdays: ['mon', 'wed', 'fri'] }],
    ['Friday + monday', { type: 'weekdays', weekdays: ['mon', 'fri'] }],
    ['sun', { type: 'weekdays', weekdays: ['sun'] }],
    ['3/month', { type: 'monthly', timesPerMonth: 3 }],
    ['every 3 days', { type: 'interval', everyDays: 3 }],
  ])('reads %s', (text, cadence) => {
    expect(parseCadenceText(text)).toEqual(cadence);
  });

  it.each(['', '0/week', '8/week', '29/month', 'every 1 day', 'every 400 days', 'mon,wed', 'mon+funday', 'mon+mon', 'weekly'])('refuses %j', (text) => {
    expect(parseCadenceText(text)).toBeNull();
  });

  it('formats what it reads', () => {
    const cadences: Cadence[] = [
      { type: 'daily' },
      { type: 'weekly', timesPerWeek: 1 },
      { type: 'weekly', timesPerWeek: 7 },
      { type: 'weekdays', weekdays: ['tue', 'sat', 'sun'] },
    ];
    for (const c of cadences) expect(parseCadenceText(formatCadenceText(c))).toEqual(c);
    expect(formatCadenceText({ type: 'weekdays', weekdays: ['mon', 'wed', 'fri'] })).toBe('mon+wed+fri');
  });
});

describe('duplicates', () => {
  it('keeps the last row of an activity and date; earlier ones are "duplicate of row N"', async () => {
    const file = [
      'date,activity,value',
      '2026-03-01,Run,1', // row 2: superseded by row 5
      '2026-03-01,Swim,1', // row 3: another activity
      '2026-03-02,Run,2', // row 4: another date
      '2026-03-01, RUN ,3', // row 5: same as row 2 (case and spaces ignored); superseded by 7
      '2026-03-01,Run,x', // row 6: invalid, so it supersedes nothing
      '2026-03-01,run,4', // row 7: the winner
    ].join('\n');
    const items = await readAll(file);
    expect(items.map((i) => (i.ok ? `ok ${i.entry.row} ${i.entry.value}` : `no ${i.rejection.row}: ${i.rejection.reason}`))).toEqual([
      'no 2: duplicate of row 7',
      'ok 3 1',
      'ok 4 2',
      'no 5: duplicate of row 7',
      'no 6: value "x" is not a number',
      'ok 7 4',
    ]);
  });

  it('reports a whole-file error before yielding a single row', async () => {
    const good = Buffer.from('date,activity,value\n' + '2026-03-01,Run,1\n'.repeat(50));
    const bad = Buffer.concat([good, Buffer.from([0xe9, 0x0a])]);
    const seen: unknown[] = [];
    const error = await (async () => {
      try {
        for await (const item of readMosaicCsv(() => [bad], { today: TODAY })) seen.push(item);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(NotUtf8Error);
    expect((error as NotUtf8Error).byteOffset).toBe(good.length);
    expect(seen).toEqual([]);
  });

  it('notices a file that changed between its two passes', async () => {
    let pass = 0;
    const open = () => [pass++ === 0 ? 'date,activity,value\n2026-03-01,Run,1\n' : 'date,activity,value\n2026-03-01,Walk,1\n'];
    await expect(
      (async () => {
        for await (const _ of readMosaicCsv(open, { today: TODAY }));
      })(),
    ).rejects.toMatchObject({ code: 'file_changed' });
  });
});

describe('Mosaic CSV export', () => {
  const run: ExportActivity = {
    name: 'Run, fast',
    description: 'ignored by CSV',
    category: 'Sport',
    unit: 'km',
    goal: 5,
    direction: 'positive',
    cadence: { type: 'weekly', timesPerWeek: 3 },
    difficulty: 'hard',
    priority: 'high',
    status: 'active',
    pauses: [],
    startDate: '2025-12-01',
    entries: [],
  };
  const smoke: ExportActivity = {
    ...run,
    name: '=Smoke "free"',
    category: '',
    unit: '',
    goal: null,
    direction: 'negative',
    cadence: { type: 'weekdays', weekdays: ['mon', 'wed', 'fri'] },
  };
  const daily: ExportActivity = { ...run, name: 'Café ☕', category: '@home', unit: 'cups', goal: 0, direction: 'negative', cadence: { type: 'daily' } };
  const runEntries: ExportEntry[][] = [
    [
      { date: '2025-12-31', value: 5.25, note: 'new year\'s eve, "cold"', status: 'done' },
      { date: '2026-01-01', value: 0, note: '', status: 'missed' },
    ],
    [{ date: '2026-01-02', value: null, note: 'line 1\nline 2', status: 'skipped' }],
  ];
  const smokeEntries: ExportEntry[] = [
    { date: '2026-01-05', value: 1e-7, note: '=1+1', status: 'done' },
    { date: '2026-01-07', value: 1_000_000, note: "'-plain", status: 'missed' },
  ];
  const dailyEntries: ExportEntry[] = [{ date: '1970-01-01', value: 3, note: '-2 degrees', status: 'missed' }];

  it('writes a header with a BOM (or without), and rows with the activity settings', () => {
    expect(mosaicCsvHeader()).toBe('\uFEFFdate,activity,value,status,note,category,unit,goal,direction,cadence\r\n');
    expect(mosaicCsvHeader({ bom: false })).toBe('date,activity,value,status,note,category,unit,goal,direction,cadence\r\n');
    expect(mosaicCsvRow(smoke, smokeEntries[0]!)).toBe(`2026-01-05,"'=Smoke ""free""",1e-7,done,'=1+1,,,,negative,mon+wed+fri\r\n`);
  });

  it('round-trips: what it writes reads back to the same values', async () => {
    const chunks: string[] = [];
    for await (const chunk of writeMosaicCsv([
      { ...run, entries: runEntries },
      { ...smoke, entries: (async function* () { yield smokeEntries; })() },
      { ...daily, entries: [[], dailyEntries] },
    ])) {
      chunks.push(chunk);
    }
    const items = await readAll(Buffer.from(chunks.join(''), 'utf8'));
    const expected = [
      ...runEntries.flat().map((e) => ({ a: run, e })),
      ...smokeEntries.map((e) => ({ a: smoke, e })),
      ...dailyEntries.map((e) => ({ a: daily, e })),
    ].map(({ a, e }, i) => ({
      ok: true,
      entry: {
        row: i + 2,
        date: e.date,
        activity: a.name,
        value: e.value,
        status: e.status,
        note: e.note,
        category: a.category,
        unit: a.unit,
        goal: a.goal,
        direction: a.direction,
        cadence: a.cadence,
      },
    }));
    expect(items).toEqual(expected);
  });
});
