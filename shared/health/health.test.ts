import { describe, expect, it } from 'vitest';
import { checkHealth } from './health.ts';

describe('checkHealth', () => {
  it('is ok only when every check answers', async () => {
    const ok = await checkHealth({ table: async () => 1, storage: async () => 2 });
    expect(ok.status).toBe('ok');
    expect(Object.values(ok.checks).every((c) => c.ok)).toBe(true);

    const down = await checkHealth({
      table: async () => 1,
      storage: async () => {
        throw new Error('connect ECONNREFUSED');
      },
    });
    expect(down.status).toBe('unavailable');
    expect(down.checks.storage).toMatchObject({ ok: false, error: 'connect ECONNREFUSED' });
    expect(down.checks.table?.ok).toBe(true);
  });

  it('counts a check that does not answer in time as down', async () => {
    const report = await checkHealth({ userPool: () => new Promise(() => undefined) }, 50);
    expect(report.status).toBe('unavailable');
    expect(report.checks.userPool).toMatchObject({ ok: false, error: 'no answer within 50 ms' });
  });
});
