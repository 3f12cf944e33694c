import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { ROOT } from './local-process.ts';

const run = promisify(execFile);

/** The specifiers a project file imports at run time (`import type` is erased, so left out). */
export function runtimeImports(file: string): string[] {
  const source = readFileSync(join(ROOT, file), 'utf8');
  return [...source.matchAll(/^import\s+(?!type\s)[^;]*?from\s+'([^']+)'/gms)].map((m) => m[1]!);
}

/**
 * Imports the given project files, in order, in a fresh Node process whose environment holds no
 * configuration (no upper-case variable but PATH, HOME and TMPDIR): rejects with the child's
 * error when one of them needs a deployed function's configuration at load.
 */
export async function importWithoutConfiguration(files: string[]): Promise<void> {
  const urls = files.map((f) => pathToFileURL(join(ROOT, f)).href);
  const code = `for (const url of ${JSON.stringify(urls)}) await import(url);`;
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^[A-Z0-9_]+$/.test(name) || ['PATH', 'HOME', 'TMPDIR'].includes(name)));
  await run(process.execPath, ['--input-type=module', '-e', code], { cwd: ROOT, env });
}
