import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { Console } from 'node:console';
import { Writable } from 'node:stream';
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

/**
 * Appends one line to today's file of `kind`, synchronously: a line written is on disk before the
 * invocation answers, so stopping the runtime (Ctrl+C) loses nothing (the seed's metrics did).
 */
export function appendTelemetry(dir: string, kind: 'logs' | 'metrics', line: string): void {
  const day = new Date().toISOString().slice(0, 10);
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

/** A Console whose every line lands in the local telemetry files (what Powertools writes to). */
export function localTelemetryConsole(dir: string, kind: 'logs' | 'metrics'): Console {
  const key = `${dir}\0${kind}`;
  let c = consoles.get(key);
  if (!c) {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n')) {
          if (!line.trim()) continue;
          appendTelemetry(dir, kind, line);
          // Errors also reach the runtime's own output, where a developer looks first.
          if (kind === 'logs' && line.includes('"level":"ERROR"')) process.stderr.write(`${line}\n`);
        }
        done();
      },
    });
    c = new Console({ stdout: sink, stderr: sink });
    consoles.set(key, c);
  }
  return c;
}
