import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MCP_TOOLS } from '../shared/mcp/tools.ts';
import { renderMcpToolSchemas } from './mcp-tool-schemas.ts';

describe('shared/mcp/tool-schemas.json', () => {
  it('is what the tools\' zod schemas generate (run `npm run docs` after changing them)', () => {
    const committed = readFileSync(new URL('../shared/mcp/tool-schemas.json', import.meta.url), 'utf8');
    expect(committed).toBe(renderMcpToolSchemas());
  });

  it('holds one schema per tool', () => {
    expect(Object.keys(JSON.parse(renderMcpToolSchemas()) as object).sort()).toEqual(MCP_TOOLS.map((t) => t.name).sort());
  });
});
