import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { LOCAL_NODE_FLAGS } from './node-flags.ts';

const run = promisify(execFile);
const moduleUrl = pathToFileURL(join(import.meta.dirname, 'node-flags.ts')).href;
// What the process reports after the call: its flags and its arguments.
const probe = `
  const { relaunchWithLocalNodeFlags } = await import(${JSON.stringify(moduleUrl)});
  relaunchWithLocalNodeFlags();
  console.log(JSON.stringify({ execArgv: process.execArgv, argv: process.argv.slice(1) }));
`;

describe('relaunchWithLocalNodeFlags', () => {
  it.runIf(process.platform !== 'win32' && Number(process.versions.node.split('.')[0]) < 24)(
    'runs the same program again in the same process, with the flags and its arguments',
    async () => {
      const { stdout } = await run(process.execPath, ['--input-type=module', '-e', probe, '--', 'one', 'two']);
      const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as { execArgv: string[]; argv: string[] });
      // Printed once: the first image was replaced before it printed.
      expect(lines).toHaveLength(1);
      expect(lines[0]!.execArgv).toEqual(expect.arrayContaining([...LOCAL_NODE_FLAGS]));
      expect(lines[0]!.argv).toEqual(['one', 'two']);
    },
  );

  it('does nothing when the flags are there already', async () => {
    const { stdout } = await run(process.execPath, [...LOCAL_NODE_FLAGS, '--input-type=module', '-e', probe]);
    const { execArgv } = JSON.parse(stdout.trim()) as { execArgv: string[] };
    expect(execArgv.filter((a) => a.startsWith('--experimental'))).toEqual([...LOCAL_NODE_FLAGS]);
  });
});
