import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { localTelemetryConsole, telemetryFile } from './local-telemetry.ts';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'telemetry-'));
  dirs.push(dir);
  return dir;
};
const linesOf = (dir: string, kind: 'logs' | 'metrics') =>
  readFileSync(telemetryFile(dir, kind, new Date().toISOString().slice(0, 10)), 'utf8').trimEnd().split('\n');

afterEach(() => {
  vi.restoreAllMocks();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('local telemetry', () => {
  it('writes each Powertools log line to the day file, and echoes errors to stderr', () => {
    const dir = tempDir();
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const logger = new Logger({ serviceName: 'test' });
    (logger as unknown as { console: Console }).console = localTelemetryConsole(dir, 'logs');
    logger.info('first', { userId: 'u1' });
    logger.error('broke\nacross lines');
    const lines = linesOf(dir, 'logs').map((l) => JSON.parse(l) as { level: string; message: string; userId?: string });
    expect(lines.map((l) => [l.level, l.message, l.userId])).toEqual([
      ['INFO', 'first', 'u1'],
      ['ERROR', 'broke\nacross lines', undefined],
    ]);
    expect(stderr).toHaveBeenCalledTimes(1);
    expect(String(stderr.mock.calls[0]![0])).toContain('"level":"ERROR"');
  });

  it('writes EMF documents to the metrics file, and formats anything else as console.log would, a line each', () => {
    const dir = tempDir();
    const metrics = new Metrics({ namespace: 'Test', serviceName: 'test' });
    (metrics as unknown as { console: Console }).console = localTelemetryConsole(dir, 'metrics');
    metrics.addMetric('Things', MetricUnit.Count, 2);
    metrics.publishStoredMetrics();
    localTelemetryConsole(dir, 'metrics').log('%s of %d', 'one', 2, '\nsecond line');
    const [emf, formatted, second] = linesOf(dir, 'metrics');
    expect((JSON.parse(emf!) as { Things: number })).toMatchObject({ Things: 2 });
    expect([formatted, second]).toEqual(['one of 2 ', 'second line']);
  });
});
