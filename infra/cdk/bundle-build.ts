/**
 * Runs the function builds `bundleFunctions` hands it (esbuild options as JSON on stdin) with the
 * `pureDeclarations` plugin, and prints their metafiles as JSON. A child process because esbuild
 * runs plugins only in its asynchronous API, and a CDK synth bundles synchronously.
 */
import { readFileSync } from 'node:fs';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { pureDeclarations } from './pure-declarations.ts';

const builds = JSON.parse(readFileSync(0, 'utf8')) as BuildOptions[];
const metafiles: Metafile[] = [];
for (const options of builds) {
  try {
    metafiles.push((await build({ ...options, plugins: [pureDeclarations] })).metafile!);
  } catch (error) {
    // esbuild has already printed each error with its location.
    const count = (error as { errors?: unknown[] }).errors?.length;
    console.error(count ? `esbuild could not bundle the functions (${count} error(s), printed above).` : error);
    process.exit(1);
  }
}
process.stdout.write(JSON.stringify(metafiles));
