import * as z from 'zod/mini';
import { MCP_TOOLS } from '../shared/mcp/tools.ts';

/**
 * shared/mcp/tool-schemas.json: each MCP tool's input as JSON Schema (draft-07, input side:
 * defaulted fields optional), generated from the tools' zod/mini schemas by `npm run docs` and
 * drift-tested. `tools/list` serves the file, so the MCP function's bundle carries no zod
 * JSON Schema converter (~22 KB minified; see docs/decisions.md).
 */
export function renderMcpToolSchemas(): string {
  const schemas = Object.fromEntries(
    MCP_TOOLS.map((t) => {
      const { $schema: _schema, ...inputSchema } = z.toJSONSchema(t.input, { target: 'draft-7', io: 'input' }) as Record<string, unknown>;
      return [t.name, { ...inputSchema, $schema: 'http://json-schema.org/draft-07/schema#' }];
    }),
  );
  return `${JSON.stringify(schemas, null, 2)}\n`;
}
