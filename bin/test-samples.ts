/**
 * `npm run test:samples`: the conformance run over the real third-party samples, read where they
 * are (`MOSAIC_SAMPLES_DIR`, default `../shared/samples` beside the project). Each area adds its
 * section to SECTIONS (test/samples/<area>.ts, a {@link SampleSection}); a section whose folder is
 * missing is skipped, and so is the whole run, with a message, when the samples are absent.
 * Exits non-zero when a check fails. Not part of `npm test`: the samples are not in the repo.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SampleSection } from '../test/samples/harness.ts';
import { monitoring } from '../test/samples/monitoring.ts';
import { spotify } from '../test/samples/spotify.ts';

const SECTIONS: SampleSection[] = [monitoring, spotify];

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const samples = resolve(ROOT, process.env.MOSAIC_SAMPLES_DIR ?? '../shared/samples');

if (!existsSync(samples)) {
  console.log(`test:samples skipped: no samples folder at ${samples} (set MOSAIC_SAMPLES_DIR to where they are).`);
  process.exit(0);
}

let passed = 0;
let failed = 0;
for (const section of SECTIONS) {
  const dir = join(samples, section.folder);
  if (!existsSync(dir)) {
    console.log(`\n${section.name}: skipped (no ${dir})`);
    continue;
  }
  console.log(`\n${section.name} (${dir})`);
  try {
    await section.run(dir, (label, ok, detail) => {
      if (ok) {
        passed++;
        console.log(`  ✓ ${label}`);
      } else {
        failed++;
        console.log(`  ✗ ${label}${detail === undefined ? '' : `\n      found: ${JSON.stringify(detail)?.slice(0, 600)}`}`);
      }
    });
  } catch (error) {
    failed++;
    console.log(`  ✗ the section failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
