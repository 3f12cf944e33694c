/** The result of one dependency check. The public report says only how it failed, never why. */
export interface CheckResult {
  ok: boolean;
  ms: number;
  error?: 'no answer in time' | 'failed';
}

export interface HealthReport {
  status: 'ok' | 'unavailable';
  checks: Record<string, CheckResult>;
  checkedAt: string;
}

class CheckTimeout extends Error {}

/**
 * Runs every check concurrently, each bounded by `timeoutMs`; the report is `ok` only when all
 * of them answered. The report is public, so a failure's details go to `onFailure` (the logs).
 */
export async function checkHealth(
  checks: Record<string, () => Promise<unknown>>,
  timeoutMs = 2000,
  onFailure: (check: string, error: Error) => void = () => undefined,
): Promise<HealthReport> {
  const results = await Promise.all(
    Object.entries(checks).map(async ([name, check]): Promise<[string, CheckResult]> => {
      const started = Date.now();
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          check(),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new CheckTimeout(`no answer within ${timeoutMs} ms`)), timeoutMs);
          }),
        ]);
        return [name, { ok: true, ms: Date.now() - started }];
      } catch (error) {
        onFailure(name, error as Error);
        return [name, { ok: false, ms: Date.now() - started, error: error instanceof CheckTimeout ? 'no answer in time' : 'failed' }];
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  const all = Object.fromEntries(results);
  return {
    status: results.every(([, r]) => r.ok) ? 'ok' : 'unavailable',
    checks: all,
    checkedAt: new Date().toISOString(),
  };
}
