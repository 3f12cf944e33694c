import type { Heatmap } from './api.ts';
import { dayMonth, monthYear } from '../../lib/dates.ts';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** Hour-of-day × weekday heatmap of listening minutes: a labelled grid, each cell titled with its value. */
export function ListeningHeatmap({ data }: { data: Heatmap }) {
  const max = Math.max(1, ...data.minutes.flat());
  return (
    <div className="lheat" role="table" aria-label="Minutes listened by weekday and hour (local time)">
      <div className="lheat__row" role="row">
        <span className="lheat__label lheat__corner" role="columnheader" title="Weekday">
          Day
        </span>
        {Array.from({ length: 24 }, (_, h) => (
          <span key={h} className="lheat__hour" role="columnheader">
            {h % 3 === 0 ? h : ''}
          </span>
        ))}
      </div>
      {data.minutes.map((row, w) => (
        <div key={w} className="lheat__row" role="row">
          <span className="lheat__label" role="rowheader">
            {WEEKDAYS[w]}
          </span>
          {row.map((minutes, h) => (
            <span
              key={h}
              role="cell"
              className="lheat__cell"
              title={`${WEEKDAYS[w]} ${h}:00–${h + 1}:00: ${Math.round(minutes)} min, ${data.plays[w]?.[h] ?? 0} plays`}
              style={{ opacity: minutes === 0 ? 0.08 : 0.2 + (0.8 * minutes) / max }}
            />
          ))}
        </div>
      ))}
      <p className="lheat__axis" aria-hidden="true">
        Hour of day (0–23, local time)
      </p>
      <p className="muted lheat__legend">Colour: minutes listened in that hour; darker = more (max {Math.round(max)} min in one cell).</p>
    </div>
  );
}

/**
 * Horizontal bars of minutes per bucket, labelled with the bucket and the value, under axis
 * titles (what each row is, and the bars' measure and unit) and over a 0–max scale, like the SVG
 * charts' axis titles (web/src/components/charts/axis-titles.tsx).
 */
export function MinuteBars({ buckets, label, category }: { buckets: Array<{ start: string; minutes: number }>; label: string; category: string }) {
  const max = Math.max(1, ...buckets.map((b) => b.minutes));
  return (
    <div className="lbars-chart">
      <div className="lbars__row lbars__axes" aria-hidden="true">
        <span className="lbars__axis">{category}</span>
        <span className="lbars__axis">Minutes listened (min)</span>
        <span />
      </div>
      <BarList buckets={buckets} label={label} max={max} />
      <div className="lbars__row lbars__scale" aria-hidden="true">
        <span />
        <span className="lbars__ticks">
          <span>0</span>
          <span>{Math.round(max)} min</span>
        </span>
        <span />
      </div>
    </div>
  );
}

/** A bucket's start as people read it, short enough for a phone's label column: a week's first day ("Nov 2", with the year when it is another's), a month ("Nov 2026"), a year as it is. */
function bucketLabel(start: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(start)) return start.slice(0, 4) === new Date().toISOString().slice(0, 4) ? dayMonth(start) : `${dayMonth(start)} ${start.slice(0, 4)}`;
  if (/^\d{4}-\d{2}$/.test(start)) return monthYear(start);
  return start;
}

function BarList({ buckets, label, max }: { buckets: Array<{ start: string; minutes: number }>; label: string; max: number }) {
  return (
    <ul className="lbars" aria-label={label}>
      {buckets.map((b) => (
        <li key={b.start} className="lbars__row">
          <span className="lbars__label">{bucketLabel(b.start)}</span>
          <span className="lbars__track">
            <span className="lbars__fill" style={{ width: `${(100 * b.minutes) / max}%` }} />
          </span>
          <span className="lbars__value">{Math.round(b.minutes)} min</span>
        </li>
      ))}
    </ul>
  );
}
