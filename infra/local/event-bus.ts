import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { ConsumerDef } from '../routes/types.ts';

/** An event as EventBridge delivers it to a target. */
export interface EventBridgeEvent {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: unknown;
}

interface PutEventsEntry {
  Source?: string;
  DetailType?: string;
  Detail?: string;
  EventBusName?: string;
  Resources?: string[];
  Time?: string | number;
}

/** The rule the CDK app creates per consumer: source `mosaic`, detail-type in its event types. */
export function consumersFor(
  consumers: Record<string, Pick<ConsumerDef, 'eventTypes'>>,
  source: string,
  detailType: string,
): string[] {
  if (source !== 'mosaic') return [];
  return Object.entries(consumers)
    .filter(([, c]) => ((c.eventTypes ?? []) as string[]).includes(detailType))
    .map(([name]) => name);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export interface LocalEventBus {
  endpoint: string;
  stop(): Promise<void>;
}

/**
 * A local EventBridge endpoint speaking the real wire protocol (JSON 1.1, `AWSEvents.PutEvents`),
 * so handlers publish with the real SDK client. Each event goes, in EventBridge's target shape, to
 * the SQS queue of every consumer whose rule matches — as the cloud's rules → SQS targets do.
 */
export async function startEventBus(options: {
  busName: string;
  region: string;
  consumers: Record<string, Pick<ConsumerDef, 'eventTypes'>>;
  queueUrls: Record<string, string>;
  sqs: SQSClient;
}): Promise<LocalEventBus> {
  /** An entry checked and shaped as EventBridge delivers it, or why it is refused. */
  const toEvent = (entry: PutEventsEntry): { event: EventBridgeEvent; consumers: string[] } | { ErrorCode: string; ErrorMessage: string } => {
    if (!entry.Source || !entry.DetailType || entry.Detail === undefined) {
      return { ErrorCode: 'InvalidArgument', ErrorMessage: 'Source, DetailType and Detail are required.' };
    }
    if (entry.EventBusName && entry.EventBusName !== options.busName && !entry.EventBusName.endsWith(`/${options.busName}`)) {
      return { ErrorCode: 'ResourceNotFoundException', ErrorMessage: `Event bus ${entry.EventBusName} does not exist.` };
    }
    let detail: unknown;
    try {
      detail = JSON.parse(entry.Detail);
    } catch {
      return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
    }
    const time = entry.Time === undefined ? new Date() : new Date(typeof entry.Time === 'number' ? entry.Time * 1000 : entry.Time);
    const event: EventBridgeEvent = {
      version: '0',
      id: randomUUID(),
      'detail-type': entry.DetailType,
      source: entry.Source,
      account: '000000000000',
      time: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region: options.region,
      resources: entry.Resources ?? [],
      detail,
    };
    return { event, consumers: consumersFor(options.consumers, entry.Source, entry.DetailType) };
  };

  /** The events of one PutEvents (at most 10) go to each matching consumer's queue in one SendMessageBatch. */
  const deliver = async (entries: PutEventsEntry[]): Promise<Array<{ EventId?: string; ErrorCode?: string; ErrorMessage?: string }>> => {
    const checked = entries.map(toEvent);
    const byConsumer = new Map<string, EventBridgeEvent[]>();
    for (const c of checked) {
      if (!('event' in c)) continue;
      for (const consumer of c.consumers) byConsumer.set(consumer, [...(byConsumer.get(consumer) ?? []), c.event]);
    }
    await Promise.all(
      [...byConsumer].map(async ([consumer, events]) => {
        const out = await options.sqs.send(
          new SendMessageBatchCommand({ QueueUrl: options.queueUrls[consumer], Entries: events.map((e, i) => ({ Id: String(i), MessageBody: JSON.stringify(e) })) }),
        );
        if (out.Failed?.length) throw new Error(`SQS refused ${out.Failed.length} event(s) for ${consumer}`);
      }),
    );
    return checked.map((c) => ('event' in c ? { EventId: c.event.id } : c));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(body));
    };
    try {
      const target = req.headers['x-amz-target'];
      if (req.method !== 'POST' || target !== 'AWSEvents.PutEvents') {
        return reply(400, { __type: 'UnknownOperationException', message: `Unsupported: ${String(target)}` });
      }
      const body = JSON.parse(await readBody(req)) as { Entries?: PutEventsEntry[] };
      const entries = body.Entries ?? [];
      if (entries.length < 1 || entries.length > 10) {
        return reply(400, { __type: 'ValidationException', message: 'Entries must hold 1 to 10 events.' });
      }
      const results = await deliver(entries);
      reply(200, { FailedEntryCount: results.filter((r) => r.ErrorCode).length, Entries: results });
    } catch (error) {
      reply(500, { __type: 'InternalException', message: (error as Error).message });
    }
  };
  const server: Server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
