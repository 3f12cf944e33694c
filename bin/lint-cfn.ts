/**
 * `npm run lint:cfn`: synthesizes the `prod` stage into a temporary folder and runs `cfn-lint`
 * (a Python tool, not an npm package: `pip install cfn-lint`) on every template, nested ones
 * included. Fails on any error finding; warnings are counted by rule and printed, since some are
 * inherent to CDK's output (W3005: an explicit DependsOn beside a GetAtt; W6001: an output that
 * re-exports an import, which the ops stack does to show the stage's endpoints).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../test/support/local-process.ts';

const version = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
if (version.error || version.status !== 0) {
  console.error('cfn-lint is not installed (pip install cfn-lint).');
  process.exit(2);
}
const out = mkdtempSync(join(tmpdir(), 'mosaic-cfn-'));
try {
  const synth = spawnSync('npx', ['cdk', 'synth', '-c', 'stage=prod', '--quiet', '-o', out], { cwd: ROOT, encoding: 'utf8' });
  if (synth.status !== 0) throw new Error(`cdk synth exited with ${synth.status}:\n${synth.stderr}`);
  const templates = readdirSync(out).filter((f) => f.endsWith('.template.json'));
  // JSON output: one finding per object, with its rule id; the exit code mixes errors and warnings.
  const lint = spawnSync('cfn-lint', ['--format', 'json', ...templates], { cwd: out, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const findings = JSON.parse(lint.stdout || '[]') as { Rule: { Id: string }; Level: string; Message: string; Filename: string; Location: { Start: { LineNumber: number } } }[];
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.Rule.Id, (counts.get(f.Rule.Id) ?? 0) + 1);
  const errors = findings.filter((f) => f.Level === 'Error');
  console.log(`${version.stdout.trim()}: ${templates.length} templates of stage prod, ${findings.length} findings${counts.size ? ` (${[...counts].map(([id, n]) => `${id} ×${n}`).join(', ')})` : ''}.`);
  for (const e of errors) console.error(`${e.Rule.Id} ${e.Filename}:${e.Location.Start.LineNumber} ${e.Message}`);
  if (errors.length > 0) {
    console.error(`${errors.length} error(s).`);
    process.exitCode = 1;
  } else {
    console.log('No errors.');
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
