import { afterAll } from 'vitest';
import { removeTempDataDirs } from './local-process.ts';

// After each test file (its own afterAll hooks, which stop its runtimes, run first): its data folders go.
afterAll(() => removeTempDataDirs());
