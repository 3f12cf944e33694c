import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { appleDate, ExportFormatError, scanAppleHealthExport } from './apple-health.ts';
import type { WearableRecord } from './model.ts';

const NOW = new Date('2026-11-28T12:00:00Z');
const HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE HealthData [\n<!ELEMENT HealthData (ExportDate)>\n]>\n<HealthData locale="en_GB">\n <ExportDate value="2026-11-28 12:00:00 +0100"/>\n <Me HKCharacteristicTypeIdentifierDateOfBirth="1990-01-01"/>\n';
const BODY = [
  ' <Record type="HKQuantityTypeIdentifierStepCount" sourceName="Ada’s Watch" unit="count" startDate="2026-11-27 08:00:00 +0100" endDate="2026-11-27 08:10:00 +0100" value="812" device="&lt;&lt;HKDevice: 0x1&gt;, name:Apple Watch, serial:FH4XK2&gt;"/>',
  ' <Record type="HKQuantityTypeIdentifierDistanceWalkingRunning" unit="km" startDate="2026-11-27 08:00:00 +0100" endDate="2026-11-27 08:10:00 +0100" value="0.61"/>',
  ' <Record type="HKQuantityTypeIdentifierHeartRate" unit="count/min" startDate="2026-11-27 08:05:00 +0100" endDate="2026-11-27 08:05:00 +0100" value="96"><MetadataEntry key="HKMetadataKeyHeartRateMotionContext" value="1"/></Record>',
  ' <Record type="HKCategoryTypeIdentifierSleepAnalysis" startDate="2026-11-26 23:10:00 +0100" endDate="2026-11-27 06:40:00 +0100" value="HKCategoryValueSleepAnalysisAsleepCore"/>',
  ' <Record type="HKCategoryTypeIdentifierSleepAnalysis" startDate="2026-11-26 23:00:00 +0100" endDate="2026-11-26 23:10:00 +0100" value="HKCategoryValueSleepAnalysisInBed"/>',
  ' <Record type="HKQuantityTypeIdentifierBodyMass" unit="kg" startDate="2026-11-27 07:00:00 +0100" endDate="2026-11-27 07:00:00 +0100" value="70"/>',
  ' <Record type="HKQuantityTypeIdentifierStepCount" unit="count" startDate="2027-11-27 08:00:00 +0100" endDate="2027-11-27 08:10:00 +0100" value="5"/>',
  ' <Workout workoutActivityType="HKWorkoutActivityTypeRunning" duration="31.5" durationUnit="min" startDate="2026-11-27 18:00:00 +0100" endDate="2026-11-27 18:31:30 +0100"/>',
].join('\n');

const scan = async (xml: string, chunk = 64) => {
  const records: Array<Omit<WearableRecord, 'batchId'>> = [];
  const chunks = [];
  for (let i = 0; i < xml.length; i += chunk) chunks.push(Buffer.from(xml.slice(i, i + chunk)));
  const summary = await scanAppleHealthExport(Readable.from(chunks), NOW, async (batch) => void records.push(...batch), 2);
  return { summary, records };
};

describe('the Apple Health export, streamed', () => {
  it('maps the tracked types to records and never keeps the device', async () => {
    const { summary, records } = await scan(`${HEAD}${BODY}\n</HealthData>\n`);
    expect(summary).toEqual({ records: 5, skipped: 2, rejected: 1, rejectedBy: { in_future: 1 } });
    expect(records.map((r) => [r.metric, r.value, r.unit])).toEqual([
      ['steps', 812, 'count'],
      ['distance', 610, 'm'],
      ['heart_rate', 96, 'bpm'],
      ['sleep', 450, 'min'],
      ['workout', 31.5, 'min'],
    ]);
    expect(records[0]!.start).toBe('2026-11-27T07:00:00.000Z');
    expect(JSON.stringify(records)).not.toMatch(/serial|FH4XK2|Watch/);
  });

  it('fails clearly on a truncated export, a malformed one, and something else', async () => {
    await expect(scan(`${HEAD}${BODY}`)).rejects.toThrow(ExportFormatError);
    await expect(scan(`${HEAD}${BODY}`)).rejects.toThrow(/truncated|not well-formed/);
    await expect(scan(`${HEAD}${BODY.replace('value="812"', 'value="812')}\n</HealthData>`)).rejects.toThrow(/not well-formed \(line \d+\)/);
    await expect(scan('<?xml version="1.0"?><Other/>')).rejects.toThrow(/not an Apple Health export/);
  });

  it('reads the export\u2019s dates', () => {
    expect(appleDate('2026-11-28 07:30:00 +0100')).toBe('2026-11-28T07:30:00+01:00');
    expect(appleDate('2026-11-28T07:30:00Z')).toBeUndefined();
  });
});
