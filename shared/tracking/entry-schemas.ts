import * as z from 'zod/mini';
import { multilineText, storableNumber } from '../kit/schemas.ts';
import { TEXT_LIMITS } from './limits.ts';

/*
 * An entry's schemas, apart from ./schemas.ts (which re-exports them): the MCP function checks a
 * logged entry with them, and its bundle then carries none of the activity and goal schemas.
 */

/** An amount that is at least 0 and at most `max` (and storable: see storableNumber). */
export const Amount = (max: number) => storableNumber().check(z.gte(0), z.lte(max));

export const EntryStatus = z.enum(['done', 'skipped', 'missed']);
export type EntryStatus = z.infer<typeof EntryStatus>;

export const PutEntryBody = z
  .object({
    value: z.optional(z.nullable(Amount(1_000_000))),
    note: z.optional(multilineText(TEXT_LIMITS.note)),
    status: z.optional(EntryStatus),
  })
  .check(
    z.refine((b) => b.value != null || b.status !== undefined, {
      message: 'give a value, a status, or both',
      path: ['value'],
    }),
  );
export type PutEntryBody = z.infer<typeof PutEntryBody>;
