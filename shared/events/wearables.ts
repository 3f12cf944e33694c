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
  'health-import.requested': {
    area: 'wearables',
    description: 'An uploaded Apple Health export is ready to be imported, or a stalled one is to be resumed from its checkpoint.',
    detail: z.extend(BaseDetail, {
      importId: z.string().check(z.minLength(1)),
      /** Set by the sweeper: the token that lets this message take over a stalled run. */
      resume: z.optional(z.string().check(z.minLength(1))),
    }),
  },
} satisfies EventSpecs;
