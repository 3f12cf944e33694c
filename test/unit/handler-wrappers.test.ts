import { beforeAll, describe, expect, it } from 'vitest';
import { functionTestEnv } from '../support/function-env.ts';
import { contracts, route } from '../../shared/contract/routes.ts';
import type * as HttpKit from '../../shared/kit/http-handler.ts';
import type * as IdempotentKit from '../../shared/kit/idempotent-http-handler.ts';

/** Routes as an area declares them: an authenticated POST is idempotent unless it opts out. */
const things = contracts([
  route('make-thing', { method: 'POST', path: '/v1/things', auth: 'user' }),
  route('make-plain-thing', { method: 'POST', path: '/v1/plain-things', auth: 'user', idempotent: false }),
  route('read-thing', { method: 'GET', path: '/v1/things', auth: 'user' }),
  route('put-thing', { method: 'PUT', path: '/v1/things/x', auth: 'admin', idempotent: true }),
]);

let kit: typeof HttpKit;
let idempotentKit: typeof IdempotentKit;

beforeAll(async () => {
  // The configuration a function gets (parsed when the kit loads); nothing here calls AWS.
  Object.assign(process.env, functionTestEnv('test', { POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true' }));
  kit = await import('../../shared/kit/http-handler.ts');
  idempotentKit = await import('../../shared/kit/idempotent-http-handler.ts');
});

describe('handler wrappers follow the contract', () => {
  it('types `idempotent` as a literal from the route’s declaration and defaults', () => {
    const literal: [true, false, false, true] = [
      things['make-thing'].idempotent,
      things['make-plain-thing'].idempotent,
      things['read-thing'].idempotent,
      things['put-thing'].idempotent,
    ];
    expect(literal).toEqual([true, false, false, true]);
  });

  it('gives an idempotent route idempotentHttpHandler and any other route httpHandler, at compile time and at load', () => {
    const fn = async () => kit.ok({});
    expect(kit.httpHandler(things['read-thing'], fn)).toBeTypeOf('function');
    expect(kit.httpHandler(things['make-plain-thing'], fn)).toBeTypeOf('function');
    expect(idempotentKit.idempotentHttpHandler(things['make-thing'], fn)).toBeTypeOf('function');
    expect(idempotentKit.idempotentHttpHandler(things['put-thing'], fn)).toBeTypeOf('function');
    // @ts-expect-error an idempotent route does not type-check with httpHandler
    expect(() => kit.httpHandler(things['make-thing'], fn)).toThrow(/make-thing: an idempotent route takes idempotentHttpHandler/);
    // @ts-expect-error nor a route that is not idempotent with idempotentHttpHandler
    expect(() => idempotentKit.idempotentHttpHandler(things['read-thing'], fn)).toThrow(/read-thing: not an idempotent route/);
  });
});
