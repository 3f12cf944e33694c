import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const WEB_SRC = fileURLToPath(new URL('..', import.meta.url));
const GENERATED = 'api/routes.gen.ts';

/** Every .ts/.tsx file under web/src but tests (they may spell the paths they expect), relative to web/src. */
function sources(dir = WEB_SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [relative(WEB_SRC, join(dir, e.name))] : [],
  );
}

// An API path in a literal: '/v1/…', `…/v1/…`, a regular expression's \/v1\/, or JSX text.
const API_PATH = /\/v1(\/|\\\/|\b)|\\\/v1\b/;

/** The string-like pieces of a source (literals, template parts, regular expressions, JSX text) that hold an API path; comments are not read. */
function restatedPaths(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node) || ts.isRegularExpressionLiteral(node) || ts.isJsxText(node)) {
      const raw = node.getText(source);
      if (API_PATH.test(raw)) found.push(`${file}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}: ${raw.trim()}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('the web app restates no route', () => {
  it('holds no API path outside the generated route module (name the route in ROUTES instead)', () => {
    const files = sources().filter((f) => f !== GENERATED);
    expect(files.length).toBeGreaterThan(50);
    expect(files.flatMap((f) => restatedPaths(f, readFileSync(join(WEB_SRC, f), 'utf8')))).toEqual([]);
  });

  it('finds a path in each kind of literal it checks, and none in comments', () => {
    const sample = [
      "const a = '/v1/things';",
      'const b = `${base}/v1/things/${id}`;',
      'const c = /\\/v1\\/things\\/(\\d+)/;',
      '// GET /v1/things in a comment is documentation',
      '/** POST /v1/things too */',
    ].join('\n');
    expect(restatedPaths('sample.ts', sample).map((s) => s.split(':')[1])).toEqual(['1', '2', '3']);
    expect(restatedPaths('sample.tsx', 'const d = <p>Send to <code>/v1/things</code></p>;')).toHaveLength(1);
  });
});
