import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/local-process.ts';
import { importWithoutConfiguration, runtimeImports } from '../support/unconfigured-import.ts';

/**
 * The benchmarks are not run by `npm test`, but they must start in a fresh clone: a module they
 * import must not need a deployed function's configuration at load (a bench sets up its own
 * runtime first). Each bench's project imports are loaded in a process with no configuration.
 */
describe('benchmarks load without a function configuration', () => {
  const benches = readdirSync(join(ROOT, 'bin')).filter((f) => f.startsWith('bench') && f.endsWith('.ts'));

  it.each(benches)('%s', async (bench) => {
    const projectFiles = runtimeImports(join('bin', bench))
      .filter((s) => s.startsWith('.'))
      .map((s) => join('bin', s));
    expect(projectFiles.length).toBeGreaterThan(0);
    await expect(importWithoutConfiguration(projectFiles)).resolves.toBeUndefined();
  }, 60_000);
});
