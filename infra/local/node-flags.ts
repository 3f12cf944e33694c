/**
 * Node's own flags the local runtime runs with, declared once.
 *
 * `--experimental-async-context-frame` (the default from Node 24): AsyncLocalStorage — the kit's
 * invocation scope and read meter, Powertools' log and metric stores — kept in V8's continuation
 * data instead of through promise hooks. With hooks, once any function has run, every promise in
 * the process pays for them, the gateway's own included: one process serves every function here,
 * where in Lambda each has its own (docs/local-runtime.md, "Speed").
 */
export const LOCAL_NODE_FLAGS: readonly string[] = ['--experimental-async-context-frame'];

/** Node majors that need the flag: it is on by default from 24. */
const NEEDS_FLAGS = (major: number) => major === 22 || major === 23;

/**
 * Replaces this process with the same program run with LOCAL_NODE_FLAGS when it was started
 * without them (`npm start`, a test's `node bin/local.ts`): `execve` keeps the pid, the open
 * pipes and the environment, so a supervisor's signals and a kill -9 still reach the runtime.
 * Call it before loading anything else. Where `execve` does not exist (Windows), the runtime runs
 * without the flags, only slower.
 */
export function relaunchWithLocalNodeFlags(): void {
  const missing = LOCAL_NODE_FLAGS.filter((flag) => !process.execArgv.includes(flag));
  if (missing.length === 0 || !NEEDS_FLAGS(Number(process.versions.node.split('.')[0])) || !process.execve) return;
  process.execve(process.execPath, [process.execPath, ...missing, ...process.execArgv, ...process.argv.slice(1)], process.env);
}
