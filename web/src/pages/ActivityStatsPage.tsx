import { useState } from 'react';
import { api } from '../api/api.ts';
import { asApiError } from '../api/client.ts';
import type { ActivityInsights, PeriodRow, Suggestion } from '../api/types.ts';
import { BarsLegend, SeriesBars, TrendLine, type BarRow } from '../charts/Charts.tsx';
import { Heatmap } from '../charts/Heatmap.tsx';
import { Icon } from '../components/icons.tsx';
import { Button, Chip, ErrorBox, PageHeader, ProgressBar, Spinner, Stat, useToast } from '../components/ui.tsx';
import { dayMonth, longDate, monthName, monthYear } from '../lib/dates.ts';
import { cadenceLabel, capitalize, goalLabel, isMeasured, num, occasions, pct, score } from '../lib/format.ts';
import { useResource, useTitle } from '../lib/hooks.ts';
import { Link } from '../router.tsx';
import { STATUS_TONE } from './ActivitiesPage.tsx';

const weekRow = (r: PeriodRow): BarRow => ({ ...r, key: r.period, label: dayMonth(r.from), title: `Week of ${longDate(r.from)}` });
const monthRow = (r: PeriodRow): BarRow => ({ ...r, key: r.period, label: monthName(r.period), title: monthYear(r.period) });

export function ActivityStatsPage({ id }: { id: string }) {
  const res = useResource((signal) => api.activities.stats(id, undefined, signal), [id]);
  const insights = res.data;
  useTitle(insights ? insights.activity.name : 'Activity');

  if (!insights) {
    return (
      <div className="page">
        <PageHeader title="Activity" />
        <ErrorBox error={res.error} onRetry={res.reload} />
        {!res.error && <Spinner />}
      </div>
    );
  }
  return <StatsView insights={insights} onChange={res.reload} />;
}

function StatsView({ insights, onChange }: { insights: ActivityInsights; onChange: () => void }) {
  const { activity, consistency, completion } = insights;
  const stats = activity.stats;
  const measured = isMeasured(activity);
  const [seriesMode, setSeriesMode] = useState<'occasions' | 'amount'>('occasions');
  const unitWord = activity.cadence.type === 'weekly' ? 'weeks' : 'days';

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
          sub={`${num(consistency.completed)} of ${num(consistency.expected)} expected`}
        />
        <Stat
          label="Completion, 30 days"
          value={pct(completion.rate)}
          sub={`${completion.done} done · ${completion.missed} missed · ${completion.skipped} skipped`}
        />
        <Stat
          label={`All time (${unitWord})`}
          value={`${stats.doneCount} / ${stats.dueCount}`}
          sub={`${stats.missedCount} missed · ${stats.skippedCount} skipped`}
        />
        <Stat label="Last done" value={stats.lastDoneDate ? dayMonth(stats.lastDoneDate) : '—'} sub={stats.lastDoneDate ? longDate(stats.lastDoneDate) : 'Not yet'} />
      </section>

      {insights.suggestions.length > 0 && <Suggestions activityId={activity.id} suggestions={insights.suggestions} onApplied={onChange} />}

      <section className="card" aria-labelledby="heatmap-heading">
        <h2 id="heatmap-heading" className="card__title">
          The year
        </h2>
        <Heatmap cells={insights.heatmap} today={insights.date} unit={activity.unit} label={`${activity.name}, last 12 months`} />
      </section>

      <div className="grid-2">
        <section className="card" aria-labelledby="weekly-heading">
          <div className="card__head">
            <h2 id="weekly-heading" className="card__title">
              Weekly
            </h2>
            {measured && <SeriesToggle mode={seriesMode} onChange={setSeriesMode} unit={activity.unit} />}
          </div>
          <SeriesBars rows={insights.weekly.map(weekRow)} mode={seriesMode} unit={activity.unit} label={`${activity.name}, by week`} />
          {seriesMode === 'occasions' && <BarsLegend />}
        </section>
        <section className="card" aria-labelledby="monthly-heading">
          <div className="card__head">
            <h2 id="monthly-heading" className="card__title">
              Monthly
            </h2>
          </div>
          <SeriesBars rows={insights.monthly.map(monthRow)} mode={seriesMode} unit={activity.unit} label={`${activity.name}, by month`} />
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

const KIND_TITLE: Record<Suggestion['kind'], string> = {
  lower_frequency: 'Try a lighter rhythm',
  make_easier: 'Make it easier',
  restart_smaller: 'Restart small',
};

const EVIDENCE_LABEL: Record<string, string> = {
  failureRate: 'Failure rate',
  missed: 'Missed',
  due: 'Due',
  windowDays: 'Window (days)',
  consistency: 'Consistency',
  completed: 'Completed',
  expected: 'Expected',
  longestStreak: 'Longest streak',
  currentStreak: 'Current streak',
  consecutiveMisses: 'Misses in a row',
};

function evidenceValue(key: string, value: number | string | null): string {
  if (value === null) return '—';
  if (typeof value === 'number' && /rate|share/i.test(key)) return pct(value);
  if (typeof value === 'number' && /consistency|score/i.test(key)) return score(value);
  return typeof value === 'number' ? num(value) : value;
}

function Suggestions({ activityId, suggestions, onApplied }: { activityId: string; suggestions: Suggestion[]; onApplied: () => void }) {
  const toast = useToast();
  const [busy, setBusy] = useState<string | null>(null);
  const apply = async (s: Suggestion) => {
    const { targetStreak: _target, ...changes } = s.proposal;
    setBusy(s.kind);
    try {
      await api.activities.update(activityId, changes);
      toast('Suggestion applied.');
      onApplied();
    } catch (e) {
      toast(asApiError(e).message, 'error');
    } finally {
      setBusy(null);
    }
  };
  return (
    <section className="card card--accent" aria-labelledby="suggest-heading">
      <h2 id="suggest-heading" className="card__title">
        Suggestions
      </h2>
      <ul className="suggestions">
        {suggestions.map((s) => {
          const applicable = Object.keys(s.proposal).some((k) => k !== 'targetStreak');
          return (
            <li key={s.kind} className="suggestion">
              <h3 className="suggestion__title">{KIND_TITLE[s.kind]}</h3>
              <p>{s.message}</p>
              <dl className="evidence">
                {Object.entries(s.evidence).map(([k, v]) => (
                  <div key={k}>
                    <dt>{EVIDENCE_LABEL[k] ?? k}</dt>
                    <dd>{evidenceValue(k, v)}</dd>
                  </div>
                ))}
              </dl>
              {s.proposal.targetStreak !== undefined && <p className="muted">Aim for a first streak of {s.proposal.targetStreak}.</p>}
              {applicable && (
                <Button size="sm" variant="primary" busy={busy === s.kind} onClick={() => void apply(s)}>
                  Apply
                </Button>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
