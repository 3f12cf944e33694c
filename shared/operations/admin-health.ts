import type { CameraHealthRow } from '../camera/cameras.ts';
import type { HealthReport } from '../health/health.ts';
import type { QueueDepth } from './queues.ts';
import type { MetricsReport, MetricsSource } from './telemetry.ts';

/** Error rate above which the stage counts as degraded. */
export const DEGRADED_ERROR_RATE = 0.05;
export const ERROR_WINDOW_MINUTES = 15;

/** Where the admin's health view reads from. */
export interface AdminHealthDeps {
  /** The dependency checks (each bounded by its own timeout). */
  checks: () => Promise<HealthReport>;
  queueDepths: () => Promise<QueueDepth[]>;
  metrics: MetricsSource;
  cameras: () => Promise<CameraHealthRow[]>;
  stage: string;
  version: string;
}

/**
 * Reads the admin's health view at `now`: the dependency checks, the queue depths, the error
 * rate of the last ERROR_WINDOW_MINUTES and the cameras' health, all at once.
 */
export async function readAdminHealth(deps: AdminHealthDeps, now: Date) {
  const [checks, queues, recent, cameras] = await Promise.all([
    deps.checks(),
    deps.queueDepths(),
    deps.metrics.query({ from: new Date(now.getTime() - ERROR_WINDOW_MINUTES * 60_000), to: now, periodSeconds: ERROR_WINDOW_MINUTES * 60 }),
    deps.cameras(),
  ]);
  return adminHealth({ checks, queues, recent, cameras, stage: deps.stage, version: deps.version });
}

/** The admin's health view from the dependency checks, the queue depths, recent metrics and the cameras' health. */
export function adminHealth(input: { checks: HealthReport; queues: QueueDepth[]; recent: MetricsReport; cameras: CameraHealthRow[]; stage: string; version: string }) {
  const requests = input.recent.services.reduce((a, s) => a + s.requests, 0);
  const errors = input.recent.services.reduce((a, s) => a + s.errors, 0);
  const rate = requests ? errors / requests : 0;
  const parked = input.queues.some((q) => q.deadLetters > 0);
  const cameraFailing = input.cameras.some((c) => c.enabled && c.state === 'error');
  return {
    status: input.checks.status !== 'ok' ? ('unavailable' as const) : parked || cameraFailing || rate > DEGRADED_ERROR_RATE ? ('degraded' as const) : ('ok' as const),
    stage: input.stage,
    version: input.version,
    checkedAt: input.checks.checkedAt,
    dependencies: input.checks.checks,
    queues: input.queues,
    errorRate: { windowMinutes: ERROR_WINDOW_MINUTES, requests, errors, rate },
    cameras: input.cameras,
  };
}
