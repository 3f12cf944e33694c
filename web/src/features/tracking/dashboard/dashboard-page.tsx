import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { loadError } from '../../../api/query-error.ts';
import type { GoalProgress, ProgressDashboard } from '../../../api/types.ts';
import { Icon } from '../../../components/icons.tsx';
import { DayStrip } from '../../../components/charts/charts.tsx';
import { Empty, ErrorBox, PageHeader, ProgressBar, Spinner, Stat } from '../../../components/ui.tsx';
import { longDate } from '../../../lib/dates.ts';
import { capitalize, num, pct, score } from '../../../lib/format.ts';
import { useTitle } from '../../../lib/use-title.ts';
import { trackingQueries } from '../queries.ts';

export function DashboardPage() {
  useTitle('Dashboard');
  const query = useQuery(trackingQueries.dashboard());
  const d = query.data;
  return (
    <div className="page">
      <PageHeader
        title="Dashboard"
        subtitle={d ? `The last 30 days, up to ${longDate(d.date)}` : 'The last 30 days'}
        actions={
          <Link className="btn btn--secondary btn--md" to="/report">
            <Icon name="print" /> Monthly report
          </Link>
        }
      />
      <ErrorBox error={loadError(query)} onRetry={() => void query.refetch()} />
      {query.isPending && <Spinner />}
      {d && <DashboardView d={d} />}
    </div>
  );
}

function DashboardView({ d }: { d: ProgressDashboard }) {
  const { today, averages, direction } = d;
  const totalDirection = direction.positiveDone + direction.negativeDone;
  return (
    <>
      <section className="stat-grid" aria-label="Completion">
        <Stat
          label="Today"
          value={<span data-testid="dash-today">{today.expected ? pct(today.rate) : '—'}</span>}
          sub={
            <>
              {today.done} of {today.expected} expected activities done today
              <ProgressBar value={today.rate ?? 0} label="Today's completion" tone="done" />
            </>
          }
        />
        <Stat label="7-day average" value={pct(averages.last7)} sub="Share of each day’s expected activities done, averaged over the last 7 days" />
        <Stat label="30-day average" value={pct(averages.last30)} sub="Share of each day’s expected activities done, averaged over the last 30 days" />
        <Stat label="Active days" value={`${d.activeDays} / ${d.days.length}`} sub={`Days with at least one activity done, of the last ${d.days.length}`} />
      </section>

      <section className="card" aria-labelledby="strip-heading">
        <h2 id="strip-heading" className="card__title">
          30 days
        </h2>
        <p className="muted card__sub">Each bar is the share of the day’s expected activities done; a green dot marks an active day.</p>
        <DayStrip days={d.days} today={d.date} />
      </section>

      <div className="grid-2">
        <section className="card" aria-labelledby="cat-heading">
          <h2 id="cat-heading" className="card__title">
            Categories
          </h2>
          {d.categories.length === 0 ? (
            <p className="muted">No category has been expected yet.</p>
          ) : (
            <table className="table table--compact">
              <caption className="card__sub muted table__caption">
                Baseline: the share of each category’s expected activities done per day, averaged over the last 30 days; Today: the same share for today.
              </caption>
              <thead>
                <tr>
                  <th scope="col">Category</th>
                  <th scope="col">Baseline (30 days)</th>
                  <th scope="col" className="num">
                    Today
                  </th>
                </tr>
              </thead>
              <tbody>
                {d.categories.map((c) => (
                  <tr key={c.category}>
                    <th scope="row">{c.category ? capitalize(c.category) : <span className="muted">Uncategorised</span>}</th>
                    <td>
                      <ProgressBar value={c.baseline ?? 0} label={`${c.category || 'Uncategorised'} baseline`} showValue />
                    </td>
                    <td className="num">{pct(c.today)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>

        <section className="card" aria-labelledby="dir-heading">
          <h2 id="dir-heading" className="card__title">
            Build vs cut down
          </h2>
          {totalDirection === 0 ? (
            <p className="muted">Nothing done in the last 30 days yet.</p>
          ) : (
            <>
              <p className="muted card__sub">Entries done in the last 30 days, by kind of habit, and each kind's share.</p>
              <div className="split" role="img" aria-label={`${direction.positiveDone} done to build, ${direction.negativeDone} done to cut down`}>
                <span className="split__pos" style={{ flexGrow: direction.positiveDone }} />
                <span className="split__neg" style={{ flexGrow: direction.negativeDone }} />
              </div>
              <dl className="kv">
                <div>
                  <dt>
                    <span className="dot dot--pos" aria-hidden="true" /> Build (positive)
                  </dt>
                  <dd>
                    {direction.positiveDone} · {pct(direction.positiveShare)}
                  </dd>
                </div>
                <div>
                  <dt>
                    <span className="dot dot--neg" aria-hidden="true" /> Cut down (negative)
                  </dt>
                  <dd>
                    {direction.negativeDone} · {pct(direction.negativeShare)}
                  </dd>
                </div>
                <div>
                  <dt>Ratio</dt>
                  <dd>{direction.ratio === null ? '—' : `${num(direction.ratio)} : 1`}</dd>
                </div>
              </dl>
            </>
          )}
        </section>
      </div>

      <div className="grid-2">
        <section className="card" aria-labelledby="top-heading">
          <h2 id="top-heading" className="card__title">
            Most consistent
          </h2>
          {d.topConsistent.length === 0 ? (
            <p className="muted">No scores yet: log a few days first.</p>
          ) : (
            <>
              <p className="muted card__sub">Consistency: the share of due occasions done in the last 30 days.</p>
              <ol className="rank">
                {d.topConsistent.map((a) => (
                  <li key={a.activityId}>
                    <Link to={`/activities/${a.activityId}`}>{a.name}</Link>
                    <ProgressBar value={a.score / 100} label={`${a.name} consistency`} tone="done" />
                    <span className="num" title={`${num(a.completed)} of ${num(a.expected)} due in the last 30 days`}>
                      {score(a.score)} <span className="muted small rank__of">({num(a.completed)}/{num(a.expected)})</span>
                    </span>
                    <span className="sr-only">
                      {' '}
                      — {num(a.completed)} of {num(a.expected)} due done in the last 30 days
                    </span>
                  </li>
                ))}
              </ol>
            </>
          )}
        </section>

        <section className="card" aria-labelledby="goals-heading">
          <div className="card__head">
            <h2 id="goals-heading" className="card__title">
              Goals
            </h2>
            <Link to="/goals">All goals</Link>
          </div>
          {d.goals.length === 0 ? (
            <Empty title="No goals yet">
              <Link to="/goals/new" className="btn btn--secondary btn--sm">
                Set a goal
              </Link>
            </Empty>
          ) : (
            <ul className="goal-mini">
              {d.goals.map((g) => (
                <GoalMini key={g.goalId} g={g} />
              ))}
            </ul>
          )}
        </section>
      </div>
    </>
  );
}

export function GoalMini({ g }: { g: GoalProgress }) {
  return (
    <li>
      <div className="goal-mini__head">
        <span>{g.name}</span>
        <span className="muted">
          {num(g.currentValue)} of {num(g.targetValue)} {g.unit}
        </span>
      </div>
      <ProgressBar value={g.progress} label={`${g.name} progress`} tone={g.reached ? 'done' : 'accent'} showValue />
    </li>
  );
}
