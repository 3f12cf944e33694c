import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { instancesDir, registerInstance, runningDataDirs, unregisterInstance } from './runtime-state.ts';

describe('running instances of a checkout (the admin CLI finds the data folder)', () => {
  const root = mkdtempSync(join(tmpdir(), 'mosaic-instances-'));
  afterEach(() => rmSync(instancesDir(root), { recursive: true, force: true }));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('lists the data folder of each live instance, ignores dead and damaged ones, forgets a stopped one', () => {
    expect(runningDataDirs(root, () => true)).toEqual([]);
    registerInstance(root, '/data/elsewhere', 101);
    registerInstance(root, '/data/old', 102);
    writeFileSync(join(instancesDir(root), '103.json'), '{ half');
    expect(runningDataDirs(root, (pid) => pid === 101)).toEqual(['/data/elsewhere']);
    unregisterInstance(root, 101);
    expect(runningDataDirs(root, (pid) => pid === 101)).toEqual([]);
  });
});
