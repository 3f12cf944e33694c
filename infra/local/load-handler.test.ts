import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { invokerOnFirstUse } from './load-handler.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A folder holding one module, `<name>.mjs`. */
function moduleFolder(name: string, source: string): string {
  const root = mkdtempSync(join(tmpdir(), 'mosaic-load-handler-'));
  dirs.push(root);
  writeFileSync(join(root, `${name}.mjs`), source);
  return root;
}

const fn = { name: 'mosaic-local-echo', timeoutSeconds: 3, memoryMb: 256 };

describe('invokerOnFirstUse', () => {
  it('imports the module on the first invocation, once, however many invocations wait for it', async () => {
    const key = `imports-${Math.random()}`;
    const root = moduleFolder(
      'counted',
      `globalThis[${JSON.stringify(key)}] = (globalThis[${JSON.stringify(key)}] ?? 0) + 1;
       export const handler = async (event, context) => ({ echoed: event, functionName: context.functionName });`,
    );
    const imports = () => (globalThis as Record<string, unknown>)[key];
    const invoke = invokerOnFirstUse<number, { echoed: number; functionName: string }>(root, 'counted.mjs', fn);
    expect(imports()).toBeUndefined();
    const answers = await Promise.all([invoke(1), invoke(2), invoke(3)]);
    expect(answers.map((a) => a.echoed)).toEqual([1, 2, 3]);
    expect(answers[0]!.functionName).toBe('mosaic-local-echo');
    expect((await invoke(4)).echoed).toBe(4);
    expect(imports()).toBe(1);
  });

  it('fails each invocation with the load’s error when the module has no handler', async () => {
    const invoke = invokerOnFirstUse(moduleFolder('broken', 'export const notAHandler = 1;'), 'broken.mjs', fn);
    await expect(invoke({})).rejects.toThrow('broken.mjs exports no handler');
    await expect(invoke({})).rejects.toThrow('broken.mjs exports no handler');
  });
});
