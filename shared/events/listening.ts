import * as z from 'zod/mini';
import { BaseDetail, type EventSpecs } from './event-spec.ts';

/** The listening area's events. */
export const listeningEvents = {
  'listening.synced': {
    area: 'listening',
    description:
      'A Spotify collector run or an export import finished successfully (a scheduled poll only when it added plays); the listening views are to be read again.',
    detail: z.extend(BaseDetail, {
      /** The job run's id, as `GET /v1/listening/runs` lists it. */
      runId: z.string().check(z.minLength(1)),
      /** Set for an export import. */
      importId: z.optional(z.string().check(z.minLength(1))),
      /** `collector`: a scheduled poll; `initial-sync`: the first, backward sync; `manual`: an admin's trigger; `import`: an export import. */
      kind: z.enum(['collector', 'initial-sync', 'manual', 'import']),
      playsAdded: z.number(),
      finishedAt: z.string(),
    }),
    client: true,
  },
} satisfies EventSpecs;
