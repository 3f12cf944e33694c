import { useMemo } from 'react';
import type { ControlProps } from '../../components/ui.tsx';
import { timeZones } from '../../lib/dates.ts';

/** Every IANA zone the browser knows, grouped by region. */
export function TimeZoneSelect({ value, onChange, ...control }: ControlProps & { value: string; onChange: (zone: string) => void }) {
  const groups = useMemo(() => {
    const zones = timeZones();
    if (value && !zones.includes(value)) zones.unshift(value);
    const byRegion = new Map<string, string[]>();
    for (const zone of zones) {
      const region = zone.includes('/') ? zone.slice(0, zone.indexOf('/')) : 'Other';
      byRegion.set(region, [...(byRegion.get(region) ?? []), zone]);
    }
    return [...byRegion];
  }, [value]);
  return (
    <select {...control} value={value} onChange={(e) => onChange(e.target.value)}>
      {groups.map(([region, zones]) => (
        <optgroup key={region} label={region}>
          {zones.map((z) => (
            <option key={z} value={z}>
              {z.replace(/_/g, ' ')}
            </option>
          ))}
        </optgroup>
      ))}
    </select>
  );
}
