import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalRuntime } from './runtime.ts';

/**
 * `<data folder>/runtime.json`: what a running `npm start` tells the programs beside it (the
 * admin CLI, tests) — its process, URL, stand-in endpoints, resource ids, and this start's
 * secret for `/_local/*`. Owner-only, as it holds that secret; removed on a clean stop.
 */
export interface RuntimeState {
  pid: number;
  url: string;
  endpoints: LocalRuntime['endpoints'];
  resources: LocalRuntime['resources'];
  /** Send it as `x-mosaic-local-secret` to call `/_local/*` (from this machine only). */
  localSecret: string;
}

export function runtimeStateFile(dataDir: string): string {
  return join(dataDir, 'runtime.json');
}

export function writeRuntimeState(dataDir: string, state: RuntimeState): void {
  const file = runtimeStateFile(dataDir);
  // A state file left by a killed runtime may belong to the previous start: replace it whole.
  rmSync(file, { force: true });
  writeFileSync(file, JSON.stringify(state, null, 2), { mode: 0o600, flag: 'wx' });
}

/** The state of the runtime on this data folder, if one was started (it may have died since). */
export function readRuntimeState(dataDir: string): RuntimeState | undefined {
  const file = runtimeStateFile(dataDir);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as RuntimeState) : undefined;
}

export function removeRuntimeState(dataDir: string): void {
  rmSync(runtimeStateFile(dataDir), { force: true });
}

/**
 * `<checkout>/.mosaic-instances/<pid>.json`: where each running `npm start` of this checkout
 * says which data folder it serves, so the admin CLI finds it without being told
 * `MOSAIC_DATA_DIR` again (the folder may have been moved with it). Removed on a clean stop;
 * a left-over one (its process gone) is ignored.
 */
export function instancesDir(root: string): string {
  return join(root, '.mosaic-instances');
}

export function registerInstance(root: string, dataDir: string, pid = process.pid): void {
  mkdirSync(instancesDir(root), { recursive: true });
  writeFileSync(join(instancesDir(root), `${pid}.json`), JSON.stringify({ pid, dataDir }), { mode: 0o600 });
}

export function unregisterInstance(root: string, pid = process.pid): void {
  rmSync(join(instancesDir(root), `${pid}.json`), { force: true });
}

/** The data folders of the instances of this checkout whose process is alive. */
export function runningDataDirs(root: string, isAlive: (pid: number) => boolean): string[] {
  if (!existsSync(instancesDir(root))) return [];
  const out: string[] = [];
  for (const name of readdirSync(instancesDir(root))) {
    if (!name.endsWith('.json')) continue;
    try {
      const { pid, dataDir } = JSON.parse(readFileSync(join(instancesDir(root), name), 'utf8')) as { pid: number; dataDir: string };
      if (isAlive(pid)) out.push(dataDir);
    } catch {
      // A file being written or damaged: not an instance to use.
    }
  }
  return [...new Set(out)];
}
