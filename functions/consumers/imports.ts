import { z } from 'zod';
import { queueConsumer } from '../../shared/kit/queue-consumer.ts';
import { importing } from '../../shared/tracking/dynamo-deps.ts';
import { processImport } from '../../shared/tracking/imports.ts';

const ImportRequested = z.object({ userId: z.string().min(1), importId: z.string().min(1) });

export const handler = queueConsumer(async (event) => {
  const { userId, importId } = ImportRequested.parse(event.detail);
  await processImport(importing, userId, importId);
});
