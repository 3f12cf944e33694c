import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { version as esbuildVersion, type BuildOptions, type Metafile } from 'esbuild';

/**
 * Bundles every function of the route table with one esbuild call (one entry point per function;
 * one more call per function that needs values inlined) into `<outDir>/<name>/index.mjs`
 * (+ `index.mjs.map`): ESM, Node 22, minified, AWS SDK included (the bundle does not depend on
 * the SDK version the Lambda runtime happens to ship).
 *
 * A manifest of the last build's inputs (path, size, mtime) lets a synth skip esbuild entirely when
 * no input changed. A lock directory serialises concurrent synths (parallel test files).
 */
export interface BundleEntry {
  /** Folder name under outDir: the function's name in the table. */
  name: string;
  /** Module exporting `handler`, relative to `root`. */
  handler: string;
  /** Values inlined at bundle time (esbuild `define`); entries with one are built on their own. */
  define?: Record<string, string>;
}

export interface BundleOptions {
  /** Project root: handler paths are relative to it. */
  root: string;
  /** Output folder, relative to root. */
  outDir?: string;
}

export interface BundleResult {
  /** Absolute folder per function name, ready for `Code.fromAsset`. */
  dirs: Record<string, string>;
  /** False when the previous build was still current and esbuild did not run. */
  built: boolean;
  /** The source files (project and node_modules paths) each function's bundle holds code of. */
  contents: Record<string, string[]>;
}

interface Manifest {
  key: string;
  inputs: Record<string, [size: number, mtimeMs: number]>;
  contents: Record<string, string[]>;
}

const MANIFEST = '.bundle-manifest.json';

/** Lets bundled CommonJS dependencies call `require` inside an ES module. */
const BANNER = "import { createRequire as __mosaicCreateRequire } from 'node:module'; const require = __mosaicCreateRequire(import.meta.url);";

export function esbuildOptions(entries: BundleEntry[], root: string, outDir: string, define?: Record<string, string>): BuildOptions {
  return {
    ...(define ? { define } : {}),
    absWorkingDir: root,
    entryPoints: entries.map((e) => ({ in: e.handler, out: `${e.name}/index` })),
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: false,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    // Prefer packages' ESM builds (the AWS SDK ships both): smaller bundles, better tree shaking.
    mainFields: ['module', 'main'],
    minify: true,
    // Error classes and Powertools read constructor names.
    keepNames: true,
    // Source maps for stack traces (NODE_OPTIONS=--enable-source-maps); sources stay out of the asset.
    sourcemap: true,
    sourcesContent: false,
    legalComments: 'none',
    banner: { js: BANNER },
    metafile: true,
    logLevel: 'warning',
  };
}

/**
 * Runs the builds with the `pureDeclarations` plugin (`pure-declarations.ts`): a handler's bundle
 * keeps only the route contracts and schemas it reads. In a child process (`bundle-build.ts`):
 * esbuild runs plugins only in its asynchronous API.
 */
function runBuilds(options: BuildOptions[]): Metafile[] {
  const run = spawnSync(process.execPath, [BUILD_SCRIPT], {
    input: JSON.stringify(options),
    stdio: ['pipe', 'pipe', 'inherit'],
    maxBuffer: 1024 * 1024 * 1024,
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`esbuild could not bundle the functions (exit ${run.status ?? run.signal}; errors printed above).`);
  return JSON.parse(run.stdout) as Metafile[];
}

const BUILD_SCRIPT = fileURLToPath(new URL('./bundle-build.ts', import.meta.url));
const PLUGIN_SOURCE = fileURLToPath(new URL('./pure-declarations.ts', import.meta.url));

function cacheKey(options: BuildOptions[]): string {
  return createHash('sha256')
    // The plugin's source too: a change of what it marks pure changes every bundle.
    .update(JSON.stringify({ esbuildVersion, options, plugin: readFileSync(PLUGIN_SOURCE, 'utf8') }))
    .digest('hex');
}

function isCurrent(manifestPath: string, key: string, root: string, outDir: string, entries: BundleEntry[]): boolean {
  if (!existsSync(manifestPath)) return false;
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  } catch {
    return false;
  }
  if (manifest.key !== key || !manifest.contents) return false;
  if (!entries.every((e) => existsSync(join(outDir, e.name, 'index.mjs')))) return false;
  for (const [path, [size, mtimeMs]] of Object.entries(manifest.inputs)) {
    try {
      const stat = statSync(join(root, path));
      if (stat.size !== size || stat.mtimeMs !== mtimeMs) return false;
    } catch {
      return false;
    }
  }
  return true;
}

function manifestOf(metafiles: Metafile[], key: string, root: string, outDir: string): Manifest {
  const inputs: Manifest['inputs'] = {};
  const contents: Manifest['contents'] = {};
  for (const metafile of metafiles) {
    for (const path of Object.keys(metafile.inputs)) {
      // Virtual inputs (esbuild's own shims) have no file behind them.
      if (path.includes(':')) continue;
      const stat = statSync(join(root, path));
      inputs[path] = [stat.size, stat.mtimeMs];
    }
    for (const [output, info] of Object.entries(metafile.outputs)) {
      const name = relative(outDir, join(root, output)).split(sep)[0]!;
      if (!output.endsWith('index.mjs')) continue;
      contents[name] = Object.entries(info.inputs)
        .filter(([path, used]) => !path.includes(':') && used.bytesInOutput > 0)
        .map(([path]) => path)
        .sort();
    }
  }
  return { key, inputs, contents };
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Runs `fn` holding an exclusive lock (a directory: mkdir is atomic). Stale locks expire. */
function withLock<T>(lockDir: string, fn: () => T): T {
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      try {
        if (Date.now() - statSync(lockDir).mtimeMs > 120_000) rmSync(lockDir, { recursive: true, force: true });
      } catch {
        // released meanwhile
      }
      if (Date.now() > deadline) throw new Error(`Timed out waiting for the bundle lock ${lockDir}`);
      sleep(100);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

export function bundleFunctions(entries: BundleEntry[], options: BundleOptions): BundleResult {
  const root = options.root;
  const outDir = join(root, options.outDir ?? '.build/functions');
  // One esbuild call for every entry without a `define`, one more per distinct `define`.
  const builds = new Map<string, BundleEntry[]>();
  for (const entry of entries) {
    const group = JSON.stringify(entry.define ?? null);
    builds.set(group, [...(builds.get(group) ?? []), entry]);
  }
  const buildOptions = [...builds.values()].map((group) => esbuildOptions(group, root, outDir, group[0]!.define));
  const key = cacheKey(buildOptions);
  const manifestPath = join(outDir, MANIFEST);
  const dirs = Object.fromEntries(entries.map((e) => [e.name, join(outDir, e.name)]));

  mkdirSync(join(outDir, '..'), { recursive: true });
  const built = withLock(`${outDir}.lock`, () => {
    if (isCurrent(manifestPath, key, root, outDir, entries)) return false;
    // A clean folder: functions removed from the table leave nothing behind.
    rmSync(outDir, { recursive: true, force: true });
    const metafiles = runBuilds(buildOptions);
    writeFileSync(manifestPath, JSON.stringify(manifestOf(metafiles, key, root, outDir)));
    return true;
  });
  const { contents } = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  return { dirs, built, contents };
}
