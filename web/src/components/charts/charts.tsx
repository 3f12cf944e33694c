import type { DayCompletion } from '../../api/types.ts';
import { dayMonth, longDate } from '../../lib/dates.ts';
import { num, pct, counted } from '../../lib/format.ts';
import { useWidth } from '../../lib/use-width.ts';
import { AXIS_ROOM, AxisTitles } from './axis-titles.tsx';

/**
 * Hand-drawn SVG charts. Each measures its container and draws in real pixels, so labels keep
 * their size from phone to desktop; each carries a text summary for screen readers.
 */

export interface BarRow {
  key: string;
  /** Axis label ("16 Nov", "Nov"). */
  label: string;
  /** Full name for the tooltip ("Week of 16 November"). */
  title: string;
  done: number;
  missed: number;
  skipped: number;
  pending: number;
  rate: number | null;
  valueSum: number;
}

const PAD = { top: 22, right: 8, bottom: 24 + AXIS_ROOM, left: 30 + AXIS_ROOM };

function niceMax(max: number): number {
  if (max <= 1) return 1;
  if (max <= 5) return Math.ceil(max);
  const magnitude = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * magnitude >= max) return step * magnitude;
  return Math.ceil(max);
}

/** Stacked bars of occasions per period (done, missed, skipped, pending), or the amounts logged. */
export function SeriesBars({ rows, mode, unit, label, period }: { rows: BarRow[]; mode: 'occasions' | 'amount'; unit: string; label: string; period: 'Week' | 'Month' }) {
  const [ref, width] = useWidth<HTMLDivElement>();
  const height = 204;
  const innerW = Math.max(1, width - PAD.left - PAD.right);
  const innerH = height - PAD.top - PAD.bottom;
  const totals = rows.map((r) => (mode === 'amount' ? r.valueSum : r.done + r.missed + r.skipped + r.pending));
  const max = niceMax(Math.max(0, ...totals));
  const slot = innerW / Math.max(1, rows.length);
  const barW = Math.max(4, Math.min(36, slot * 0.62));
  const y = (v: number) => PAD.top + innerH - (v / max) * innerH;
  // Labels ("14 Sept") need about 48 px: show every n-th so they never overlap.
  const labelEvery = Math.max(1, Math.ceil(48 / slot));
  const ticks = Number.isInteger(max / 2) || max > 5 ? [0, max / 2, max] : [0, max];
  // Rates above the bars need room; on narrow charts the tooltip carries them.
  const showValues = slot >= 34;

  const summary =
    mode === 'amount'
      ? `${label}: ${rows.map((r) => `${r.title} ${num(r.valueSum)}${unit ? ` ${unit}` : ''}`).join('; ')}.`
      : `${label}: ${rows.map((r) => `${r.title} ${r.done} done of ${r.done + r.missed} due`).join('; ')}.`;

  return (
    <div className="chart" ref={ref}>
      <svg width={width} height={height} role="img" aria-label={summary}>
        <AxisTitles
          width={width}
          height={height}
          pad={PAD}
          x={period === 'Week' ? 'Week (starting Monday)' : 'Month'}
          y={mode === 'amount' ? `Amount${unit ? ` (${unit})` : ''}` : 'Occasions'}
        />
        {ticks.map((t) => (
          <g key={t}>
            <line x1={PAD.left} x2={width - PAD.right} y1={y(t)} y2={y(t)} className="chart__grid" />
            <text x={PAD.left - 6} y={y(t) + 4} textAnchor="end" className="chart__label">
              {num(t)}
            </text>
          </g>
        ))}
        {rows.map((r, i) => {
          const x = PAD.left + i * slot + (slot - barW) / 2;
          const parts =
            mode === 'amount'
              ? [{ v: r.valueSum, cls: 'bar--amount' }]
              : [
                  { v: r.done, cls: 'bar--done' },
                  { v: r.missed, cls: 'bar--missed' },
                  { v: r.skipped, cls: 'bar--skipped' },
                  { v: r.pending, cls: 'bar--pending' },
                ];
          let base = 0;
          const tip =
            mode === 'amount'
              ? `${r.title}: ${num(r.valueSum)}${unit ? ` ${unit}` : ''}`
              : `${r.title}: ${r.done} done, ${r.missed} missed, ${r.skipped} skipped${r.pending ? `, ${r.pending} pending` : ''}${r.rate !== null ? ` (${pct(r.rate)})` : ''}`;
          const top = mode === 'amount' ? r.valueSum : r.done + r.missed + r.skipped + r.pending;
          return (
            <g key={r.key}>
              <title>{tip}</title>
              <rect x={PAD.left + i * slot} y={PAD.top} width={slot} height={innerH} className="bar__hit" />
              {parts.map((p) => {
                if (p.v <= 0) return null;
                const h = (p.v / max) * innerH;
                const rect = <rect key={p.cls} x={x} y={y(base + p.v)} width={barW} height={Math.max(1, h - 1)} rx={2} className={`bar ${p.cls}`} />;
                base += p.v;
                return rect;
              })}
              {showValues && top > 0 && mode === 'occasions' && r.rate !== null && (
                <text x={x + barW / 2} y={y(top) - 5} textAnchor="middle" className="chart__value">
                  {pct(r.rate)}
                </text>
              )}
              {showValues && top > 0 && mode === 'amount' && (
                <text x={x + barW / 2} y={y(top) - 5} textAnchor="middle" className="chart__value">
                  {num(r.valueSum)}
                </text>
              )}
              {(rows.length - 1 - i) % labelEvery === 0 && (
                <text x={x + barW / 2} y={height - 6 - AXIS_ROOM} textAnchor="middle" className="chart__label">
                  {r.label}
                </text>
              )}
            </g>
          );
        })}
      </svg>
    </div>
  );
}

export function BarsLegend() {
  return (
    <div className="legend" aria-hidden="true">
      <span className="legend__swatch bar--done" /> Done
      <span className="legend__swatch bar--missed" /> Missed
      <span className="legend__swatch bar--skipped" /> Skipped
      <span className="legend__swatch bar--pending" /> Pending
    </div>
  );
}

export interface TrendPointView {
  key: string;
  label: string;
  title: string;
  /** 0–100, or null when nothing was expected. */
  score: number | null;
}

/** A line of scores (0–100 %) over time; gaps where there is no score. */
export function TrendLine({ points, label }: { points: TrendPointView[]; label: string }) {
  const [ref, width] = useWidth<HTMLDivElement>();
  const height = 194;
  const pad = { top: 14, right: 14, bottom: 24 + AXIS_ROOM, left: 38 + AXIS_ROOM };
  const innerW = Math.max(1, width - pad.left - pad.right);
  const innerH = height - pad.top - pad.bottom;
  const x = (i: number) => pad.left + (points.length <= 1 ? innerW / 2 : (i / (points.length - 1)) * innerW);
  const y = (v: number) => pad.top + innerH - (v / 100) * innerH;

  const segments: Array<Array<[number, number]>> = [];
  let current: Array<[number, number]> = [];
  points.forEach((p, i) => {
    if (p.score === null) {
      if (current.length) segments.push(current);
      current = [];
    } else current.push([x(i), y(p.score)]);
  });
  if (current.length) segments.push(current);
  const labelEvery = Math.max(1, Math.ceil(points.length / Math.max(1, Math.floor(innerW / 56))));
  const known = points.filter((p) => p.score !== null);
  const summary = known.length
    ? `${label}: from ${Math.round(known[0]!.score!)}% to ${Math.round(known[known.length - 1]!.score!)}% over ${points.length} weeks.`
    : `${label}: no score yet.`;

  return (
    <div className="chart" ref={ref}>
      <svg width={width} height={height} role="img" aria-label={summary}>
        <AxisTitles width={width} height={height} pad={pad} x="Week" y="Consistency (%)" />
        {[0, 50, 100].map((t) => (
          <g key={t}>
            <line x1={pad.left} x2={width - pad.right} y1={y(t)} y2={y(t)} className="chart__grid" />
            <text x={pad.left - 6} y={y(t) + 4} textAnchor="end" className="chart__label">
              {t}%
            </text>
          </g>
        ))}
        {segments.map((seg, i) => (
          <g key={i}>
            {seg.length > 1 && (
              <path
                d={`M${seg[0]![0]},${y(0)} ${seg.map(([sx, sy]) => `L${sx},${sy}`).join(' ')} L${seg[seg.length - 1]![0]},${y(0)} Z`}
                className="line__area"
              />
            )}
            <path d={seg.map(([sx, sy], j) => `${j ? 'L' : 'M'}${sx},${sy}`).join(' ')} className="line" />
          </g>
        ))}
        {points.map((p, i) => (
          <g key={p.key}>
            {p.score !== null && (
              <circle cx={x(i)} cy={y(p.score)} r={3.5} className="line__dot">
                <title>{`${p.title}: ${Math.round(p.score)}%`}</title>
              </circle>
            )}
            {(points.length - 1 - i) % labelEvery === 0 && (
              <text
                x={x(i)}
                y={height - 6 - AXIS_ROOM}
                textAnchor={i === points.length - 1 ? 'end' : i === 0 ? 'start' : 'middle'}
                className="chart__label"
              >
                {p.label}
              </text>
            )}
          </g>
        ))}
      </svg>
    </div>
  );
}

/** The dashboard's 30 days: a bar per day (share done), a dot under each active day. */
export function DayStrip({ days, today }: { days: DayCompletion[]; today: string }) {
  const [ref, width] = useWidth<HTMLDivElement>();
  const height = 134;
  const pad = { top: 8, right: 4, bottom: 34 + AXIS_ROOM, left: 4 + AXIS_ROOM };
  const innerW = Math.max(1, width - pad.left - pad.right);
  const innerH = height - pad.top - pad.bottom;
  const slot = innerW / Math.max(1, days.length);
  const barW = Math.max(3, slot * 0.7);
  const active = days.filter((d) => d.active).length;
  const summary = `Last ${days.length} days: ${counted(active, 'active day')}. ${days
    .filter((d) => d.rate !== null)
    .map((d) => `${dayMonth(d.date)} ${d.done} of ${d.expected}`)
    .join('; ')}.`;
  return (
    <div className="chart" ref={ref}>
      <svg width={width} height={height} role="img" aria-label={summary} data-testid="day-strip">
        <AxisTitles width={width} height={height} pad={pad} x="Day (dot: an active day)" y="% done" />
        {days.map((d, i) => {
          const x = pad.left + i * slot + (slot - barW) / 2;
          const h = d.rate === null ? 0 : Math.max(2, d.rate * innerH);
          const isToday = d.date === today;
          return (
            <g key={d.date}>
              <title>
                {`${longDate(d.date)}: ${d.expected ? `${d.done} of ${d.expected} done (${pct(d.rate)})` : 'nothing expected'}${d.active ? ', active day' : ''}`}
              </title>
              <rect x={pad.left + i * slot} y={pad.top} width={slot} height={innerH + 20} className="bar__hit" />
              <rect x={x} y={pad.top} width={barW} height={innerH} rx={2} className={`strip__track${isToday ? ' strip__track--today' : ''}${d.expected === 0 ? ' strip__track--idle' : ''}`} />
              {d.rate !== null && <rect x={x} y={pad.top + innerH - h} width={barW} height={h} rx={2} className="bar bar--done" />}
              <circle cx={x + barW / 2} cy={pad.top + innerH + 9} r={Math.min(3.5, barW / 2)} className={d.active ? 'strip__dot strip__dot--on' : 'strip__dot'} />
              {(i === 0 || i === days.length - 1 || (i % 7 === 0 && i < days.length - 4)) && (
                <text x={x + barW / 2} y={height - 4 - AXIS_ROOM} textAnchor={i === 0 ? 'start' : i === days.length - 1 ? 'end' : 'middle'} className="chart__label">
                  {isToday ? 'Today' : dayMonth(d.date)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
    </div>
  );
}
