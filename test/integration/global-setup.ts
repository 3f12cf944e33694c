import type { TestProject } from 'vitest/node';
import { removeTempDataDirs, startMosaic, tempDataDir, type RuntimeInfo } from '../support/local-process.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    mosaic: RuntimeInfo & { dataDir: string };
  }
}

/** One local runtime (stand-ins included) shared by the integration tests, on a fresh data folder. */
export default async function setup(project: TestProject) {
  const dataDir = tempDataDir('it');
  // Retries of failed queue messages come back after 100 ms, 200 ms, … so dead-lettering is quick.
  const mosaic = await startMosaic(dataDir, { MOSAIC_RETRY_BASE_MS: '100' });
  project.provide('mosaic', { ...mosaic.info, dataDir });
  return async () => {
    await mosaic.stop();
    removeTempDataDirs();
  };
}
