import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { eventCatalog } from '../shared/events/catalog.ts';
import { renderEventsDoc } from './events-doc.ts';
import { ROUTE_TABLE } from './routes/index.ts';

describe('docs/events.md', () => {
  it('is what the event catalog and the route table generate (run `npm run docs` after changing them)', () => {
    const committed = readFileSync(new URL('../docs/events.md', import.meta.url), 'utf8');
    expect(committed).toBe(renderEventsDoc());
  });

  it('lists every event of the catalog, and every event some function publishes or consumes', () => {
    const doc = renderEventsDoc();
    for (const type of Object.keys(eventCatalog)) expect(doc).toContain(`## \`${type}\``);
    const declared = [
      ...ROUTE_TABLE.routes.flatMap((r) => r.resources.publishes ?? []),
      ...Object.values(ROUTE_TABLE.consumers).flatMap((c) => [...(c.eventTypes ?? []), ...(c.resources.publishes ?? [])]),
    ];
    for (const type of declared) expect(Object.keys(eventCatalog)).toContain(type);
  });
});
