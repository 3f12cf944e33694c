/**
 * Building blocks of the response schemas: what the API sends back, described with zod so the
 * OpenAPI document (infra/openapi.ts) and the integration test (test/integration/
 * response-schemas.test.ts) read the same description. Objects are strict: a field the code
 * sends but the schema does not name fails that test.
 *
 * A schema with `.meta({ id })` becomes a named component of the OpenAPI document.
 */
import * as z from 'zod';

const described = <T extends z.ZodType>(schema: T, description?: string): T =>
  description === undefined ? schema : schema.describe(description);

/**
 * A calendar date, `YYYY-MM-DD`; the description says whose calendar (usually the user's time
 * zone). For a nullable one, describe the nullable: `day().nullable().describe(…)`.
 */
export function day(description?: string) {
  return described(z.iso.date(), description);
}

/** An instant, ISO 8601 in UTC with milliseconds (`2026-03-01T08:15:00.000Z`). */
export function timestamp(description = 'ISO 8601 instant in UTC') {
  return described(z.iso.datetime(), description);
}

/** A whole number from 0 up. */
export function count(description?: string) {
  return described(z.number().int().min(0), description);
}

/** A fraction from 0 to 1 (not a percentage). */
export function fraction(description?: string) {
  return described(z.number().min(0).max(1), description);
}

/** A percentage from 0 to 100. */
export function percentage(description?: string) {
  return described(z.number().min(0).max(100), description);
}

/** A list page's cursor to the next page. */
export const NextCursor = z.string().min(1).optional().describe('Opaque; send it back as `cursor` for the next page. Absent on the last page.');

/** A page of a list: `items`, and the opaque cursor of the next page (absent on the last page). */
export function Page<T extends z.ZodType>(item: T, id: string) {
  return z
    .strictObject({
      items: z.array(item),
      nextCursor: NextCursor,
    })
    .meta({ id, description: 'One page of a list, in the order the route states' });
}

/** The one error shape of every failure (docs/decisions.md). */
export const ErrorResponse = z
  .strictObject({
    error: z.strictObject({
      code: z.string().min(1).meta({ description: 'Stable, machine-readable', examples: ['validation_failed'] }),
      message: z.string().describe('Plain words, fit to show to a person'),
      details: z
        .unknown()
        .optional()
        .describe(
          'Present on some errors: `{ issues: [{ field, message }] }` for validation_failed, `{ limitBytes }` for 413, ' +
            '`{ retryAfterSeconds }` for 429, 503 and 409 request_in_progress, `{ limit }` for 409 limit_reached, `{ allowed }` for 405, the conflicting state for some 409s',
        ),
      requestId: z.string().min(1).describe("API Gateway's request id (also in the `apigw-requestid` header)"),
    }),
  })
  .meta({ id: 'ErrorResponse', description: 'Every error, whatever the status' });
