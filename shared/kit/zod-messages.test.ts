import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import './zod-messages.ts';

const messages = (schema: z.ZodType, value: unknown) =>
  schema.safeParse(value).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);

describe('validation messages', () => {
  it('words common violations plainly', () => {
    const Body = z.object({
      name: z.string().trim().min(1).max(5),
      goal: z.number().min(0),
      weight: z.number().gt(0),
      kind: z.enum(['a', 'b']),
      tags: z.array(z.string()).max(1),
    });
    expect(messages(Body, { name: '  ', goal: -1, weight: 0, kind: 'c', tags: ['x', 'y'] })).toEqual([
      'name: is required',
      'goal: must be at least 0',
      'weight: must be greater than 0',
      'kind: must be one of: "a", "b"',
      'tags: must have at most 1 item',
    ]);
    expect(messages(Body, { name: 'toolong', goal: 'x', weight: 1, kind: 'a', tags: [] })).toEqual([
      'name: must be at most 5 characters',
      'goal: must be a number',
    ]);
    expect(messages(Body, {})?.[0]).toBe('name: is required');
  });

  it('keeps the messages a schema gives itself', () => {
    expect(messages(z.string().min(3, 'needs three'), 'a')).toEqual([': needs three']);
  });
});
