import { useQueries, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { inUserOrder } from '../../../api/appearance.ts';
import { loadError } from '../../../api/query-error.ts';
import type { Goal } from '../../../api/types.ts';
import { Icon } from '../../../components/icons.tsx';
import { Button, Empty, ErrorBox, PageHeader, ProgressBar, Spinner } from '../../../components/ui.tsx';
import { longDate } from '../../../lib/dates.ts';
import { cadenceLabel, num, pct } from '../../../lib/format.ts';
import { useQueryParams } from '../../../lib/use-query-params.ts';
import { useTitle } from '../../../lib/use-title.ts';
import { useSession } from '../../account/session.tsx';
import { trackingQueries } from '../queries.ts';
import { activityInMonth, activityMonth, goalInMonth, MARK_LABEL, MARK_SYMBOL, parseMonth, reportMonth, shiftMonth, type ActivityMonth, type DayMark, type ReportMonth } from './report-model.ts';

const monthTitle = (month: string) => new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}-01T00:00:00Z`));

/**
 * The printable monthly report (`/report?month=YYYY-MM`): every habit's month as a strip of days
 * with its completion, streak and strength, then the goals' progress. Built from the activities,
 * their stats as of the month's end, and the goals (report-model.ts); printed through the
 * browser's own print (and "Save as PDF") with a print stylesheet: no navigation, black on white.
 */
export function ReportPage() {
  const { today } = useSession();
  const [params] = useQueryParams();
  const current = today();
  const month = reportMonth(parseMonth(params.get('month'), current), current);
  const title = `Report for ${monthTitle(month.month)}`;
  useTitle(title);

  const activities = useQuery(trackingQueries.activityIndex());
  const included = inUserOrder((activities.data ?? []).filter((a) => activityInMonth(a, month)));
  const stats = useQueries({ queries: included.map((a) => trackingQueries.activityStatsAt(a.id, month.statsDate)) });
  const goals = useQuery(trackingQueries.allGoals());

  const loading = activities.isPending || goals.isPending || stats.some((s) => s.isPending);
  const error = loadError(activities) ?? loadError(goals) ?? stats.map((s) => loadError(s)).find(Boolean);
  const months = stats.flatMap((s) => (s.data ? [activityMonth(s.data, month)] : []));
  const shownGoals = (goals.data ?? []).filter((g) => goalInMonth(g, month));
  const next = shiftMonth(month.month, 1);

  return (
    <div className="page report">
      <PageHeader
        title={title}
        subtitle={`Habits and goals, ${longDate(month.from)} to ${longDate(month.asOf)}${month.asOf < month.to ? ' (the month so far)' : ''}`}
        actions={
          <div className="report__actions">
            <Link className="btn btn--secondary btn--md" to={`/report?month=${shiftMonth(month.month, -1)}`} aria-label="Previous month">
              ‹ {monthTitle(shiftMonth(month.month, -1))}
            </Link>
            {next <= current.slice(0, 7) && (
              <Link className="btn btn--secondary btn--md" to={`/report?month=${next}`} aria-label="Next month">
                {monthTitle(next)} ›
              </Link>
            )}
            <Button variant="primary" onClick={() => window.print()}>
              <Icon name="print" /> Print
            </Button>
          </div>
        }
      />
      <ErrorBox error={error} onRetry={() => void Promise.all([activities.refetch(), goals.refetch(), ...stats.map((s) => s.refetch())])} />
      {loading && !error && <Spinner label="Gathering the month…" />}
      {!loading && !error && (
        <>
          <section className="report__section" aria-labelledby="report-habits">
            <h2 id="report-habits" className="report__heading">
              Habits
            </h2>
            {months.length === 0 ? (
              <Empty title="No habits this month">Activities that were due this month appear here.</Empty>
            ) : (
              <>
                <Legend />
                {months.map((m) => (
                  <HabitMonth key={m.activity.id} m={m} month={month} />
                ))}
              </>
            )}
          </section>
          <section className="report__section report__goals" aria-labelledby="report-goals">
            <h2 id="report-goals" className="report__heading">
              Goals <span className="report__note">progress as of {longDate(current)}</span>
            </h2>
            {shownGoals.length === 0 ? <Empty title="No goals this month" /> : shownGoals.map((g) => <GoalRow key={g.id} goal={g} />)}
          </section>
          <p className="report__footer muted">
            Mosaic · printed {longDate(current)} · streaks and strength at the end of {longDate(month.asOf)}
          </p>
        </>
      )}
    </div>
  );
}

const LEGEND: DayMark[] = ['done', 'over', 'missed', 'skipped', 'rest', 'none'];

function Legend() {
  return (
    <ul className="report-legend" aria-label="Key">
      {LEGEND.map((mark) => (
        <li key={mark}>
          <span className={`report-day report-day--${mark}`} aria-hidden="true">
            {MARK_SYMBOL[mark]}
          </span>
          {MARK_LABEL[mark]}
        </li>
      ))}
    </ul>
  );
}

function HabitMonth({ m, month }: { m: ActivityMonth; month: ReportMonth }) {
  const { activity, counts } = m;
  const weekly = activity.cadence.type === 'weekly';
  const unit = weekly ? 'weeks' : 'days';
  return (
    <article className="report-habit" data-activity={activity.name}>
      <header className="report-habit__head">
        <h3 className="report-habit__name">{activity.name}</h3>
        <span className="muted">
          {cadenceLabel(activity.cadence)}
          {activity.direction === 'negative' ? ' · a limit' : ''}
          {activity.status === 'archived' ? ' · archived' : ''}
        </span>
      </header>
      <ol className="report-strip" style={{ gridTemplateColumns: `repeat(${month.days.length}, minmax(0, 1fr))` }} aria-label={`${activity.name}, day by day`}>
        {m.days.map((d) => (
          <li key={d.date} className={`report-day report-day--${d.mark}`} title={`${longDate(d.date)}: ${MARK_LABEL[d.mark]}${d.value !== null ? ` (${num(d.value)}${activity.unit ? ` ${activity.unit}` : ''})` : ''}`}>
            <span className="report-day__n">{Number(d.date.slice(8))}</span>
            <span className="report-day__mark" aria-label={MARK_LABEL[d.mark]}>
              {MARK_SYMBOL[d.mark]}
            </span>
          </li>
        ))}
      </ol>
      <dl className="report-figures">
        <div>
          <dt>Completion</dt>
          <dd>
            {counts && counts.due > 0 ? (
              <>
                <strong>{pct(counts.rate)}</strong> · {counts.done} of {counts.due} {weekly ? 'completions' : unit}
              </>
            ) : (
              '—'
            )}
          </dd>
        </div>
        <div>
          <dt>Skipped · missed</dt>
          <dd>
            {counts ? counts.skipped : 0} · {counts ? counts.missed : 0}
          </dd>
        </div>
        <div>
          <dt>Streak</dt>
          <dd>
            <strong>
              {m.currentStreak} {weekly ? (m.currentStreak === 1 ? 'week' : 'weeks') : m.currentStreak === 1 ? 'day' : 'days'}
            </strong>{' '}
            (best {m.longestStreak})
          </dd>
        </div>
        <div>
          <dt>Strength</dt>
          <dd>
            <strong>{pct(m.strength)}</strong>
          </dd>
        </div>
        {activity.unit && counts && (
          <div>
            <dt>Total</dt>
            <dd>
              {num(counts.valueSum)} {activity.unit}
            </dd>
          </div>
        )}
      </dl>
    </article>
  );
}

function GoalRow({ goal }: { goal: Goal }) {
  const p = goal.progress;
  return (
    <article className="report-goal" data-goal={goal.name}>
      <div className="report-goal__head">
        <h3 className="report-habit__name">{goal.name}</h3>
        <span className="muted">{goal.deadline ? `by ${longDate(goal.deadline)}` : 'no deadline'}</span>
      </div>
      <ProgressBar value={p.progress} label={`${goal.name} progress`} tone={p.reached ? 'done' : 'accent'} />
      <p className="report-goal__figures">
        <strong>{pct(p.progress)}</strong> · {num(p.currentValue)} of {num(p.targetValue)}
        {goal.unit ? ` ${goal.unit}` : ''}
        {p.reached ? ' · reached' : ` · ${num(p.remaining)} to go`}
      </p>
    </article>
  );
}
