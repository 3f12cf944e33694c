/**
 * Read cost of the history queries against history size: a 1,000,000-play user and a 10,000-play
 * user over the same ten years, their plays stored through the real `storePlays` (dedupe and
 * roll-ups) into the in-memory play store, which counts items read as the local runtime's meter
 * does. Prints the items read by the all-time and last-4-weeks top lists and the all-time
 * heatmap for each, and their ratio (target ≤ 1.1). Run by `npm run bench:listening` (or alone).
 */
import { heatmap, resolveRange, topList } from '../shared/listening/history.ts';
import type { Play } from '../shared/listening/play.ts';
import { storePlays } from '../shared/listening/play-store.ts';
import { MemoryListening } from '../test/support/listening-memory.ts';

const RATIO_TARGET = 1.1;
const YEARS = 10;

function plays(count: number, end: number): Play[][] {
  const start = end - YEARS * 365 * 86_400_000;
  const step = (end - start) / count;
  const batches: Play[][] = [];
  let batch: Play[] = [];
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let i = 0; i < count; i++) {
    const artist = Math.floor(random() ** 2 * 2000);
    const track = Math.floor(random() * 12);
    const uri = `spotify:track:${String(artist).padStart(11, '0')}${String(track).padStart(11, '0')}`;
    batch.push({ kind: 'track', item: 'track', source: 'extended', endedAt: Math.floor(start + i * step), msPlayed: 60_000 + Math.floor(random() * 200_000), short: false, id: uri, uri, trackName: `Track ${track}`, artistName: `Artist ${artist}`, albumName: `Album ${artist}.${track % 3}` });
    if (batch.length === 1000) {
      batches.push(batch);
      batch = [];
    }
  }
  if (batch.length) batches.push(batch);
  return batches;
}

async function fill(count: number, end: number): Promise<{ repo: MemoryListening; rate: number }> {
  const repo = new MemoryListening();
  const started = performance.now();
  for (const batch of plays(count, end)) await storePlays(repo, 'u', batch, { timeZone: 'Europe/Berlin' });
  return { repo, rate: count / ((performance.now() - started) / 1000) };
}

async function reads(repo: MemoryListening, today: string): Promise<Record<string, number>> {
  const measure = async (run: () => Promise<unknown>) => {
    repo.itemsRead = 0;
    await run();
    return repo.itemsRead;
  };
  return {
    'top artists, all time': await measure(() => topList(repo, 'u', { all: true }, 'artist', 'plays', 50)),
    'top tracks, last 4 weeks': await measure(() => topList(repo, 'u', resolveRange({ range: '4w' }, today), 'track', 'time', 50)),
    'heatmap, all time': await measure(() => heatmap(repo, 'u', { all: true })),
  };
}

export async function benchReads(bigPlays = Number(process.env.BENCH_READ_PLAYS ?? 1_000_000)): Promise<boolean> {
  const end = Date.now();
  const today = new Date(end).toISOString().slice(0, 10);
  console.log(`\nStoring ${bigPlays.toLocaleString('en-US')} and 10,000 plays over ${YEARS} years through storePlays (in-memory store)…`);
  const big = await fill(bigPlays, end);
  const small = await fill(10_000, end);
  console.log(`  storePlays in memory: ${Math.round(big.rate).toLocaleString('en-US')} plays/s (dedupe + roll-ups; not a target)`);
  const a = await reads(big.repo, today);
  const b = await reads(small.repo, today);
  let met = true;
  console.log('items read                       big user   10k user   ratio  (target ≤ 1.1)');
  for (const name of Object.keys(a)) {
    const ratio = a[name]! / Math.max(1, b[name]!);
    met &&= ratio <= RATIO_TARGET;
    console.log(`  ${name.padEnd(28)} ${String(a[name]).padStart(8)}   ${String(b[name]).padStart(8)}   ${ratio.toFixed(2)}  ${ratio <= RATIO_TARGET ? 'met' : 'NOT met'}`);
  }
  return met;
}

if (import.meta.url === `file://${process.argv[1]}`) await benchReads();
