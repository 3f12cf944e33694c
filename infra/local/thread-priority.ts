import { getPriority, setPriority } from 'node:os';

/** How far below the gateway's thread the consumer thread runs (nice levels, of 40). */
export const CONSUMER_THREAD_NICENESS = 10;

/**
 * Lowers the CPU priority of the calling thread alone by `levels` nice levels (at most to 19), and
 * answers the niceness it now has. Linux keeps a niceness per thread and `setpriority` with pid 0
 * means the calling thread there, so a worker lowers itself without its process; elsewhere
 * (macOS: the whole process) it changes nothing and answers undefined.
 */
export function lowerThisThreadPriority(levels: number): number | undefined {
  if (process.platform !== 'linux') return undefined;
  const niceness = Math.min(19, getPriority() + levels);
  setPriority(niceness);
  return niceness;
}
