/**
 * The limits the forms show (max lengths, caps), read at build time from the shared zod schemas
 * that enforce them. `web/vite.config.ts` runs this in Node and hands the numbers to the app as
 * `__MOSAIC_LIMITS__` (see ./limits.ts): each limit is declared once, in `shared/`, and nothing of
 * zod reaches the browser.
 */
import type * as z from 'zod/mini';
import { UpdateMeBody } from '../../../shared/auth/schemas.ts';
import { MAX_PAGE_SIZE } from '../../../shared/kit/schemas.ts';
import { MAX_INLINE_IMPORT_BYTES } from '../../../shared/tracking/import-model.ts';
import { CreateActivityBody, CreateGoalBody, MAX_LINKS_PER_GOAL, PutEntryBody, WEEKDAYS } from '../../../shared/tracking/schemas.ts';
import { MAX_IMPORT_BYTES } from '../../../shared/tracking/transfer/limits.ts';

/** What a schema's definition may hold: its checks, or the schema it wraps. */
interface Def {
  checks?: z.core.$ZodCheck[];
  innerType?: z.core.$ZodType;
  in?: z.core.$ZodType;
}

/**
 * The `maxLength(n)` check of a string schema (the shared schemas are zod/mini: no methods to
 * ask), through `optional`, `nullable`, `_default` (their `innerType`) and `pipe` (its `in`).
 */
function maxLength(schema: z.core.$ZodType): number {
  let s: z.core.$ZodType | undefined = schema;
  for (let depth = 0; s && depth < 8; depth++) {
    const def = s._zod.def as Def;
    const check = def.checks?.map((c) => c._zod.def).find((c) => c.check === 'max_length');
    if (check) return (check as z.core.$ZodCheckMaxLengthDef).maximum;
    s = def.innerType ?? def.in;
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
