import { zipFiles } from './zip-writer.ts';

/** Small Apple Health exports written for the tests (never a real one). */

/** A date of the export (`2026-11-28 07:30:00 +0100`), `hours` before now, in UTC+01:00. */
function appleTime(hoursAgo: number): string {
  const t = new Date(Date.now() - hoursAgo * 3600_000 + 3600_000);
  return `${t.toISOString().slice(0, 10)} ${t.toISOString().slice(11, 19)} +0100`;
}

const DEVICE = '&lt;&lt;HKDevice: 0x2830e1a40&gt;, name:Apple Watch, manufacturer:Apple Inc., model:Watch, hardware:Watch6,2, software:10.1, serial:FH4XK2ZQ9N&gt;';

/**
 * A small export as the Health app writes it: `<Me>` with a birth date, records carrying the
 * device (with its serial), `steps` records an hour apart over the last days (two write batches),
 * an untracked type, one record in the future and one from three years back.
 */
export function exportXml(steps: number, options: { close?: boolean } = {}): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE HealthData [\n<!ELEMENT HealthData (ExportDate,Me,(Record|Workout)*)>\n]>',
    '<HealthData locale="en_GB">',
    ' <ExportDate value="2026-11-28 12:00:00 +0100"/>',
    ' <Me HKCharacteristicTypeIdentifierDateOfBirth="1987-03-14" HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexFemale"/>',
  ];
  for (let i = 0; i < steps; i++) {
    lines.push(
      ` <Record type="HKQuantityTypeIdentifierStepCount" sourceName="Ada’s Apple Watch" sourceVersion="10.1" device="${DEVICE}" unit="count" creationDate="${appleTime(i + 2)}" startDate="${appleTime(i + 3)}" endDate="${appleTime(i + 2.5)}" value="${100 + (i % 50)}"/>`,
    );
  }
  lines.push(
    ` <Record type="HKQuantityTypeIdentifierBodyMass" sourceName="Scale" unit="kg" startDate="${appleTime(5)}" endDate="${appleTime(5)}" value="61.2"/>`,
    ` <Record type="HKQuantityTypeIdentifierStepCount" sourceName="Phone" unit="count" startDate="${appleTime(-47)}" endDate="${appleTime(-48)}" value="12"/>`,
    ` <Record type="HKQuantityTypeIdentifierStepCount" sourceName="Phone" unit="count" startDate="${appleTime(3 * 366 * 24)}" endDate="${appleTime(3 * 366 * 24 - 1)}" value="12"/>`,
    ` <Workout workoutActivityType="HKWorkoutActivityTypeRunning" duration="31.5" durationUnit="min" sourceName="Ada’s Apple Watch" device="${DEVICE}" startDate="${appleTime(30)}" endDate="${appleTime(29.475)}"/>`,
  );
  if (options.close !== false) lines.push('</HealthData>');
  return lines.join('\n') + '\n';
}

export const exportZip = (xml: string) =>
  zipFiles([
    { name: 'apple_health_export/export.xml', data: xml },
    { name: 'apple_health_export/export_cda.xml', data: '<ClinicalDocument/>' },
    { name: 'apple_health_export/workout-routes/route_2026-11-27_6.01pm.gpx', data: '<gpx/>' },
  ]);
