import { readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/local-process.ts';
import { importWithoutConfiguration, runtimeImports } from '../support/unconfigured-import.ts';

/** Every `shared/<area>/keys.ts`: the modules that declare an area's keys and sort-key prefixes once. */
const keyModules = readdirSync(join(ROOT, 'shared'), { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('/keys.ts'))
  .map((f) => join('shared', f))
  .sort();

/** The project files a module loads at run time, itself included, and the packages they name. */
function loadGraph(file: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (f: string) => {
    if (files.has(f)) return;
    files.add(f);
    for (const s of runtimeImports(f)) {
      if (s.startsWith('.')) visit(relative(ROOT, resolve(ROOT, dirname(f), s)));
      else packages.add(s);
    }
  };
  visit(file);
  return { files: [...files], packages: [...packages] };
}

/**
 * Backups, the operator's counts, test support and the benchmarks import the key modules to name
 * the same keys the repositories write. That only works while a key module loads no AWS client
 * and no function configuration (which throws outside a deployed function).
 */
describe('key modules load no client or configuration', () => {
  it('finds the key modules', () => {
    expect(keyModules).toContain('shared/db/keys.ts');
    expect(keyModules).toContain('shared/tracking/keys.ts');
  });

  it.each(keyModules)('%s', async (file) => {
    const { files, packages } = loadGraph(file);
    expect(packages.filter((p) => p.startsWith('@aws-sdk/'))).toEqual([]);
    expect(files.filter((f) => f.startsWith('shared/aws/') || f === 'shared/config.ts')).toEqual([]);
    // And it loads in a process with no configuration at all.
    await expect(importWithoutConfiguration([file])).resolves.toBeUndefined();
  }, 60_000);
});
