/** The result of one dependency check. */
export interface CheckResult {
  ok: boolean;
  ms: number;
  error?: string;
}

export interface HealthReport {
  status: 'ok' | 'unavailable';
  checks: Record<string, CheckResult>;
  checkedAt: string;
}

/**
 * Runs every check concurrently, each bounded by `timeoutMs`; the report is `ok` only when all
 * of them answered.
 */
export async function checkHealth(
  checks: Record<string, () => Promise<unknown>>,
  timeoutMs = 2000,
): Promise<HealthReport> {
  const results = await Promise.all(
    Object.entries(checks).map(async ([name, check]): Promise<[string, CheckResult]> => {
      const started = Date.now();
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          check(),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
          }),
        ]);
        return [name, { ok: true, ms: Date.now() - started }];
      } catch (error) {
        return [name, { ok: false, ms: Date.now() - started, error: (error as Error).message }];
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
