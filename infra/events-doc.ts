/**
 * docs/events.md, generated from the event catalog (shared/events) and the route table: every
 * domain event with its detail fields, who publishes it and who consumes it. `npm run docs`
 * writes it; a test fails when the committed file differs from what this renders.
 */
import * as z from 'zod';
import { eventCatalog } from '../shared/events/catalog.ts';
import type { EventSpec } from '../shared/events/event-spec.ts';
import { ROUTE_TABLE } from './routes/index.ts';
import { isPerUser, type ResourceAccess } from './routes/types.ts';

type Json = Record<string, unknown>;

/** Who declares `publishes` of each event type: routes, consumers and scheduled functions. */
function producers(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (who: string, resources: ResourceAccess) => {
    for (const type of resources.publishes ?? []) out.set(type, [...(out.get(type) ?? []), who]);
  };
  for (const route of ROUTE_TABLE.routes) add(`\`${route.method} ${route.path}\` (${route.name})`, route.resources);
  for (const [name, consumer] of Object.entries(ROUTE_TABLE.consumers)) add(`consumer \`${name}\``, consumer.resources);
  for (const [name, schedule] of Object.entries(ROUTE_TABLE.schedules))
    if (!isPerUser(schedule)) add(`schedule \`${name}\``, schedule.resources);
  return out;
}

function consumersOf(type: string): string[] {
  return Object.entries(ROUTE_TABLE.consumers)
    .filter(([, c]) => c.eventTypes?.includes(type as never))
    .map(([name]) => `\`${name}\``);
}

/** A JSON Schema property's type in a few words. */
function typeOf(schema: Json): string {
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => `\`${JSON.stringify(v)}\``).join(' \\| ');
  if (Array.isArray(schema.anyOf)) return (schema.anyOf as Json[]).map(typeOf).join(' \\| ');
  if (schema.type === 'object') return 'object';
  const type = typeof schema.type === 'string' ? schema.type : Array.isArray(schema.type) ? schema.type.join(' \\| ') : 'any';
  return typeof schema.format === 'string' ? `${type} (${schema.format})` : type;
}

function fields(spec: EventSpec): string[] {
  const schema = z.toJSONSchema(spec.detail, { io: 'input', unrepresentable: 'any' }) as Json;
  const properties = (schema.properties ?? {}) as Record<string, Json>;
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries(properties).map(
    ([name, property]) => `| \`${name}\` | ${typeOf(property)} | ${required.has(name) ? 'yes' : 'no'} |`,
  );
}

export function renderEventsDoc(): string {
  const published = producers();
  const lines = [
    '# Domain events',
    '',
    'Generated from the event catalog (`shared/events/`) and the route table by `npm run docs`; a test',
    'fails when this file and the code disagree. Every event goes to the stage\'s EventBridge bus with',
    '`source: mosaic` and the type as `detail-type`; each consumer gets the types its rule names',
    'through its own SQS queue (with a dead-letter queue) and parses the detail with the schema below.',
    'Publishing is typed by the same schemas, and a function may put only the types it declares',
    '(`publishes`, enforced by an IAM condition on `events:detail-type`).',
    '',
    '| Event | Area | Published by | Consumed by | Sent to the user\'s clients |',
    '|---|---|---|---|---|',
  ];
  const entries = Object.entries(eventCatalog) as Array<[string, EventSpec]>;
  for (const [type, spec] of entries) {
    const from = published.get(type) ?? [];
    const to = consumersOf(type);
    lines.push(`| [\`${type}\`](#${type.replace(/\./g, '')}) | ${spec.area} | ${from.length} | ${to.join(', ') || '—'} | ${spec.client ? 'yes' : 'no'} |`);
  }
  for (const [type, spec] of entries) {
    lines.push('', `## \`${type}\``, '', spec.description, '');
    const from = published.get(type) ?? [];
    lines.push(`Published by: ${from.join(', ') || 'nothing yet'}.`, '');
    lines.push(`Consumed by: ${consumersOf(type).join(', ') || 'no consumer yet'}.`, '');
    lines.push('| Detail field | Type | Required |', '|---|---|---|', ...fields(spec));
  }
  return `${lines.join('\n')}\n`;
}
