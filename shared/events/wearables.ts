import * as z from 'zod/mini';
import { BaseDetail, type EventSpecs } from './event-spec.ts';

/** The wearables area's events. */
export const wearableEvents = {
  'wearable.ingested': {
    area: 'wearables',
    description: 'A batch of wearable records stored new or corrected records; the UTC days they touch are to be recomputed.',
    detail: z.extend(BaseDetail, {
      batchId: z.string().check(z.minLength(1)),
      source: z.string(),
      metrics: z.array(z.string()),
      days: z.array(z.iso.date()),
    }),
    client: true,
  },
} satisfies EventSpecs;
