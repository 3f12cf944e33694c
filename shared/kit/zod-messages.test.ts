import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import './zod-messages.ts';

const messages = (schema: z.core.$ZodType, value: unknown) =>
  z.safeParse(schema, value).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);

describe('validation messages', () => {
  it('words common violations plainly', () => {
    const Body = z.object({
      name: z.string().check(z.trim(), z.minLength(1), z.maxLength(5)),
      goal: z.number().check(z.gte(0)),
      weight: z.number().check(z.gt(0)),
      kind: z.enum(['a', 'b']),
      tags: z.array(z.string()).check(z.maxLength(1)),
      count: z.optional(z.number().check(z.int())),
    });
    expect(messages(Body, { name: '  ', goal: -1, weight: 0, kind: 'c', tags: ['x', 'y'], count: 1.5 })).toEqual([
      'name: is required',
      'goal: must be at least 0',
      'weight: must be greater than 0',
      'kind: must be one of: "a", "b"',
      'tags: must have at most 1 item',
      'count: must be a whole number',
    ]);
    expect(messages(Body, { name: 'toolong', goal: 'x', weight: 1, kind: 'a', tags: [] })).toEqual([
      'name: must be at most 5 characters',
      'goal: must be a number',
    ]);
    expect(messages(Body, {})?.[0]).toBe('name: is required');
  });

  it('keeps the messages a schema gives itself', () => {
    expect(messages(z.string().check(z.minLength(3, 'needs three')), 'a')).toEqual([': needs three']);
  });

  it('falls back to English for what it does not word, as classic zod does (zod/mini has no locale of its own)', () => {
    expect(messages(z.strictObject({}), { extra: 1 })).toEqual([': Unrecognized key: "extra"']);
  });
});
