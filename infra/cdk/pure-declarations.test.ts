import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { isDeclarationModule, markDeclarationsPure, pureDeclarations } from './pure-declarations.ts';

describe('markDeclarationsPure', () => {
  const source = [
    "import * as z from 'zod/mini';",
    "export const Used = z.object({ a: z.string().check(z.minLength(1, 'READ_ME')) });",
    "export const Unused = z.object({ b: z.string().check(z.minLength(1, 'DROP_ME')) });",
    "export const Tuple = ['x', 'y'] as const;",
    "export const Cast = z.enum(Tuple) as unknown as string;",
    "z.config({ customError: () => 'KEPT' });",
    'export const Later = await Promise.resolve(1);',
    '',
  ].join('\n');

  it('wraps top-level constants made by a call, keeping every line where it was', () => {
    const out = markDeclarationsPure(source, 'schemas.ts');
    expect(out).toContain("export const Used = /* @__PURE__ */ (() => (z.object({ a: z.string().check(z.minLength(1, 'READ_ME')) })))();");
    expect(out).toContain('export const Cast = /* @__PURE__ */ (() => (z.enum(Tuple) as unknown as string))();');
    // Not a call, a statement run for its effect, an await: as written.
    expect(out).toContain("export const Tuple = ['x', 'y'] as const;");
    expect(out).toContain("\nz.config({ customError: () => 'KEPT' });");
    expect(out).toContain('export const Later = await Promise.resolve(1);');
    expect(out.split('\n')).toHaveLength(source.split('\n').length);
  });

  it('lets esbuild drop what nothing reads, and only that (the plugin, as bundleFunctions runs it)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pure-declarations-'));
    mkdirSync(join(dir, 'shared'));
    writeFileSync(join(dir, 'shared', 'thing-schemas.ts'), source.replace('export const Later = await Promise.resolve(1);', ''));
    const bundle = async (plugins: Plugin[]) =>
      (
        await build({
          stdin: { contents: "import { Used } from './shared/thing-schemas.ts'; console.log(Used);", resolveDir: dir, loader: 'ts' },
          bundle: true,
          write: false,
          format: 'esm',
          platform: 'node',
          external: ['zod/mini'],
          logLevel: 'silent',
          plugins,
        })
      ).outputFiles[0]!.text;
    try {
      const plain = await bundle([]);
      const marked = await bundle([pureDeclarations]);
      // Without the marks esbuild keeps every schema (a call may do anything)…
      expect(plain).toContain('DROP_ME');
      // …with them, the unread one goes; the read one and the statement run for its effect stay.
      expect(marked).not.toContain('DROP_ME');
      expect(marked).toContain('READ_ME');
      expect(marked).toContain('KEPT');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('applies to route and schema modules only', () => {
    for (const path of ['/r/infra/routes/tracking.ts', '/r/shared/tracking/schemas.ts', '/r/shared/tracking/activity-schemas.ts', '/r/shared/tracking/import-model.ts']) {
      expect(isDeclarationModule(path), path).toBe(true);
    }
    for (const path of ['/r/shared/kit/http-handler.ts', '/r/shared/kit/zod-messages.ts', '/r/infra/cdk/bundle.ts', '/r/shared/config-schema.ts', '/r/infra/routes/index.ts', '/r/infra/routes/compose.ts']) {
      expect(isDeclarationModule(path), path).toBe(false);
    }
  });
});
