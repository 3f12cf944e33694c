import { api } from '../../../api/api.ts';
import { asApiError } from '../../../api/client.ts';
import type { Suggestion } from '../../../api/types.ts';
import { Button, useToast } from '../../../components/ui.tsx';
import { num, pct, score } from '../../../lib/format.ts';
import { useTrackingWrite } from '../queries.ts';

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

/** Adaptive suggestions with the numbers behind them; Apply sends the proposal as a change to the activity. */
export function Suggestions({ activityId, suggestions }: { activityId: string; suggestions: Suggestion[] }) {
  const toast = useToast();
  const applying = useTrackingWrite((s: Suggestion) => {
    // `targetStreak` is advice to read, not a field of the activity.
    const { targetStreak: _target, ...changes } = s.proposal as Suggestion['proposal'] & { targetStreak?: number };
    return api.activities.update(activityId, changes);
  });
  const apply = (s: Suggestion) =>
    applying.mutate(s, { onSuccess: () => toast('Suggestion applied.'), onError: (e) => toast(asApiError(e).message, 'error') });
  const busy = applying.isPending ? applying.variables.kind : null;
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
              {'targetStreak' in s.proposal && <p className="muted">Aim for a first streak of {s.proposal.targetStreak}.</p>}
              {applicable && (
                <Button size="sm" variant="primary" busy={busy === s.kind} onClick={() => apply(s)}>
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
