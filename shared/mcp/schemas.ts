import * as z from 'zod/mini';
import { trimmedText } from '../kit/schemas.ts';
import { DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS, TOKEN_SCOPES } from './scopes.ts';

export const CreateTokenBody = z.object({
  name: trimmedText(100, 1),
  scopes: z.array(z.enum(TOKEN_SCOPES)).check(z.minLength(1), z.maxLength(TOKEN_SCOPES.length)),
  expiresInDays: z._default(z.number().check(z.int(), z.gte(1), z.lte(MAX_TOKEN_DAYS)), DEFAULT_TOKEN_DAYS),
});
export type CreateTokenBody = z.infer<typeof CreateTokenBody>;

export const TokenParams = z.object({ id: z.string().check(z.regex(/^[A-Za-z0-9]{12}$/, 'must be a token id')) });

export const CallsQuery = z.object({
  limit: z.pipe(z._default(z.coerce.number().check(z.int(), z.gte(1)), 50), z.transform((n: number) => Math.min(n, 200))),
});
