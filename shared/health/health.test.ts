import { describe, expect, it } from 'vitest';
import { checkHealth } from './health.ts';

describe('checkHealth', () => {
  it('is ok only when every check answers', async () => {
    const ok = await checkHealth({ table: async () => 1, storage: async () => 2 });
    expect(ok.status).toBe('ok');
    expect(Object.values(ok.checks).every((c) => c.ok)).toBe(true);

    const logged: string[] = [];
    const down = await checkHealth(
      {
        table: async () => 1,
        storage: async () => {
          throw new Error('connect ECONNREFUSED 10.0.0.7:443');
        },
      },
      2000,
      (check, error) => logged.push(`${check}: ${error.message}`),
    );
    expect(down.status).toBe('unavailable');
    // The public report says how, not why (no addresses or messages of dependencies).
    expect(down.checks.storage).toMatchObject({ ok: false, error: 'failed' });
    expect(JSON.stringify(down)).not.toContain('ECONNREFUSED');
    expect(logged).toEqual(['storage: connect ECONNREFUSED 10.0.0.7:443']);
    expect(down.checks.table?.ok).toBe(true);
  });

  it('counts a check that does not answer in time as down', async () => {
    const report = await checkHealth({ userPool: () => new Promise(() => undefined) }, 50);
    expect(report.status).toBe('unavailable');
    expect(report.checks.userPool).toMatchObject({ ok: false, error: 'no answer in time' });
  });
});
