import { afterAll } from 'vitest';
import { removeAssemblies } from './assemblies.ts';

// After each infra test file: the cloud assemblies synthesized so far leave the temp folder.
afterAll(() => removeAssemblies());
