import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const script = fileURLToPath(new URL('../../bin/cluster.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'mosaic-cluster-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Row {
  line: number;
  cluster: string;
  template: string;
}

async function cluster(text: string): Promise<Row[]> {
  const file = join(dir, `${Math.random().toString(36).slice(2)}.log`);
  writeFileSync(file, text);
  const { stdout } = await run(process.execPath, [script, file]);
  return stdout
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Row);
}

describe('npm run cluster', () => {
  it('prints one JSON line per input line, with the cluster and template as they end up', async () => {
    const users = ['alice', 'bob', 'carol', 'dave', 'erin'];
    const lines = [
      ...users.map((u, i) => `Invalid user ${u} from 10.0.0.${i + 1}`),
      'Disk /dev/sda1 is 91% full',
      '',
      'Disk /dev/sdb2 is 97% full',
    ];
    const rows = await cluster(lines.join('\r\n') + '\r\n');
    expect(rows.map((r) => r.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    // The first line printed with the template its cluster has after the fifth user merged them.
    expect(new Set(rows.slice(0, 5).map((r) => r.cluster)).size).toBe(1);
    expect(rows[0]!.template).toBe('Invalid user <*> from <*>');
    expect(rows[5]).toMatchObject({ cluster: rows[7]!.cluster, template: 'Disk <*> is <*> full' });
    expect(rows[6]).toMatchObject({ line: 7, template: '' });
    expect(new Set(rows.map((r) => r.cluster)).size).toBe(3);
  });

  it('fails with a clear message when the file is missing', async () => {
    await expect(run(process.execPath, [script, join(dir, 'missing.log')])).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('no such file'),
    });
  });
});
