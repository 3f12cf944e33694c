/** What `GET /v1/health` answers (see shared/kit/responses.ts). */
import * as z from 'zod';
import { count, timestamp } from '../kit/responses.ts';

const CheckResult = z.strictObject({
  ok: z.boolean(),
  ms: count('How long the check took, in milliseconds'),
  error: z.enum(['no answer in time', 'failed']).optional().describe('How it failed (details go to the logs); absent when ok'),
});

/** HealthReport (health.ts), with the checks of dependency-checks.ts. */
export const HealthReport = z
  .strictObject({
    status: z.enum(['ok', 'unavailable']).describe('ok (with 200) only when every check answered; unavailable comes with 503'),
    checks: z.strictObject({
      table: CheckResult.describe('The DynamoDB table'),
      storage: CheckResult.describe('The imports bucket'),
      userPool: CheckResult.describe('The user pool\u2019s JWKS document'),
    }),
    checkedAt: timestamp(),
  })
  .meta({ id: 'HealthReport', description: 'Whether the table, storage and user pool answer' });
