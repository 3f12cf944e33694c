import { readFileSync } from 'node:fs';
import type { Plugin } from 'esbuild';
import ts from 'typescript';

/**
 * Declaration modules: the area route modules (`infra/routes/<area>.ts`: one constant per route
 * contract, the area's table, its deployments; not `index.ts`, whose composition checks the table) and the schema modules (`shared/**∕schemas.ts`,
 * `*-schemas.ts`, `*-model.ts`). They declare values and do nothing else when loaded, which is
 * what lets a handler's bundle keep only its own route's contract and the schemas it reaches.
 */
const DECLARATION_MODULE = /\/(infra\/routes\/[a-z-]+|shared\/.*(\/|-)(schemas|model))\.ts$/;
/** The route folder's other modules: `index.ts` composes (and checks) the table. */
const ROUTE_MACHINERY = /\/infra\/routes\/(index|compose|types)\.ts$/;

export function isDeclarationModule(path: string): boolean {
  return DECLARATION_MODULE.test(path) && !ROUTE_MACHINERY.test(path) && !path.includes('/node_modules/');
}

/**
 * Marks each top-level `const` whose value is made by a call (`z.object(…)`, `route(…)`,
 * `contracts(…)`) as free of side effects: the call becomes a `/* @__PURE__ *∕` immediately invoked
 * arrow, which esbuild drops when nothing in the bundle reads the constant — and with it the
 * schemas only that constant used. Esbuild cannot know this on its own: a call may do anything,
 * and zod's own `@__NO_SIDE_EFFECTS__` marks are not followed across modules. Constants that are
 * read are evaluated exactly as written, in the same order; the source's lines stay where they
 * were (source maps point at the same lines). An initializer holding `await` or `yield` is left alone.
 */
export function markDeclarationsPure(source: string, fileName: string): string {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const edits: Array<[start: number, end: number]> = [];
  for (const statement of file.statements) {
    if (!ts.isVariableStatement(statement) || !(statement.declarationList.flags & ts.NodeFlags.Const)) continue;
    for (const declaration of statement.declarationList.declarations) {
      const init = declaration.initializer;
      if (!init || !ts.isCallExpression(skipTypeAssertions(init))) continue;
      if (/\b(await|yield)\b/.test(init.getText(file))) continue;
      edits.push([init.getStart(file), init.getEnd()]);
    }
  }
  let out = source;
  for (const [start, end] of edits.reverse()) {
    out = `${out.slice(0, start)}/* @__PURE__ */ (() => (${out.slice(start, end)}))()${out.slice(end)}`;
  }
  return out;
}

function skipTypeAssertions(node: ts.Expression): ts.Expression {
  while (ts.isAsExpression(node) || ts.isSatisfiesExpression(node) || ts.isParenthesizedExpression(node)) node = node.expression;
  return node;
}

/** The esbuild plugin applying `markDeclarationsPure` to declaration modules. */
export const pureDeclarations: Plugin = {
  name: 'pure-declarations',
  setup(build) {
    // esbuild's filters are Go regular expressions (no look-ahead): the exclusions are checked here.
    build.onLoad({ filter: DECLARATION_MODULE }, (args) => {
      if (!isDeclarationModule(args.path)) return undefined;
      return { contents: markDeclarationsPure(readFileSync(args.path, 'utf8'), args.path), loader: 'ts' };
    });
  },
};
