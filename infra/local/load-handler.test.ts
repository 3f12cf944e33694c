import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { handlerOnFirstUse } from './load-handler.ts';

const context = {} as Context;
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

describe('handlerOnFirstUse', () => {
  it('imports the module when first asked, once, however many ask while it loads', async () => {
    const key = `imports-${Math.random()}`;
    const root = moduleFolder(
      'counted',
      `globalThis[${JSON.stringify(key)}] = (globalThis[${JSON.stringify(key)}] ?? 0) + 1;
       export const handler = async (event) => ({ echoed: event });`,
    );
    const imports = () => (globalThis as Record<string, unknown>)[key];
    const handler = handlerOnFirstUse(root, 'counted.mjs');
    expect(imports()).toBeUndefined();
    const loaded = await Promise.all([handler(), handler(), handler()]);
    expect(await loaded[2]!(3, context)).toEqual({ echoed: 3 });
    expect(await handler()).toBe(loaded[0]);
    expect(imports()).toBe(1);
  });

  it('answers the load’s error each time it is asked for a module without a handler', async () => {
    const handler = handlerOnFirstUse(moduleFolder('broken', 'export const notAHandler = 1;'), 'broken.mjs');
    await expect(handler()).rejects.toThrow('broken.mjs exports no handler');
    await expect(handler()).rejects.toThrow('broken.mjs exports no handler');
  });
});
