import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The cloud assemblies this process synthesized (the built stages keep their templates in memory). */
const outdirs: string[] = [];

/** A new temp folder for one stage's cloud assembly, removed by removeAssemblies. */
export function assemblyDir(stage: string): string {
  const dir = mkdtempSync(join(tmpdir(), `mosaic-cdk-${stage}-`));
  outdirs.push(dir);
  return dir;
}

/**
 * Removes the synthesized cloud assemblies from disk, after each infra test file
 * (clean-assemblies.ts): vitest stops its test processes with a signal, so an exit hook would not
 * run. A later file's assertions that synthesize again (Annotations) write the folder anew.
 */
export function removeAssemblies(): void {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
}
