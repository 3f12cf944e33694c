/**
 * The limits the forms show (max lengths, caps), read at build time from the shared zod schemas
 * that enforce them. `web/vite.config.ts` runs this in Node and hands the numbers to the app as
 * `__MOSAIC_LIMITS__` (see ./limits.ts): each limit is declared once, in `shared/`, and nothing of
 * zod reaches the browser.
 */
import type * as z from 'zod';
import { UpdateMeBody } from '../../../shared/auth/schemas.ts';
import { MAX_PAGE_SIZE } from '../../../shared/kit/schemas.ts';
import { MAX_INLINE_IMPORT_BYTES } from '../../../shared/tracking/import-model.ts';
import { CreateActivityBody, CreateGoalBody, MAX_LINKS_PER_GOAL, PutEntryBody, WEEKDAYS } from '../../../shared/tracking/schemas.ts';
import { MAX_IMPORT_BYTES } from '../../../shared/tracking/transfer/limits.ts';

interface Wrapper {
  maxLength?: number | null;
  unwrap?: () => unknown;
  in?: unknown;
}

/** The `.max(n)` of a string schema, through `.optional()`, `.nullable()` and `.pipe()`. */
function maxLength(schema: z.ZodType): number {
  let s = schema as unknown as Wrapper;
  for (let depth = 0; depth < 8; depth++) {
    if (typeof s.maxLength === 'number') return s.maxLength;
    if (typeof s.unwrap === 'function') s = s.unwrap() as Wrapper;
    else if (s.in) s = s.in as Wrapper;
    else break;
  }
  throw new Error('limits.build.ts: a schema the web reads a max length from has none');
}

export function webLimits() {
  const activity = CreateActivityBody.shape;
  const goal = CreateGoalBody.shape;
  const me = UpdateMeBody.shape;
  return {
    activity: {
      name: maxLength(activity.name),
      description: maxLength(activity.description),
      category: maxLength(activity.category),
      unit: maxLength(activity.unit),
    },
    goal: {
      name: maxLength(goal.name),
      description: maxLength(goal.description),
      unit: maxLength(goal.unit),
      links: MAX_LINKS_PER_GOAL,
    },
    entry: { note: maxLength(PutEntryBody.shape.note) },
    account: { displayName: maxLength(me.displayName) },
    imports: { inlineBytes: MAX_INLINE_IMPORT_BYTES, maxBytes: MAX_IMPORT_BYTES },
    pageSize: MAX_PAGE_SIZE,
    weekdays: [...WEEKDAYS],
  };
}

export type WebLimits = ReturnType<typeof webLimits>;
