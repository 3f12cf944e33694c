import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/local-process.ts';

const run = promisify(execFile);

/** The project modules a script imports (relative specifiers), as file URLs. */
function localImports(script: string): string[] {
  const source = readFileSync(join(ROOT, 'bin', script), 'utf8');
  const specifiers = [...source.matchAll(/^import\s[^;]*?from\s+'(\.{1,2}\/[^']+)'/gms)].map((m) => m[1]!);
  return specifiers.map((s) => pathToFileURL(join(ROOT, 'bin', s)).href);
}

/**
 * The benchmarks are not run by `npm test`, but they must start in a fresh clone: a module they
 * import must not need a deployed function's configuration at load (a bench sets up its own
 * runtime first). Each bench's project imports are loaded in a process with no configuration.
 */
describe('benchmarks load without a function configuration', () => {
  const benches = readdirSync(join(ROOT, 'bin')).filter((f) => f.startsWith('bench') && f.endsWith('.ts'));

  it.each(benches)('%s', async (bench) => {
    const imports = localImports(bench);
    expect(imports.length).toBeGreaterThan(0);
    const code = `for (const url of ${JSON.stringify(imports)}) await import(url);`;
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^[A-Z0-9_]+$/.test(name) || ['PATH', 'HOME', 'TMPDIR'].includes(name)));
    await expect(run(process.execPath, ['--input-type=module', '-e', code], { cwd: ROOT, env })).resolves.toBeDefined();
  }, 60_000);
});
