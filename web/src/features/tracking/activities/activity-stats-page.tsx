import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { loadError } from '../../../api/query-error.ts';
import type { ActivityInsights, PeriodRow } from '../../../api/types.ts';
import { BarsLegend, SeriesBars, TrendLine, type BarRow } from '../../../components/charts/charts.tsx';
import { Heatmap } from '../../../components/charts/heatmap.tsx';
import { Icon } from '../../../components/icons.tsx';
import { Button, Chip, ErrorBox, PageHeader, ProgressBar, Spinner, Stat } from '../../../components/ui.tsx';
import { dayMonth, isIsoDate, longDate, monthName, monthYear } from '../../../lib/dates.ts';
import { cadenceLabel, capitalize, goalLabel, isMeasured, num, occasions, pct, score, counted } from '../../../lib/format.ts';
import { useTitle } from '../../../lib/use-title.ts';
import { trackingQueries } from '../queries.ts';
import { STATUS_TONE } from './status-tone.ts';
import { Suggestions } from './suggestions.tsx';
import { EntryEditor, type EditTarget } from '../entries/entry-editor.tsx';

const weekRow = (r: PeriodRow): BarRow => ({ ...r, key: r.period, label: dayMonth(r.from), title: `Week of ${longDate(r.from)}` });
const monthRow = (r: PeriodRow): BarRow => ({ ...r, key: r.period, label: monthName(r.period), title: monthYear(r.period) });

/** `/activities/{id}`: one activity's figures, suggestions, heatmap, series and trend. */
export function ActivityStatsPage({ id }: { id: string }) {
  const query = useQuery(trackingQueries.activityStats(id));
  const insights = query.data;
  useTitle(insights ? insights.activity.name : 'Activity');

  if (!insights) {
    return (
      <div className="page">
        <PageHeader title="Activity" />
        <ErrorBox error={loadError(query)} onRetry={() => void query.refetch()} />
        {query.isPending && <Spinner />}
      </div>
    );
  }
  return <StatsView insights={insights} />;
}

function StatsView({ insights }: { insights: ActivityInsights }) {
  const { activity, consistency, completion } = insights;
  const stats = activity.stats;
  const measured = isMeasured(activity);
  const [seriesMode, setSeriesMode] = useState<'occasions' | 'amount'>('occasions');
  const [editing, setEditing] = useState<EditTarget | null>(null);
  const [pickDate, setPickDate] = useState(insights.date);
  const unitWord = activity.cadence.type === 'weekly' ? 'weeks' : 'days';
  // Consistency and completion share one unit (docs/metrics.md §4): due days, or completions.
  const countWord = activity.cadence.type === 'weekly' ? 'completions' : 'days';

  return (
    <div className="page">
      <PageHeader
        title={activity.name}
        subtitle={
          <>
            {[cadenceLabel(activity.cadence), goalLabel(activity), activity.category].filter(Boolean).join(' · ')}{' '}
            <Chip tone={STATUS_TONE[activity.status]}>{capitalize(activity.status)}</Chip> {activity.atRisk && <Chip tone="danger">At risk</Chip>}
          </>
        }
        actions={
          <>
            <Link to={`/today`} className="btn btn--ghost btn--md">
              Log today
            </Link>
            <Link to={`/activities/${activity.id}/edit`} className="btn btn--secondary btn--md">
              <Icon name="edit" /> Edit
            </Link>
          </>
        }
      />
      {activity.description && <p className="lead">{activity.description}</p>}

      <section className="stat-grid stat-grid--3" aria-label="Figures">
        <Stat label="Current streak" value={<span data-testid="stats-streak">{occasions(activity, stats.currentStreak)}</span>} sub={`Best: ${occasions(activity, stats.longestStreak)}`} />
        <Stat
          label="Strength"
          value={pct(stats.strength)}
          sub={<ProgressBar value={stats.strength} label="Habit strength" tone="done" />}
        />
        <Stat
          label="Consistency, 30 days"
          value={score(consistency.score)}
          sub={`${num(consistency.completed)} of ${num(consistency.expected)} ${countWord} expected`}
        />
        <Stat
          label="Completion, 30 days"
          value={pct(completion.rate)}
          sub={`${countWord === 'days' ? 'Days' : 'Completions'}: ${completion.done} done · ${completion.missed} missed${completion.pending ? ` · ${completion.pending} open` : ''} · ${counted(completion.skipped, 'day')} skipped`}
        />
        <Stat
          label={`All time (${unitWord})`}
          value={`${stats.doneCount} / ${stats.dueCount}`}
          sub={`${stats.missedCount} missed · ${stats.skippedCount} skipped`}
        />
        <Stat label="Last done" value={stats.lastDoneDate ? dayMonth(stats.lastDoneDate) : '—'} sub={stats.lastDoneDate ? longDate(stats.lastDoneDate) : 'Not yet'} />
      </section>

      {insights.suggestions.length > 0 && <Suggestions activityId={activity.id} suggestions={insights.suggestions} />}

      <section className="card" aria-labelledby="heatmap-heading">
        <h2 id="heatmap-heading" className="card__title">
          The year
        </h2>
        <Heatmap
          cells={insights.heatmap}
          today={insights.date}
          unit={activity.unit}
          label={`${activity.name}, last 12 months`}
          onPick={(date) => setEditing({ activity, date })}
        />
        <form
          className="day-pick"
          aria-label="Edit a day"
          onSubmit={(e) => {
            e.preventDefault();
            if (isIsoDate(pickDate)) setEditing({ activity, date: pickDate });
          }}
        >
          <div className="field">
            <label htmlFor="edit-day">Edit a day (or click one above)</label>
            <input id="edit-day" type="date" max={insights.date} value={pickDate} onChange={(e) => setPickDate(e.target.value)} />
          </div>
          <Button type="submit" size="sm" variant="secondary" disabled={!isIsoDate(pickDate)}>
            Edit
          </Button>
        </form>
        <EntryEditor target={editing} onClose={() => setEditing(null)} />
      </section>

      <div className="grid-2">
        <section className="card" aria-labelledby="weekly-heading">
          <div className="card__head">
            <h2 id="weekly-heading" className="card__title">
              Weekly
            </h2>
            {measured && <SeriesToggle mode={seriesMode} onChange={setSeriesMode} unit={activity.unit} />}
          </div>
          <SeriesBars rows={insights.weekly.map(weekRow)} mode={seriesMode} unit={activity.unit} label={`${activity.name}, by week`} period="Week" />
          {seriesMode === 'occasions' && <BarsLegend />}
        </section>
        <section className="card" aria-labelledby="monthly-heading">
          <div className="card__head">
            <h2 id="monthly-heading" className="card__title">
              Monthly
            </h2>
          </div>
          <SeriesBars rows={insights.monthly.map(monthRow)} mode={seriesMode} unit={activity.unit} label={`${activity.name}, by month`} period="Month" />
          {seriesMode === 'occasions' && <BarsLegend />}
        </section>
      </div>

      <section className="card" aria-labelledby="trend-heading">
        <h2 id="trend-heading" className="card__title">
          Consistency trend
        </h2>
        <p className="muted card__sub">The 30-day consistency score at the end of each of the last {insights.trend.length} weeks.</p>
        <TrendLine
          label={`${activity.name}, consistency`}
          points={insights.trend.map((t) => ({ key: t.weekStart, label: dayMonth(t.weekStart), title: `Week of ${longDate(t.weekStart)}`, score: t.score }))}
        />
      </section>
    </div>
  );
}

function SeriesToggle({ mode, onChange, unit }: { mode: 'occasions' | 'amount'; onChange: (m: 'occasions' | 'amount') => void; unit: string }) {
  return (
    <div className="segmented segmented--sm" role="group" aria-label="Show">
      <button type="button" className="segmented__item" aria-pressed={mode === 'occasions'} onClick={() => onChange('occasions')}>
        Occasions
      </button>
      <button type="button" className="segmented__item" aria-pressed={mode === 'amount'} onClick={() => onChange('amount')}>
        {unit || 'Amount'}
      </button>
    </div>
  );
}

