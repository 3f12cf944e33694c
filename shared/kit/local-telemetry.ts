import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { format } from 'node:util';
import { join } from 'node:path';

/** The folder of one kind of local telemetry (`logs` or `metrics`) under the runtime's telemetry folder. */
export function telemetryFolder(dir: string, kind: 'logs' | 'metrics'): string {
  return join(dir, kind);
}

/** The file of one UTC day: `<dir>/<kind>/<yyyy-mm-dd>.jsonl`. */
export function telemetryFile(dir: string, kind: 'logs' | 'metrics', day: string): string {
  return join(telemetryFolder(dir, kind), `${day}.jsonl`);
}

const files = new Map<string, { day: string; fd: number }>();

/** Today's UTC day, recomputed only when a day boundary has passed (every line asks). */
let today = { day: '', endsAt: 0 };
function utcDay(): string {
  const now = Date.now();
  if (now >= today.endsAt) {
    const start = now - (now % 86_400_000);
    today = { day: new Date(start).toISOString().slice(0, 10), endsAt: start + 86_400_000 };
  }
  return today.day;
}

/**
 * Appends one line to today's file of `kind`, synchronously: a line written is on disk before the
 * invocation answers, so stopping the runtime (Ctrl+C) loses nothing (the seed's metrics did).
 */
export function appendTelemetry(dir: string, kind: 'logs' | 'metrics', line: string): void {
  const day = utcDay();
  const key = `${dir}\0${kind}`;
  let open = files.get(key);
  if (!open || open.day !== day) {
    if (open) closeSync(open.fd);
    mkdirSync(telemetryFolder(dir, kind), { recursive: true, mode: 0o700 });
    open = { day, fd: openSync(telemetryFile(dir, kind, day), 'a', 0o600) };
    files.set(key, open);
  }
  writeSync(open.fd, line.endsWith('\n') ? line : `${line}\n`);
}

const consoles = new Map<string, Console>();

/**
 * A Console whose every line lands in the local telemetry files (what Powertools writes to).
 * Powertools hands it one finished JSON line per call, so the common case is written as is: no
 * formatting, no stream in between (a Console over a Writable cost more than the line itself).
 */
export function localTelemetryConsole(dir: string, kind: 'logs' | 'metrics'): Console {
  const key = `${dir}\0${kind}`;
  let c = consoles.get(key);
  if (!c) {
    const write = (...args: unknown[]) => {
      const text = args.length === 1 && typeof args[0] === 'string' ? args[0] : format(...args);
      for (const line of text.includes('\n') ? text.split('\n') : [text]) {
        if (!line.trim()) continue;
        appendTelemetry(dir, kind, line);
        // Errors also reach the runtime's own output, where a developer looks first.
        if (kind === 'logs' && line.includes('"level":"ERROR"')) process.stderr.write(`${line}\n`);
      }
    };
    c = { log: write, info: write, warn: write, error: write, debug: write, trace: write } as unknown as Console;
    consoles.set(key, c);
  }
  return c;
}
