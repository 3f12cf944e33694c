import { describe, expect, it } from 'vitest';
import { zipFiles, type ZipInput } from '../../../test/support/zip-writer.ts';
import { ZipTooLargeError } from '../../files/errors.ts';
import type { ZipSource } from '../../files/zip.ts';
import { addDays } from '../../kit/dates.ts';
import { NotLoopExportError } from './errors.ts';
import { importLoopHabits, loopCadence } from './loop-habits.ts';

// ---------------------------------------------------------------------------------------------
// A Loop Habit Tracker export, built the way uhabits' HabitsCSVExporter.kt and HabitList.kt
// write it (2.3.1 and later, or the legacy layout before): OpenCSV quoting (only when needed),
// "\n" line ends, per-habit folders "NNN <sanitised name>", newest day first, raw values
// printed by Entry.formattedValue, numerical amounts × 1000.
// ---------------------------------------------------------------------------------------------

const YES_MANUAL = 2;
const YES_AUTO = 1;
const NO = 0;
const SKIP = 3;
const UNKNOWN = -1;

interface FixtureHabit {
  name: string;
  type: 'YES_NO' | 'NUMERICAL';
  question?: string;
  description?: string;
  numerator: number;
  denominator: number;
  unit?: string;
  targetType?: 'AT_LEAST' | 'AT_MOST';
  targetValue?: number;
  archived?: boolean;
  /** Loop's computed entries: [date, raw value, notes]. */
  entries: Array<[string, number, string?]>;
}

interface ExportOptions {
  legacy?: boolean;
  exportDay?: string;
  /** Leave out the per-habit folders (as if only the root matrix were there). */
  withoutFolders?: boolean;
  withoutRootCheckmarks?: boolean;
  /** Put everything under this folder (a user who re-zipped the unpacked export). */
  prefix?: string;
}

function formattedValue(value: number): string {
  return { [YES_MANUAL]: 'YES_MANUAL', [YES_AUTO]: 'YES_AUTO', [NO]: 'NO', [SKIP]: 'SKIP', [UNKNOWN]: 'UNKNOWN' }[value] ?? String(value);
}

/** OpenCSV's writeNext(…, applyQuotesToAll = false). */
function openCsvLine(fields: string[]): string {
  return `${fields.map((f) => (/[",\n\r]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(',')}\n`;
}

/** Java's Double.toString for the values used here. */
function javaDouble(n: number): string {
  return Number.isInteger(n) ? n.toFixed(1) : String(n);
}

function habitFolder(position: number, name: string): string {
  const sane = name.replace(/[^ a-zA-Z0-9._-]+/g, '').slice(0, 100);
  return `${String(position).padStart(3, '0')} ${sane}`.trim();
}

function loopExport(habits: FixtureHabit[], options: ExportOptions = {}): Buffer {
  const exportDay = options.exportDay ?? '2026-01-05';
  const files: ZipInput[] = [];
  const prefix = options.prefix ?? '';
  const numerical = (h: FixtureHabit) => h.type === 'NUMERICAL';
  const value = (v: number) => (options.legacy ? String(v) : formattedValue(v));

  let habitsCsv = options.legacy
    ? openCsvLine(['Position', 'Name', 'Question', 'Description', 'NumRepetitions', 'Interval', 'Color'])
    : openCsvLine(['Position', 'Name', 'Type', 'Question', 'Description', 'FrequencyNumerator', 'FrequencyDenominator', 'Color', 'Unit', 'Target Type', 'Target Value', 'Archived?']);
  habits.forEach((h, i) => {
    const position = String(i + 1).padStart(3, '0');
    habitsCsv += options.legacy
      ? openCsvLine([position, h.name, h.question ?? '', h.description ?? '', String(h.numerator), String(h.denominator), '#FF8F00'])
      : openCsvLine([
          position,
          h.name,
          h.type,
          h.question ?? '',
          h.description ?? '',
          String(h.numerator),
          String(h.denominator),
          '#00897B',
          numerical(h) ? (h.unit ?? '') : '',
          numerical(h) ? (h.targetType ?? 'AT_LEAST') : '',
          numerical(h) ? javaDouble(h.targetValue ?? 0) : '',
          String(h.archived ?? false),
        ]);
  });
  files.push({ name: `${prefix}Habits.csv`, data: habitsCsv });

  if (!options.withoutFolders) {
    habits.forEach((h, i) => {
      const folder = `${prefix}${habitFolder(i + 1, h.name)}/`;
      const sorted = [...h.entries].sort((a, b) => (a[0] < b[0] ? 1 : -1));
      let checkmarks = options.legacy ? '' : openCsvLine(['Date', 'Value', 'Notes']);
      for (const [date, v, notes] of sorted) {
        checkmarks += options.legacy ? `${date},${v}\n` : openCsvLine([date, value(v), notes ?? '']);
      }
      files.push({ name: `${folder}Scores.csv`, data: `${options.legacy ? '' : 'Date,Score\n'}${exportDay},0.5000\n` });
      files.push({ name: `${folder}Checkmarks.csv`, data: checkmarks });
    });
  }

  if (!options.withoutRootCheckmarks) {
    const oldest = habits.flatMap((h) => h.entries.map((e) => e[0])).sort()[0] ?? exportDay;
    let matrix = `Date,${habits.map((h) => `${h.name},`).join('')}\n`;
    let scores = matrix;
    for (let day = exportDay; day >= oldest; day = addDays(day, -1)) {
      matrix += `${day},${habits.map((h) => `${value(h.entries.find((e) => e[0] === day)?.[1] ?? UNKNOWN)},`).join('')}\n`;
      scores += `${day},${habits.map(() => '0.1000,').join('')}\n`;
    }
    files.push({ name: `${prefix}Checkmarks.csv`, data: matrix });
    files.push({ name: `${prefix}Scores.csv`, data: scores });
  }
  return zipFiles(files);
}

/** Several habits covering each kind, each check-mark value, and a year boundary. */
const HABITS: FixtureHabit[] = [
  {
    name: 'Meditate',
    type: 'YES_NO',
    question: 'Did you meditate this morning?',
    numerator: 1,
    denominator: 1,
    entries: [
      ['2026-01-03', YES_MANUAL],
      ['2026-01-02', NO, 'Sick'],
      ['2026-01-01', SKIP, 'Holiday'],
      ['2025-12-31', UNKNOWN, 'forgot, "really"'],
      ['2025-12-30', YES_MANUAL, 'Calm, "deep"\nsecond line'],
    ],
  },
  {
    name: 'Gym, weights',
    type: 'YES_NO',
    question: 'Did you lift?',
    numerator: 3,
    denominator: 7,
    entries: [
      ['2026-01-02', YES_AUTO, 'Vacation'],
      ['2026-01-01', YES_AUTO],
      ['2025-12-31', YES_MANUAL],
      ['2025-12-30', YES_MANUAL],
      ['2025-12-29', YES_MANUAL],
    ],
  },
  {
    name: 'Cigarettes',
    type: 'NUMERICAL',
    question: 'How many cigarettes?',
    numerator: 1,
    denominator: 1,
    unit: 'cigs',
    targetType: 'AT_MOST',
    targetValue: 5,
    entries: [
      ['2026-01-03', 3000],
      ['2026-01-02', 7000],
      ['2026-01-01', NO],
      ['2025-12-31', SKIP],
      ['2025-12-30', YES_MANUAL],
      ['2025-12-29', UNKNOWN, 'no data'],
    ],
  },
  {
    name: 'Old habit',
    type: 'YES_NO',
    numerator: 2,
    denominator: 3,
    archived: true,
    entries: [
      ['2025-06-02', YES_MANUAL],
      ['2025-06-01', NO],
    ],
  },
  {
    name: 'Read',
    type: 'NUMERICAL',
    question: 'How many pages?',
    description: 'Fiction only',
    numerator: 1,
    denominator: 7,
    unit: 'pages',
    targetType: 'AT_LEAST',
    targetValue: 10,
    entries: [
      ['2026-01-04', 12500],
      ['2026-01-01', 9999],
    ],
  },
];

const TODAY = '2026-01-05';
const settings = {
  category: '',
  difficulty: 'medium',
  priority: 'medium',
  pauses: [],
};

const EXPECTED_ACTIVITIES = [
  {
    ...settings,
    name: 'Meditate',
    description: 'Did you meditate this morning?',
    unit: '',
    goal: null,
    direction: 'positive',
    cadence: { type: 'daily' },
    status: 'active',
    startDate: '2025-12-30',
    deactivatedAt: null,
    entries: [
      { date: '2025-12-30', value: null, note: 'Calm, "deep"\nsecond line', status: 'done', statusSource: 'explicit' },
      { date: '2026-01-01', value: null, note: 'Holiday', status: 'skipped', statusSource: 'explicit' },
      { date: '2026-01-02', value: null, note: 'Sick', status: 'missed', statusSource: 'explicit' },
      { date: '2026-01-03', value: null, note: '', status: 'done', statusSource: 'explicit' },
    ],
  },
  {
    ...settings,
    name: 'Gym, weights',
    description: 'Did you lift?',
    unit: '',
    goal: null,
    direction: 'positive',
    cadence: { type: 'weekly', timesPerWeek: 3 },
    status: 'active',
    startDate: '2025-12-29',
    deactivatedAt: null,
    entries: ['2025-12-29', '2025-12-30', '2025-12-31'].map((date) => ({ date, value: null, note: '', status: 'done', statusSource: 'explicit' })),
  },
  {
    ...settings,
    name: 'Cigarettes',
    description: 'How many cigarettes?',
    unit: 'cigs',
    goal: 5,
    direction: 'negative',
    cadence: { type: 'daily' },
    status: 'active',
    startDate: '2025-12-30',
    deactivatedAt: null,
    entries: [
      { date: '2025-12-30', value: 0.002, note: '', status: 'done', statusSource: 'derived' },
      { date: '2025-12-31', value: null, note: '', status: 'skipped', statusSource: 'explicit' },
      { date: '2026-01-01', value: 0, note: '', status: 'done', statusSource: 'derived' },
      { date: '2026-01-02', value: 7, note: '', status: 'missed', statusSource: 'derived' },
      { date: '2026-01-03', value: 3, note: '', status: 'done', statusSource: 'derived' },
    ],
  },
  {
    ...settings,
    name: 'Old habit',
    description: '',
    unit: '',
    goal: null,
    direction: 'positive',
    cadence: { type: 'weekly', timesPerWeek: 5 },
    status: 'archived',
    startDate: '2025-06-01',
    deactivatedAt: '2025-06-03T00:00:00.000Z',
    entries: [
      { date: '2025-06-01', value: null, note: '', status: 'missed', statusSource: 'explicit' },
      { date: '2025-06-02', value: null, note: '', status: 'done', statusSource: 'explicit' },
    ],
  },
  {
    ...settings,
    name: 'Read',
    description: 'How many pages?\n\nFiction only',
    unit: 'pages',
    goal: 10,
    direction: 'positive',
    cadence: { type: 'weekly', timesPerWeek: 1 },
    status: 'active',
    startDate: '2026-01-01',
    deactivatedAt: null,
    entries: [
      { date: '2026-01-01', value: 9.999, note: '', status: 'missed', statusSource: 'derived' },
      { date: '2026-01-04', value: 12.5, note: '', status: 'done', statusSource: 'derived' },
    ],
  },
];

const withoutNotes = (activities: typeof EXPECTED_ACTIVITIES) =>
  activities.map((a) => ({ ...a, entries: a.entries.map((e) => ({ ...e, note: '' })) }));

describe('Loop Habit Tracker import (2.3.1 format)', () => {
  it('maps each habit to an activity and each check-mark to an entry', async () => {
    const result = await importLoopHabits(loopExport(HABITS), { today: TODAY });
    expect(result.format).toBe('loop-2.3.1');
    expect(result.rejected).toEqual([]);
    expect(result.activities).toEqual(EXPECTED_ACTIVITIES);
  });

  it('reads the export from a ranged source (an S3 object read by range) as from bytes', async () => {
    const zip = loopExport(HABITS);
    const source: ZipSource = {
      size: zip.length,
      async *readRange(start, end) {
        for (let at = start; at < end; at += 100) yield zip.subarray(at, Math.min(end, at + 100));
      },
    };
    expect((await importLoopHabits(source, { today: TODAY })).activities).toEqual(EXPECTED_ACTIVITIES);
  });

  it('warns about what it could not carry over: notes of days without an entry, approximate frequencies', async () => {
    const { warnings } = await importLoopHabits(loopExport(HABITS), { today: TODAY });
    expect(warnings).toEqual([
      { file: '001 Meditate/Checkmarks.csv', row: 5, message: 'the note of 2025-12-31 is not imported: the day has no entry in Mosaic (UNKNOWN)' },
      { file: '002 Gym weights/Checkmarks.csv', row: 2, message: 'the note of 2026-01-02 is not imported: the day has no entry in Mosaic (YES_AUTO)' },
      { file: '003 Cigarettes/Checkmarks.csv', row: 7, message: 'the note of 2025-12-29 is not imported: the day has no entry in Mosaic (UNKNOWN)' },
      {
        file: 'Habits.csv',
        row: 5,
        message: '"Old habit" is due 2 times in 3 days in Loop; Mosaic has no such cadence, so it is imported as 5 times per week',
      },
    ]);
  });

  it('reads the root Checkmarks.csv matrix when the per-habit folders are missing (it has no notes)', async () => {
    // Loop writes the matrix header unquoted, so only names without commas can be matched there.
    const rename = <T extends { name: string }>(h: T): T => (h.name === 'Gym, weights' ? { ...h, name: 'Gym weights' } : h);
    const result = await importLoopHabits(loopExport(HABITS.map(rename), { withoutFolders: true }), { today: TODAY });
    expect(result.rejected).toEqual([]);
    expect(result.activities).toEqual(withoutNotes(EXPECTED_ACTIVITIES).map(rename));
  });

  it('reads an export re-zipped inside a folder', async () => {
    const result = await importLoopHabits(loopExport(HABITS, { prefix: 'Loop Habits CSV 2026-01-05/' }), { today: TODAY });
    expect(result.activities).toEqual(EXPECTED_ACTIVITIES);
  });

  it('refuses the root matrix when a habit name with a comma shifted its columns, and imports the habits without entries', async () => {
    const result = await importLoopHabits(loopExport(HABITS.slice(0, 2), { withoutFolders: true }), { today: TODAY, allHabits: true });
    expect(result.rejected).toEqual([expect.objectContaining({ file: 'Checkmarks.csv', row: 1 })]);
    expect(result.activities.map((a) => [a.name, a.entries.length])).toEqual([
      ['Meditate', 0],
      ['Gym, weights', 0],
    ]);
    expect(result.activities[0]!.startDate).toBe(TODAY);
    expect(result.warnings.filter((w) => w.message.startsWith('no check-marks'))).toHaveLength(2);
  });

  it('rejects rows it cannot use, with file, row and reason', async () => {
    const zip = zipFiles([
      {
        name: 'Habits.csv',
        data:
          'Position,Name,Type,Question,Description,FrequencyNumerator,FrequencyDenominator,Color,Unit,Target Type,Target Value,Archived?\n' +
          '001,Walk,YES_NO,,,1,1,#00897B,,,,false\n' +
          '002,Steps,NUMERICAL,,,1,1,#00897B,steps,AT_LEAST,10000.0,false\n' +
          '003,,YES_NO,,,1,1,#00897B,,,,false\n' +
          '004,Odd,BOOLEAN,,,1,1,#00897B,,,,false\n' +
          '005,Zero,YES_NO,,,0,7,#00897B,,,,false\n',
      },
      {
        name: '001 Walk/Checkmarks.csv',
        data:
          'Date,Value,Notes\n' +
          '2026-01-07,YES_MANUAL,\n' + // more than a day after TODAY
          '2026-01-03,MAYBE,\n' +
          '2026-02-30,NO,\n' +
          '2026-01-02,NO,first\n' + // superseded by row 6
          '2026-01-02,YES_MANUAL,second\n',
      },
      { name: '002 Steps/Checkmarks.csv', data: 'Date,Value,Notes\n2026-01-03,-5000,\n2026-01-02,lots,\n2026-01-01,2000000000,\n2025-12-31,12000,\n' },
    ]);
    const result = await importLoopHabits(zip, { today: TODAY });
    expect(result.rejected).toEqual([
      { file: 'Habits.csv', row: 4, reason: 'the habit has no name' },
      { file: 'Habits.csv', row: 5, reason: 'unknown habit type "BOOLEAN" (expected YES_NO or NUMERICAL)' },
      { file: 'Habits.csv', row: 6, reason: 'frequency "0/7" is not two positive whole numbers' },
      { file: '001 Walk/Checkmarks.csv', row: 2, reason: 'date "2026-01-07" is more than a day in the future' },
      { file: '001 Walk/Checkmarks.csv', row: 3, reason: 'unknown check-mark value "MAYBE" (expected YES_MANUAL, YES_AUTO, NO, SKIP or UNKNOWN)' },
      { file: '001 Walk/Checkmarks.csv', row: 4, reason: 'date "2026-02-30" is not a real calendar date' },
      { file: '001 Walk/Checkmarks.csv', row: 5, reason: 'duplicate of row 6' },
      { file: '002 Steps/Checkmarks.csv', row: 2, reason: 'value -5000 is negative' },
      { file: '002 Steps/Checkmarks.csv', row: 3, reason: 'value "lots" is not a number' },
      { file: '002 Steps/Checkmarks.csv', row: 4, reason: 'value 2000000 is more than 1000000' },
    ]);
    expect(result.activities.map((a) => [a.name, a.entries])).toEqual([
      ['Walk', [{ date: '2026-01-02', value: null, note: 'second', status: 'done', statusSource: 'explicit' }]],
      ['Steps', [{ date: '2025-12-31', value: 12, note: '', status: 'missed', statusSource: 'derived' }]],
    ]);
  });

  it('gives same-named habits distinct names, and shortens what Mosaic cannot hold', async () => {
    const long = 'L'.repeat(90);
    const result = await importLoopHabits(
      loopExport([
        { name: 'Walk', type: 'YES_NO', numerator: 1, denominator: 1, entries: [['2026-01-01', YES_MANUAL]] },
        { name: 'walk', type: 'YES_NO', numerator: 1, denominator: 1, entries: [['2026-01-01', NO]] },
        { name: long, type: 'NUMERICAL', question: 'q'.repeat(600), numerator: 1, denominator: 1, unit: 'u'.repeat(30), entries: [] },
      ]),
      { today: TODAY, allHabits: true },
    );
    expect(result.activities.map((a) => a.name)).toEqual(['Walk', 'walk (2)', 'L'.repeat(80)]);
    expect(result.activities[2]!.description).toHaveLength(500);
    expect(result.activities[2]!.unit).toHaveLength(20);
    expect(result.activities[2]!.startDate).toBe(TODAY);
    expect(result.warnings.map((w) => w.message)).toEqual(
      expect.arrayContaining([
        'another habit is also called "walk"; this one is imported as "walk (2)"',
        `the name "${long}" was shortened to 80 characters`,
      ]),
    );
  });
});

describe('Loop Habit Tracker import (before 2.3.1)', () => {
  it('reads the legacy layout: old Habits.csv columns, no header and raw integers in per-habit files', async () => {
    const result = await importLoopHabits(loopExport(HABITS, { legacy: true }), { today: TODAY });
    expect(result.format).toBe('loop-legacy');
    expect(result.rejected).toEqual([]);
    // The legacy Habits.csv has no type, unit, target or archived flag: numerical habits are recognised by their values.
    const byName = new Map(result.activities.map((a) => [a.name, a]));
    expect(byName.get('Meditate')).toEqual(withoutNotes(EXPECTED_ACTIVITIES)[0]);
    expect(byName.get('Gym, weights')).toEqual(EXPECTED_ACTIVITIES[1]);
    expect(byName.get('Cigarettes')!.entries.map((e) => [e.date, e.value, e.status])).toEqual([
      ['2025-12-30', 0.002, 'done'],
      ['2025-12-31', null, 'skipped'],
      ['2026-01-01', 0, 'missed'],
      ['2026-01-02', 7, 'done'],
      ['2026-01-03', 3, 'done'],
    ]);
    expect(byName.get('Cigarettes')).toMatchObject({ goal: null, direction: 'positive', unit: '' });
    expect(byName.get('Old habit')).toMatchObject({ status: 'active', deactivatedAt: null });
  });

  it('reads the legacy root matrix of raw integers', async () => {
    const result = await importLoopHabits(loopExport([HABITS[0]!, HABITS[2]!], { legacy: true, withoutFolders: true }), { today: TODAY });
    expect(result.activities.map((a) => a.entries.map((e) => [e.date, e.value, e.status]))).toEqual([
      [
        ['2025-12-30', null, 'done'],
        ['2026-01-01', null, 'skipped'],
        ['2026-01-02', null, 'missed'],
        ['2026-01-03', null, 'done'],
      ],
      [
        ['2025-12-30', 0.002, 'done'],
        ['2025-12-31', null, 'skipped'],
        ['2026-01-01', 0, 'missed'],
        ['2026-01-02', 7, 'done'],
        ['2026-01-03', 3, 'done'],
      ],
    ]);
  });
});

describe('Loop frequencies', () => {
  it.each([
    [1, 1, { type: 'daily' }, true],
    [3, 7, { type: 'weekly', timesPerWeek: 3 }, true],
    [1, 7, { type: 'weekly', timesPerWeek: 1 }, true],
    [6, 7, { type: 'weekly', timesPerWeek: 6 }, true],
    [2, 3, { type: 'weekly', timesPerWeek: 5 }, false],
    [1, 2, { type: 'interval', everyDays: 2 }, true],
    [1, 10, { type: 'interval', everyDays: 10 }, true],
    [1, 30, { type: 'monthly', timesPerMonth: 1 }, true],
    [10, 30, { type: 'monthly', timesPerMonth: 10 }, true],
    [2, 5, { type: 'weekly', timesPerWeek: 3 }, false],
    [13, 14, { type: 'daily' }, false],
  ])('%i in %i days → %j', (n, d, cadence, exact) => {
    expect(loopCadence(n, d)).toEqual({ cadence, exact });
  });
});

describe('not a Loop export', () => {
  it('refuses a ZIP without Habits.csv, or whose Habits.csv has no Name column', async () => {
    await expect(importLoopHabits(zipFiles([{ name: 'export.csv', data: 'date,activity\n' }]))).rejects.toBeInstanceOf(NotLoopExportError);
    await expect(importLoopHabits(zipFiles([{ name: 'Habits.csv', data: 'Title,Color\nx,y\n' }]))).rejects.toThrow(/no Name column/);
  });

  it('applies the ZIP caps', async () => {
    await expect(importLoopHabits(loopExport(HABITS), { maxTotalBytes: 100 })).rejects.toBeInstanceOf(ZipTooLargeError);
  });

  it('skips the YES_AUTO days Loop writes ahead without calling them rejected (issue 8)', async () => {
    const ahead = (n: number) => addDays(TODAY, n);
    const result = await importLoopHabits(
      loopExport([
        {
          name: 'Walk',
          type: 'YES_NO',
          numerator: 3,
          denominator: 7,
          entries: [
            ...Array.from({ length: 10 }, (_, i) => [ahead(11 - i), YES_AUTO] as [string, number]),
            [TODAY, YES_MANUAL],
            [ahead(-1), UNKNOWN],
          ],
        },
      ]),
      { today: TODAY },
    );
    expect(result.rejected).toEqual([]);
    expect(result.activities[0]!.entries.map((e) => [e.date, e.status])).toEqual([[TODAY, 'done']]);
  });

  it('imports only the habits with check-marks, unless asked for all (issue 8)', async () => {
    const habits = [
      { name: 'Walk', type: 'YES_NO', numerator: 1, denominator: 1, entries: [[TODAY, YES_MANUAL]] },
      { name: 'Old', type: 'YES_NO', numerator: 1, denominator: 1, archived: true, entries: [] },
      { name: 'Auto only', type: 'YES_NO', numerator: 1, denominator: 1, entries: [[TODAY, YES_AUTO]] },
    ] as Parameters<typeof loopExport>[0];
    const some = await importLoopHabits(loopExport(habits), { today: TODAY });
    expect(some.activities.map((a) => a.name)).toEqual(['Walk']);
    expect(some.warnings).toContainEqual({
      file: 'Habits.csv',
      row: 0,
      message: '2 habits without check-marks in this export were not imported ("Old", "Auto only"); import again with "all habits" to create them',
    });
    const all = await importLoopHabits(loopExport(habits), { today: TODAY, allHabits: true });
    expect(all.activities.map((a) => a.name)).toEqual(['Walk', 'Old', 'Auto only']);
  });
});
