/**
 * Local stand-in for EventBridge Scheduler: fires each schedule on a timer, following its
 * expression. Supports `rate(N unit)` and `cron(min hour day-of-month month day-of-week year)`
 * with `*`, `?`, numbers, lists, ranges and `/` steps (UTC), which is all the table uses.
 */

const UNIT_MS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** Milliseconds between firings of a `rate(...)` expression. */
export function rateMs(expression: string): number | undefined {
  const m = /^rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)$/.exec(expression.trim());
  if (!m) return undefined;
  return Number(m[1]) * UNIT_MS[m[2]!.replace(/s$/, '')]!;
}

function field(spec: string, min: number, max: number): Set<number> | 'any' {
  if (spec === '*' || spec === '?') return 'any';
  const values = new Set<number>();
  for (const part of spec.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText ? Number(stepText) : 1;
    const [lo, given] = range === '*' ? [min, max] : range!.split('-').map(Number);
    const hi = given ?? (stepText ? max : lo);
    for (let v = lo!; v <= hi!; v += step) values.add(v);
  }
  return values;
}

/** The first instant strictly after `after` that a `cron(...)` expression matches (UTC). */
export function nextCron(expression: string, after: Date): Date | undefined {
  const m = /^cron\((.+)\)$/.exec(expression.trim());
  if (!m) return undefined;
  const [min, hour, dom, mon, dow] = m[1]!.trim().split(/\s+/);
  const minutes = field(min!, 0, 59);
  const hours = field(hour!, 0, 23);
  const days = field(dom!, 1, 31);
  const months = field(mon!, 1, 12);
  // EventBridge day-of-week: 1 = Sunday … 7 = Saturday.
  const weekdays = field(dow!, 1, 7);
  const has = (set: Set<number> | 'any', v: number) => set === 'any' || set.has(v);
  const t = new Date(after.getTime());
  t.setUTCSeconds(0, 0);
  for (let i = 0; i < 366 * 24 * 60; i++) {
    t.setUTCMinutes(t.getUTCMinutes() + 1);
    if (
      has(minutes, t.getUTCMinutes()) &&
      has(hours, t.getUTCHours()) &&
      has(days, t.getUTCDate()) &&
      has(months, t.getUTCMonth() + 1) &&
      has(weekdays, t.getUTCDay() + 1)
    ) {
      return new Date(t.getTime());
    }
  }
  return undefined;
}

export interface LocalScheduler {
  stop(): void;
}

/** Starts a timer per schedule; `fire` receives the schedule's name and its scheduled time. */
export function startScheduler(
  schedules: Record<string, { expression: string }>,
  fire: (name: string, scheduledTime: Date) => void,
): LocalScheduler {
  const timers: NodeJS.Timeout[] = [];
  const arm = (name: string, expression: string) => {
    const now = new Date();
    const interval = rateMs(expression);
    const next = interval !== undefined ? new Date(now.getTime() + interval) : nextCron(expression, now);
    if (!next) throw new Error(`Unsupported schedule expression for ${name}: ${expression}`);
    const timer = setTimeout(() => {
      fire(name, next);
      arm(name, expression);
    }, next.getTime() - now.getTime());
    timer.unref();
    timers.push(timer);
  };
  for (const [name, s] of Object.entries(schedules)) arm(name, s.expression);
  return {
    stop() {
      for (const t of timers) clearTimeout(t);
    },
  };
}
