import { describe, expect, it } from 'vitest';
import type { CameraHealthRow } from '../camera/cameras.ts';
import type { HealthReport } from '../health/health.ts';
import { ERROR_WINDOW_MINUTES, readAdminHealth, type AdminHealthDeps } from './admin-health.ts';
import type { QueueDepth } from './queues.ts';
import type { MetricsQuery } from './telemetry.ts';

const NOW = new Date('2026-11-29T10:00:00Z');
const healthy: HealthReport = { status: 'ok', checks: { table: { ok: true, ms: 3 } }, checkedAt: NOW.toISOString() };
const queue = (deadLetters = 0): QueueDepth => ({ consumer: 'entry-events', waiting: 0, inFlight: 0, deadLetters });
const camera = (state: CameraHealthRow['state'], enabled = true): CameraHealthRow => ({
  id: 'c1', name: 'Door', enabled, state, viewers: 0, lastFrameAt: null, error: null, updatedAt: NOW.toISOString(),
});

function depsWith(over: { checks?: HealthReport; queues?: QueueDepth[]; requests?: number; errors?: number; cameras?: CameraHealthRow[] } = {}) {
  const queries: MetricsQuery[] = [];
  const deps: AdminHealthDeps = {
    checks: () => Promise.resolve(over.checks ?? healthy),
    queueDepths: () => Promise.resolve(over.queues ?? [queue()]),
    metrics: {
      query: (q) => {
        queries.push(q);
        const services = [{ service: 'list-activities', requests: over.requests ?? 0, errors: over.errors ?? 0 }];
        return Promise.resolve({ periodSeconds: q.periodSeconds, series: [], services, counters: {} });
      },
    },
    cameras: () => Promise.resolve(over.cameras ?? []),
    stage: 'test',
    version: '1.2.3',
  };
  return { deps, queries };
}

describe('admin health', () => {
  it('reads the error rate of the last window and says ok when every dependency answers', async () => {
    const { deps, queries } = depsWith({ requests: 200, errors: 2 });
    const view = await readAdminHealth(deps, NOW);
    expect(queries).toEqual([{ from: new Date(NOW.getTime() - ERROR_WINDOW_MINUTES * 60_000), to: NOW, periodSeconds: ERROR_WINDOW_MINUTES * 60 }]);
    expect(view).toMatchObject({ status: 'ok', stage: 'test', version: '1.2.3', errorRate: { requests: 200, errors: 2, rate: 0.01 } });
  });

  it('is degraded by an error rate above 5%, a parked dead letter or an enabled camera in error', async () => {
    expect((await readAdminHealth(depsWith({ requests: 100, errors: 6 }).deps, NOW)).status).toBe('degraded');
    expect((await readAdminHealth(depsWith({ queues: [queue(), queue(1)] }).deps, NOW)).status).toBe('degraded');
    expect((await readAdminHealth(depsWith({ cameras: [camera('error')] }).deps, NOW)).status).toBe('degraded');
    // A disabled camera's last error is not the stage's problem.
    expect((await readAdminHealth(depsWith({ cameras: [camera('error', false)] }).deps, NOW)).status).toBe('ok');
  });

  it('is unavailable when a dependency does not answer, whatever else holds', async () => {
    const checks: HealthReport = { status: 'unavailable', checks: { table: { ok: false, ms: 2000, error: 'no answer in time' } }, checkedAt: NOW.toISOString() };
    const view = await readAdminHealth(depsWith({ checks, requests: 100, errors: 50 }).deps, NOW);
    expect(view.status).toBe('unavailable');
    expect(view.dependencies).toEqual(checks.checks);
  });
});
