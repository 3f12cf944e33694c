import { useEffect, useRef } from 'react';
import type { HeatCell } from '../../api/types.ts';
import { isoWeekday, longDate, monthName } from '../../lib/dates.ts';
import { num, counted } from '../../lib/format.ts';

const CELL = 12;
const STEP = 15;
const LEFT = 30;
const TOP = 18;
const ROW_LABELS: Array<[number, string]> = [
  [0, 'Mon'],
  [2, 'Wed'],
  [4, 'Fri'],
  [6, 'Sun'],
];

/**
 * How one day looks: its level (0–4 from the API) when it has one, else what its outcome says
 * (docs/metrics.md §4) — a weekly habit's rest day is never painted missed, a limit exceeded is
 * marked apart from a miss.
 */
export function cellClass(cell: HeatCell, today: string): string {
  if (cell.level > 0) return `heat heat--${cell.level}`;
  if (cell.date > today) return 'heat heat--future';
  switch (cell.outcome) {
    case 'skipped':
      return 'heat heat--skipped';
    case 'missed':
      return 'heat heat--missed';
    case 'over':
      return 'heat heat--over';
    case null:
      return 'heat heat--off';
    default:
      return 'heat heat--0';
  }
}

const OUTCOME_WORDS: Record<NonNullable<HeatCell['outcome']>, string> = {
  done: 'done',
  over: 'over the limit',
  missed: 'missed',
  kept: 'kept (nothing logged)',
  skipped: 'skipped',
  pending: 'open',
  rest: 'rest day (the week counts as a whole)',
};

function cellTitle(cell: HeatCell, unit: string): string {
  const what = cell.outcome === null ? 'not due' : OUTCOME_WORDS[cell.outcome];
  const value = cell.value !== null ? `, ${num(cell.value)}${unit ? ` ${unit}` : ''}` : '';
  return `${longDate(cell.date)}: ${what}${value}`;
}

/**
 * The year as a calendar: one column per ISO week (Monday on top), one square per day, coloured
 * by the API's level 0–4; missed and skipped days are marked apart from days that were not due.
 * Drawn as SVG in real pixels; the frame scrolls sideways on narrow screens, starting at today.
 */
/**
 * A year of days as GitHub-style cells. With `onPick`, clicking a day (up to today) picks it —
 * the stats page opens that day's editor; keyboard users pick a day with the date field beside it.
 */
export function Heatmap({ cells, today, unit, label, onPick }: { cells: HeatCell[]; today: string; unit: string; label: string; onPick?: (date: string) => void }) {
  const scroller = useRef<HTMLDivElement>(null);
  // Start at today (the right end), also after the window changes size.
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const toEnd = () => (el.scrollLeft = el.scrollWidth);
    toEnd();
    const observer = new ResizeObserver(toEnd);
    observer.observe(el);
    return () => observer.disconnect();
  }, [cells]);

  if (cells.length === 0) return null;
  const offset = isoWeekday(cells[0]!.date);
  const columns = Math.ceil((offset + cells.length) / 7);
  const width = LEFT + columns * STEP;
  const height = TOP + 7 * STEP;

  const months: Array<{ x: number; text: string }> = [];
  cells.forEach((cell, i) => {
    const col = Math.floor((offset + i) / 7);
    if (cell.date.endsWith('-01') || i === 0) {
      const x = LEFT + col * STEP;
      const last = months[months.length - 1];
      if (!last || x - last.x >= STEP * 3) months.push({ x, text: monthName(cell.date) });
      else if (i !== 0) months[months.length - 1] = { x, text: monthName(cell.date) };
    }
  });

  const done = cells.filter((c) => c.status === 'done').length;
  const summary = `${label}: ${counted(done, 'day')} done in the last ${cells.length} days.`;

  return (
    <figure className="chart heatmap">
      <div className="heatmap__scroll" ref={scroller} tabIndex={0} role="group" aria-label={`${label} (scrolls sideways)`}>
        <svg width={width} height={height} role="img" aria-label={summary} data-testid="heatmap">
          {months.map((m) => (
            <text key={`${m.x}-${m.text}`} x={m.x} y={11} className="chart__label">
              {m.text}
            </text>
          ))}
          {ROW_LABELS.map(([row, text]) => (
            <text key={text} x={0} y={TOP + row * STEP + CELL - 2} className="chart__label">
              {text}
            </text>
          ))}
          {cells.map((cell, i) => {
            const col = Math.floor((offset + i) / 7);
            const row = (offset + i) % 7;
            return (
              <rect
                key={cell.date}
                x={LEFT + col * STEP}
                y={TOP + row * STEP}
                width={CELL}
                height={CELL}
                rx={2.5}
                className={`${cellClass(cell, today)}${cell.date === today ? ' heat--today' : ''}${onPick && cell.date <= today ? ' heat--pick' : ''}`}
                data-date={cell.date}
                onClick={onPick && cell.date <= today ? () => onPick(cell.date) : undefined}
                data-level={cell.level}
              >
                <title>{cellTitle(cell, unit)}</title>
              </rect>
            );
          })}
        </svg>
      </div>
      <figcaption className="legend">
        <span>Less</span>
        {[0, 1, 2, 3, 4].map((l) => (
          <svg key={l} width="12" height="12" aria-hidden="true">
            <rect width="12" height="12" rx="2.5" className={`heat heat--${l}`} />
          </svg>
        ))}
        <span>More</span>
        <span className="legend__gap" />
        <svg width="12" height="12" aria-hidden="true">
          <rect width="12" height="12" rx="2.5" className="heat heat--missed" />
        </svg>
        <span>Missed</span>
        <svg width="12" height="12" aria-hidden="true">
          <rect width="12" height="12" rx="2.5" className="heat heat--over" />
        </svg>
        <span>Over the limit</span>
        <svg width="12" height="12" aria-hidden="true">
          <rect width="12" height="12" rx="2.5" className="heat heat--skipped" />
        </svg>
        <span>Skipped</span>
        <svg width="12" height="12" aria-hidden="true">
          <rect width="12" height="12" rx="2.5" className="heat heat--off" />
        </svg>
        <span>Not due</span>
      </figcaption>
    </figure>
  );
}
