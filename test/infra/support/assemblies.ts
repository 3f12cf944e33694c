import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where the infra tests' global setup has the run's cloud assemblies written (one folder per run). */
export const ASSEMBLIES_ENV = 'MOSAIC_CDK_ASSEMBLIES_DIR';

/**
 * A new temp folder for one stage's cloud assembly, inside the run's folder when the global setup
 * made one. The built stages stay cached across the test files of a worker (`isolate: false`), and
 * a later file's assertions synthesize again into the same folder, so it must outlive every file:
 * the global setup's teardown, which runs once all files are done, removes the run's folder.
 */
export function assemblyDir(stage: string): string {
  return mkdtempSync(join(process.env[ASSEMBLIES_ENV] ?? tmpdir(), `mosaic-cdk-${stage}-`));
}

/** The infra project's global setup: one folder for the run's assemblies, removed at the end. */
export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'mosaic-cdk-run-'));
  // Set before the test workers start, so they inherit it.
  process.env[ASSEMBLIES_ENV] = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
