/**
 * `npm run docs`: regenerates docs/openapi.json and docs/events.md from the route table and the event
 * catalog, web/src/api/routes.gen.ts (each route's name, method and path, for the web app) from the
 * route table, shared/mcp/tool-schemas.json from the MCP tools' input schemas and
 * shared/auth/common-passwords.json (the password-strength check's packed list).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderCommonPasswords } from '../infra/common-passwords.ts';
import { renderEventsDoc } from '../infra/events-doc.ts';
import { renderMcpToolSchemas } from '../infra/mcp-tool-schemas.ts';
import { renderOpenApi } from '../infra/openapi.ts';
import { renderWebRoutes } from '../infra/web-routes.ts';

for (const [file, render] of [
  ['../docs/openapi.json', renderOpenApi],
  ['../docs/events.md', renderEventsDoc],
  ['../web/src/api/routes.gen.ts', renderWebRoutes],
  ['../shared/mcp/tool-schemas.json', renderMcpToolSchemas],
  ['../shared/auth/common-passwords.json', renderCommonPasswords],
] as const) {
  const target = fileURLToPath(new URL(file, import.meta.url));
  writeFileSync(target, render());
  console.log(`wrote ${target}`);
}
