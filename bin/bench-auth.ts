/**
 * `npm run bench:auth`: what the auth hardening costs and hides, on the local runtime.
 *
 * - Registration of a new email vs a known one (which must not be told apart, timing included):
 *   p50 and p95 of each, interleaved, and the known/new p50 ratio. Target: within 0.67–1.5×.
 * - An authenticated read (`GET /v1/me`), which now also reads the user's token state: p50/p95.
 * - Sign-in (the lockout counters are read and written around the password check): p50/p95.
 * BENCH_ROUNDS sets the calls per measure (default 30).
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { as, call, newUser, randomLoopback } from '../test/support/http-client.ts';
import { startMosaic, tempDataDir } from '../test/support/local-process.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const WARMUP = 3;
const TARGET = { low: 0.67, high: 1.5 };

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

async function timed(fn: () => Promise<{ status: number; text: string }>, expected: number): Promise<number> {
  const started = performance.now();
  const res = await fn();
  const ms = performance.now() - started;
  if (res.status !== expected) throw new Error(`answered ${res.status}, expected ${expected}: ${res.text}`);
  return ms;
}

const dataDir = tempDataDir('bench-auth');
console.log(`Starting the local runtime (data in ${dataDir})…`);
const mosaic = await startMosaic(dataDir, { MOSAIC_QUIET: '1' });
const base = mosaic.info.url;
try {
  const owner = await newUser(base);
  const register = (email: string) => () =>
    // A fresh address per call: the per-address rate limit is not what is measured.
    call(base, 'POST', '/v1/auth/register', { from: randomLoopback(), json: { email, password: 'Another-Horse-42', displayName: 'Bench' } });
  const fresh: number[] = [];
  const known: number[] = [];
  for (let i = 0; i < WARMUP + ROUNDS; i++) {
    const a = await timed(register(`bench-${randomUUID()}@example.com`), 202);
    const b = await timed(register(owner.email), 202);
    if (i >= WARMUP) {
      fresh.push(a);
      known.push(b);
    }
  }
  const me: number[] = [];
  const signIn: number[] = [];
  for (let i = 0; i < WARMUP + ROUNDS; i++) {
    const m = await timed(() => as(base, owner).get('/v1/me'), 200);
    const s = await timed(() => call(base, 'POST', '/v1/auth/login', { from: randomLoopback(), json: { email: owner.email, password: owner.password } }), 200);
    if (i >= WARMUP) {
      me.push(m);
      signIn.push(s);
    }
  }
  const rows = [
    ['register, new email', fresh],
    ['register, known email', known],
    ['GET /v1/me (with the token-state read)', me],
    ['sign-in (with the lockout counters)', signIn],
  ] as const;
  console.log(`\n${ROUNDS} calls each after ${WARMUP} warm-up calls; local runtime, one process.\n`);
  const width = Math.max(...rows.map(([label]) => label.length));
  console.log(`${'measure'.padEnd(width)}  p50 ms  p95 ms`);
  for (const [label, values] of rows)
    console.log(`${label.padEnd(width)}  ${percentile(values, 50).toFixed(1).padStart(6)}  ${percentile(values, 95).toFixed(1).padStart(6)}`);
  const ratio = percentile(known, 50) / percentile(fresh, 50);
  const within = ratio >= TARGET.low && ratio <= TARGET.high;
  console.log(`\nRegister known/new p50 ratio: ${ratio.toFixed(2)} (target ${TARGET.low}–${TARGET.high}): ${within ? 'ok' : 'OUTSIDE the target'}`);
} finally {
  await mosaic.stop();
}
