import { AXIS_ROOM, AxisTitles } from './axis-titles.tsx';
import { useWidth } from '../../lib/use-width.ts';

/** One line of a {@link LineChart}: its name, CSS class (colour) and a value per point (null: a gap). */
export interface LineSeries {
  name: string;
  tone: 'accent' | 'danger' | 'warn' | 'done';
  values: Array<number | null>;
}

function niceMax(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  const m = v / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

/**
 * Several lines over the same time axis (x labels given), a y axis from 0 to a round maximum,
 * and a legend; the summary for screen readers names each line's last and highest value.
 */
export function LineChart({
  labels,
  series,
  unit,
  label,
  height = 214,
  xTitle = 'Time',
  yTitle = unit,
}: {
  labels: string[];
  series: LineSeries[];
  unit: string;
  label: string;
  height?: number;
  /** The x axis's title. */
  xTitle?: string;
  /** The y axis's title: the unit unless given. */
  yTitle?: string;
}) {
  const [ref, width] = useWidth<HTMLDivElement>();
  const pad = { top: 12, right: 12, bottom: 24 + AXIS_ROOM, left: 44 + AXIS_ROOM };
  const innerW = Math.max(1, width - pad.left - pad.right);
  const innerH = height - pad.top - pad.bottom;
  const all = series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const top = niceMax(Math.max(0, ...all));
  const n = labels.length;
  const x = (i: number) => pad.left + (n <= 1 ? innerW / 2 : (i / (n - 1)) * innerW);
  const y = (v: number) => pad.top + innerH - (v / top) * innerH;
  // Labels are spaced by their own width (about 7 px a character at the chart's size): the end
  // ones are anchored at the edges, so a neighbour must be half a label further off than in the middle.
  const labelWidth = 7 * Math.max(0, ...labels.map((l) => l.length));
  const labelEvery = Math.max(1, Math.ceil(n / Math.max(1, Math.floor(innerW / Math.max(64, 1.5 * labelWidth + 8)))));
  const fmt = (v: number) => (v >= 1000 ? `${Math.round(v / 100) / 10}k` : String(Math.round(v * 10) / 10));
  const summary = `${label}: ${series
    .map((s) => {
      const known = s.values.filter((v): v is number => v !== null);
      return known.length ? `${s.name} last ${fmt(known[known.length - 1]!)} ${unit}, highest ${fmt(Math.max(...known))}` : `${s.name} no data`;
    })
    .join('; ')}.`;
  const paths = series.map((s) => {
    let d = '';
    let pen = false;
    s.values.forEach((v, i) => {
      if (v === null) pen = false;
      else {
        d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)} `;
        pen = true;
      }
    });
    return d.trim();
  });
  return (
    <figure className="line-chart">
      <div className="chart" ref={ref}>
        <svg width={width} height={height} role="img" aria-label={summary}>
          <AxisTitles width={width} height={height} pad={pad} x={xTitle} y={yTitle} />
          {[0, top / 2, top].map((t) => (
            <g key={t}>
              <line x1={pad.left} x2={width - pad.right} y1={y(t)} y2={y(t)} className="chart__grid" />
              <text x={pad.left - 6} y={y(t) + 4} textAnchor="end" className="chart__label">
                {fmt(t)}
              </text>
            </g>
          ))}
          {series.map((s, i) => (
            <path key={s.name} d={paths[i]} className={`line-chart__line line-chart__line--${s.tone}`} />
          ))}
          {/* A value between gaps has no line to draw: a dot shows it. */}
          {series.map((s) =>
            s.values.map((v, i) =>
              v !== null && (s.values[i - 1] ?? null) === null && (s.values[i + 1] ?? null) === null ? (
                <circle key={`${s.name}-${i}`} cx={x(i)} cy={y(v)} r={3} className={`line-chart__dot--${s.tone}`} />
              ) : null,
            ),
          )}
          {labels.map((l, i) =>
            (n - 1 - i) % labelEvery === 0 ? (
              <text key={i} x={x(i)} y={height - 6 - AXIS_ROOM} textAnchor={i === n - 1 ? 'end' : i === 0 ? 'start' : 'middle'} className="chart__label">
                {l}
              </text>
            ) : null,
          )}
        </svg>
      </div>
      <figcaption className="line-chart__legend">
        {series.map((s) => (
          <span key={s.name} className="line-chart__key">
            <span className={`line-chart__swatch line-chart__swatch--${s.tone}`} aria-hidden="true" /> {s.name}
          </span>
        ))}
        <span className="muted small">({unit})</span>
      </figcaption>
    </figure>
  );
}
