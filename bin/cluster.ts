/**
 * `npm run cluster -- <file>`: clusters a file of log messages, one a line, with the template
 * miner, and prints one JSON line per input line:
 *
 *   {"line":<1-based>,"cluster":"<id>","template":"<text with <*>>"}
 *
 * The cluster and template are those each line's cluster has at the end of the run (a later line
 * can merge clusters or widen a template), so everything prints after the last line. The file is
 * streamed and only one small number per line is kept, so memory follows the clusters, not the
 * file. The miner runs with the platform's own configuration and limits.
 */
import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { TemplateMiner } from '../shared/incidents/templates/miner.ts';

/** A growable array of unsigned 32-bit numbers (a line's cluster, as an index into `ids`). */
class Column {
  private data = new Uint32Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Uint32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }
  at(i: number): number {
    return this.data[i]!;
  }
}

async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file || file === '-h' || file === '--help') {
    console.error('usage: npm run cluster -- <file>   (one message a line; prints one JSON line per line)');
    process.exit(2);
  }
  if (!existsSync(file)) {
    console.error(`cluster: no such file: ${file}`);
    process.exit(2);
  }

  const miner = new TemplateMiner();
  const ids: string[] = [];
  const index = new Map<string, number>();
  const lines = new Column();
  /** Templates of clusters evicted to stay within the limits, as they last stood. */
  const evicted = new Map<string, string>();

  const input = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of input) {
    const result = miner.add(line);
    for (const gone of result.evicted ?? []) evicted.set(gone.id, gone.template);
    let at = index.get(result.clusterId);
    if (at === undefined) {
      at = ids.length;
      ids.push(result.clusterId);
      index.set(result.clusterId, at);
    }
    lines.push(at);
  }

  // Each recorded id once: where it ended up (after merges) and that cluster's template.
  const final = ids.map((id) => {
    const cluster = miner.get(id);
    if (cluster) return { cluster: cluster.id, template: cluster.template };
    const resolved = miner.resolve(id);
    return { cluster: resolved, template: evicted.get(resolved) ?? evicted.get(id) ?? '' };
  });
  const encoded = final.map((f) => `,"cluster":${JSON.stringify(f.cluster)},"template":${JSON.stringify(f.template)}}\n`);

  let chunk = '';
  for (let i = 0; i < lines.length; i++) {
    chunk += `{"line":${i + 1}${encoded[lines.at(i)]}`;
    if (chunk.length > 1 << 16) {
      if (!process.stdout.write(chunk)) await new Promise((resolve) => process.stdout.once('drain', resolve));
      chunk = '';
    }
  }
  if (chunk) process.stdout.write(chunk);
}

await main();
