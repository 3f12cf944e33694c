import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueuesCommand,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterEach, describe, expect, it } from 'vitest';
import { startSqsServer, type SqsServer } from './sqs-server.ts';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const dirs: string[] = [];
const tempFile = () => {
  const dir = mkdtempSync(join(tmpdir(), 'mosaic-sqs-'));
  dirs.push(dir);
  return join(dir, 'queues.db');
};

let running: SqsServer[] = [];
afterEach(async () => {
  for (const s of running) await s.close();
  running = [];
  // The servers are closed: their database files can go.
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function start(file = tempFile(), options: Parameters<typeof startSqsServer>[1] = {}) {
  const server = await startSqsServer(file, options);
  running.push(server);
  // The SDK checks MD5OfMessageBody / MD5OfBody on every send and receive.
  const sqs = new SQSClient({ region: 'us-east-1', endpoint: server.endpoint, credentials });
  return { server, sqs, file };
}

async function queueWithDeadLetters(sqs: SQSClient, name: string, maxReceiveCount: number, visibility = 30) {
  const dlq = (await sqs.send(new CreateQueueCommand({ QueueName: `${name}-dlq` }))).QueueUrl!;
  const dlqArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
  const url = (
    await sqs.send(
      new CreateQueueCommand({
        QueueName: name,
        Attributes: {
          VisibilityTimeout: String(visibility),
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount }),
        },
      }),
    )
  ).QueueUrl!;
  return { url, dlq };
}

const depth = async (sqs: SQSClient, url: string) => {
  const a = (
    await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
    )
  ).Attributes!;
  return { visible: Number(a.ApproximateNumberOfMessages), inFlight: Number(a.ApproximateNumberOfMessagesNotVisible) };
};

describe('the local SQS (JSON protocol over node:sqlite)', () => {
  it('sends, receives and deletes single and batched messages, bodies intact (the SDK checks their MD5s)', async () => {
    const { sqs } = await start();
    const url = (await sqs.send(new CreateQueueCommand({ QueueName: 'q' }))).QueueUrl!;
    expect((await sqs.send(new GetQueueUrlCommand({ QueueName: 'q' }))).QueueUrl).toBe(url);
    const body = JSON.stringify({ text: 'grüße 🎉', n: 1 });
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body }));
    const batch = await sqs.send(
      new SendMessageBatchCommand({ QueueUrl: url, Entries: ['a', 'b', 'c'].map((b, i) => ({ Id: `e${i}`, MessageBody: b })) }),
    );
    expect(batch.Successful!.map((s) => s.Id)).toEqual(['e0', 'e1', 'e2']);
    expect(await depth(sqs, url)).toEqual({ visible: 4, inFlight: 0 });

    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['All'] }));
    expect(got.Messages!.map((m) => m.Body)).toEqual([body, 'a', 'b', 'c']);
    expect(got.Messages![0]!.Attributes).toMatchObject({ ApproximateReceiveCount: '1' });
    expect(await depth(sqs, url)).toEqual({ visible: 0, inFlight: 4 });

    await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: got.Messages![0]!.ReceiptHandle! }));
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: url,
        Entries: got.Messages!.slice(1).map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
      }),
    );
    expect(await depth(sqs, url)).toEqual({ visible: 0, inFlight: 0 });
  });

  it('brings a message back after its visibility timeout, or at once when its visibility is set to 0', async () => {
    const { sqs } = await start();
    const url = (await sqs.send(new CreateQueueCommand({ QueueName: 'q' }))).QueueUrl!;
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x' }));
    const first = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, VisibilityTimeout: 1 }))).Messages!;
    expect(first).toHaveLength(1);
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages ?? []).toEqual([]);
    // A long poll returns as soon as the hidden message is visible again.
    const second = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 5, MessageSystemAttributeNames: ['All'] })))
      .Messages!;
    expect(second[0]!.Attributes!.ApproximateReceiveCount).toBe('2');
    // The first receipt is stale now: deleting with it deletes nothing (as in SQS).
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: first[0]!.ReceiptHandle! }));
    await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: second[0]!.ReceiptHandle!, VisibilityTimeout: 0 }));
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages).toHaveLength(1);
  });

  it('answers every queue’s depths in one snapshot, the same figures as each queue’s attributes', async () => {
    const { server, sqs } = await start();
    const a = (await sqs.send(new CreateQueueCommand({ QueueName: 'pages' }))).QueueUrl!;
    const b = (await sqs.send(new CreateQueueCommand({ QueueName: 'jobs' }))).QueueUrl!;
    await sqs.send(new CreateQueueCommand({ QueueName: 'idle' }));
    await sqs.send(new SendMessageCommand({ QueueUrl: a, MessageBody: 'page' }));
    await sqs.send(new SendMessageCommand({ QueueUrl: b, MessageBody: 'one' }));
    await sqs.send(new SendMessageCommand({ QueueUrl: b, MessageBody: 'two' }));
    await sqs.send(new SendMessageCommand({ QueueUrl: b, MessageBody: 'later', DelaySeconds: 60 }));
    await sqs.send(new ReceiveMessageCommand({ QueueUrl: a, MaxNumberOfMessages: 1 }));
    const depths = (await (await fetch(`${server.endpoint}/_local/depths`)).json()) as Record<string, { visible: number; inFlight: number; delayed: number }>;
    expect(depths).toEqual({ pages: { visible: 0, inFlight: 1, delayed: 0 }, jobs: { visible: 2, inFlight: 0, delayed: 1 }, idle: { visible: 0, inFlight: 0, delayed: 0 } });
    expect(await depth(sqs, a)).toEqual({ visible: depths.pages!.visible, inFlight: depths.pages!.inFlight });
    expect(await depth(sqs, b)).toEqual({ visible: depths.jobs!.visible, inFlight: depths.jobs!.inFlight });
  });

  it('wakes a long poll when a message is sent', async () => {
    const { sqs } = await start();
    const url = (await sqs.send(new CreateQueueCommand({ QueueName: 'q' }))).QueueUrl!;
    const waiting = sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 20 }));
    await new Promise((r) => setTimeout(r, 50));
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'late' }));
    expect((await waiting).Messages!.map((m) => m.Body)).toEqual(['late']);
  });

  it('answers a long poll with a message that becomes visible during it, even when the poll wakes a millisecond early', async () => {
    // The server's clock is real time that the test can hold still, and which reads one
    // millisecond early once, at the instant the message becomes visible again: Node's timers can
    // fire that early. Reading the clock twice in one step of the poll (a receive at the early
    // instant, then the next visibility at the right one) slept out the whole poll (CI run 30).
    let held: number | undefined;
    let offset = 0;
    let earlyAt: number | undefined;
    const clock = () => {
      const now = held ?? Date.now() + offset;
      if (earlyAt === undefined || now < earlyAt) return now;
      const early = earlyAt - 1;
      earlyAt = undefined;
      return early;
    };
    const { sqs } = await start(tempFile(), { clock });
    const url = (await sqs.send(new CreateQueueCommand({ QueueName: 'q' }))).QueueUrl!;
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'back' }));
    held = Date.now();
    const first = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, VisibilityTimeout: 1, WaitTimeSeconds: 0 }));
    expect(first.Messages!.map((m) => m.Body)).toEqual(['back']);
    earlyAt = held + 1000;
    // Time runs on from the instant it was held at.
    offset = held - Date.now();
    held = undefined;
    const started = Date.now();
    const again = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 20 }));
    expect(again.Messages!.map((m) => m.Body)).toEqual(['back']);
    expect(earlyAt).toBeUndefined();
    // About a second after it was hidden, not at the poll's end 20 s later.
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 30_000);

  it('moves a message to the dead-letter queue once it was received maxReceiveCount times', async () => {
    const { sqs } = await start();
    const { url, dlq } = await queueWithDeadLetters(sqs, 'work', 3);
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'poison' }));
    for (let i = 1; i <= 3; i++) {
      const [m] = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MessageSystemAttributeNames: ['All'] }))).Messages!;
      expect(m!.Attributes!.ApproximateReceiveCount).toBe(String(i));
      await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: m!.ReceiptHandle!, VisibilityTimeout: 0 }));
    }
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages ?? []).toEqual([]);
    expect(await depth(sqs, url)).toEqual({ visible: 0, inFlight: 0 });
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlq }))).Messages!.map((m) => m.Body)).toEqual(['poison']);
  });

  it('purges, lists, and answers the SDK’s own error for an unknown queue', async () => {
    const { sqs } = await start();
    const url = (await sqs.send(new CreateQueueCommand({ QueueName: 'mosaic-a' }))).QueueUrl!;
    await sqs.send(new CreateQueueCommand({ QueueName: 'other' }));
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x' }));
    await sqs.send(new PurgeQueueCommand({ QueueUrl: url }));
    expect(await depth(sqs, url)).toEqual({ visible: 0, inFlight: 0 });
    expect((await sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'mosaic-' }))).QueueUrls).toEqual([url]);
    await expect(sqs.send(new GetQueueUrlCommand({ QueueName: 'nope' }))).rejects.toMatchObject({ name: 'QueueDoesNotExist' });
  });

  it('keeps queued and in-flight messages when its process is killed (kill -9), in-flight ones back after their timeout', async () => {
    const file = tempFile();
    // A child process runs the server, takes messages, and is killed with SIGKILL.
    const child = fork(fileURLToPath(new URL('./sqs-server.fixture.ts', import.meta.url)), [file], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    const endpoint = await new Promise<string>((resolve, reject) => {
      child.once('message', (m: { endpoint: string }) => resolve(m.endpoint));
      child.once('exit', (code) => reject(new Error(`the fixture exited with ${code}`)));
    });
    const remote = new SQSClient({ region: 'us-east-1', endpoint, credentials });
    const url = (await remote.send(new CreateQueueCommand({ QueueName: 'q', Attributes: { VisibilityTimeout: '2' } }))).QueueUrl!;
    await remote.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: ['in flight', 'queued'].map((b, i) => ({ Id: String(i), MessageBody: b })) }));
    const taken = await remote.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 1 }));
    expect(taken.Messages!.map((m) => m.Body)).toEqual(['in flight']);
    const killed = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await killed;
    remote.destroy();

    const { sqs } = await start(file);
    const again = (await sqs.send(new GetQueueUrlCommand({ QueueName: 'q' }))).QueueUrl!;
    expect(await depth(sqs, again)).toEqual({ visible: 1, inFlight: 1 });
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl: again }))).Messages!.map((m) => m.Body)).toEqual(['queued']);
    const back = await sqs.send(new ReceiveMessageCommand({ QueueUrl: again, WaitTimeSeconds: 5 }));
    expect(back.Messages!.map((m) => m.Body)).toEqual(['in flight']);
  });
});
