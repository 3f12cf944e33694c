import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
