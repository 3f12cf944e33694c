/**
 * Local stand-in for EventBridge Scheduler: fires each schedule on a timer, following its
 * expression. `rate(N unit)` is read here; `cron(…)` expressions are evaluated by croner with
 * EventBridge's semantics (below).
 */
import { Cron } from 'croner';

const UNIT_MS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** Milliseconds between firings of a `rate(...)` expression. */
export function rateMs(expression: string): number | undefined {
  const m = /^rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)$/.exec(expression.trim());
  if (!m) return undefined;
  return Number(m[1]) * UNIT_MS[m[2]!.replace(/s$/, '')]!;
}

/**
 * EventBridge's `cron(minutes hours day-of-month month day-of-week year)` as a croner pattern:
 * six fields (croner's seven with seconds fixed at 0), evaluated in UTC; day-of-week 1-7 is
 * Sunday-Saturday (croner's `alternativeWeekdays`, Quartz numbering, which `#` uses too); `?` is a
 * wildcard; `0/20` means "from 0 every 20" (croner's `sloppyRanges`); `L`, `W` and names as in
 * EventBridge. Throws on anything else, as creating the schedule would fail in the cloud.
 */
export function cronSchedule(expression: string): Cron {
  const m = /^cron\((.+)\)$/.exec(expression.trim());
  const fields = m?.[1]!.trim().split(/\s+/);
  if (!fields || fields.length !== 6) throw new Error(`Not an EventBridge cron expression (six fields): ${expression}`);
  return new Cron(`0 ${fields.join(' ')}`, {
    mode: '7-part',
    timezone: 'UTC',
    alternativeWeekdays: true,
    sloppyRanges: true,
    paused: true,
  });
}

/** The first instant strictly after `after` that a `cron(...)` expression matches (UTC). */
export function nextCron(expression: string, after: Date): Date | undefined {
  if (!/^cron\(/.test(expression.trim())) return undefined;
  return cronSchedule(expression).nextRun(after) ?? undefined;
}

export interface LocalScheduler {
  stop(): void;
}

/** setTimeout's longest delay; a later firing is waited for in steps. */
const MAX_DELAY_MS = 2 ** 31 - 1;

/** Starts a timer per schedule; `fire` receives the schedule's name and its scheduled time. */
export function startScheduler(
  schedules: Record<string, { expression: string }>,
  fire: (name: string, scheduledTime: Date) => void,
): LocalScheduler {
  const timers = new Map<string, NodeJS.Timeout>();
  const plans = Object.entries(schedules).map(([name, { expression }]) => {
    const interval = rateMs(expression);
    if (interval !== undefined) return { name, next: (now: Date) => new Date(now.getTime() + interval) };
    if (!/^cron\(/.test(expression.trim())) throw new Error(`Unsupported schedule expression for ${name}: ${expression}`);
    const cron = cronSchedule(expression);
    return { name, next: (now: Date) => cron.nextRun(now) ?? undefined };
  });
  const wait = (name: string, at: Date, then: () => void) => {
    const delay = at.getTime() - Date.now();
    const timer = setTimeout(() => (delay > MAX_DELAY_MS ? wait(name, at, then) : then()), Math.min(Math.max(delay, 0), MAX_DELAY_MS));
    timer.unref();
    timers.set(name, timer);
  };
  const arm = (plan: (typeof plans)[number]) => {
    const next = plan.next(new Date());
    if (!next) return; // a cron whose last year has passed never fires again
    wait(plan.name, next, () => {
      fire(plan.name, next);
      arm(plan);
    });
  };
  for (const plan of plans) arm(plan);
  return {
    stop() {
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
    },
  };
}
