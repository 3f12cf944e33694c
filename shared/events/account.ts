import { BaseDetail, type EventSpecs } from './event-spec.ts';

/** The account area's events. */
export const accountEvents = {
  'user.deleted': {
    area: 'account',
    description: 'An account was deleted; every item of its partition is to be purged.',
    detail: BaseDetail,
  },
} satisfies EventSpecs;
