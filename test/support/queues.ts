import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { RuntimeInfo } from './local-process.ts';

/** Sends raw message bodies to a consumer's queue of the local runtime, in one batch; returns their message ids. */
export async function sendToQueue(info: RuntimeInfo, consumer: string, bodies: string[]): Promise<string[]> {
  const sqs = new SQSClient({
    endpoint: info.endpoints.sqs,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    useQueueUrlAsEndpoint: false,
  });
  const out = await sqs.send(
    new SendMessageBatchCommand({
      QueueUrl: info.resources.queues[consumer]!.url,
      Entries: bodies.map((MessageBody, i) => ({ Id: String(i), MessageBody })),
    }),
  );
  return bodies.map((_, i) => out.Successful!.find((s) => s.Id === String(i))!.MessageId!);
}
