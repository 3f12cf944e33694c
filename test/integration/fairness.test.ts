import { describe, expect, inject, it } from 'vitest';
import { as, call, newUser, randomLoopback, type ApiResponse } from '../support/http-client.ts';

const base = inject('mosaic').url;
const BURST = 300;

/** A refusal from the gateway's per-caller bound: 429, `Retry-After`, the project's error shape. */
function expectQueueRefusal(res: ApiResponse) {
  expect(res.status).toBe(429);
  expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  expect(res.body).toEqual({
    error: {
      code: 'too_many_requests',
      message: expect.any(String),
      details: { retryAfterSeconds: Number(res.headers['retry-after']) },
      requestId: expect.any(String),
    },
  });
}

describe('one caller’s burst does not turn other callers’ requests into errors', () => {
  it(`queues per user: ${BURST} parallel reads from A get only 2xx or 429, while every request of B succeeds`, async () => {
    const [a, b] = await Promise.all([newUser(base), newUser(base)]);
    const clientA = as(base, a);
    const clientB = as(base, b);
    expect((await clientA.post('/v1/activities', { name: 'Rowing', unit: 'min', goal: 30 })).status).toBe(201);

    const burst = Promise.all(Array.from({ length: BURST }, () => clientA.get('/v1/activities?limit=1')));
    const ofB = (async () => {
      const answers: ApiResponse[] = [];
      answers.push(await clientB.post('/v1/activities', { name: 'Reading', unit: 'pages', goal: 20 }));
      for (let i = 0; i < 4; i++) answers.push(await clientB.get('/v1/activities?limit=5'));
      answers.push(await clientB.get('/v1/today'));
      return answers;
    })();
    const [answersOfA, answersOfB] = await Promise.all([burst, ofB]);

    expect(answersOfB.map((r) => r.status)).toEqual([201, 200, 200, 200, 200, 200]);
    expect(answersOfB.slice(1, 5).every((r) => r.body.items.length === 1)).toBe(true);

    const served = answersOfA.filter((r) => r.status === 200);
    const refused = answersOfA.filter((r) => r.status !== 200);
    expect(served.length + refused.length).toBe(BURST);
    for (const r of served) expect(r.body.items).toHaveLength(1);
    for (const r of refused) expectQueueRefusal(r);
    // The lane holds far fewer than the burst, so part of it is refused, and part is served.
    expect(refused.length).toBeGreaterThan(0);
    expect(served.length).toBeGreaterThan(0);
  });

  it('queues anonymous calls per client address', async () => {
    const noisy = randomLoopback();
    const quiet = randomLoopback();
    const burst = Promise.all(Array.from({ length: BURST }, () => call(base, 'GET', '/v1/no-such-thing', { from: noisy })));
    const ofQuiet = (async () => {
      const answers: ApiResponse[] = [];
      for (let i = 0; i < 5; i++) answers.push(await call(base, 'GET', '/v1/no-such-thing', { from: quiet }));
      return answers;
    })();
    const [answersOfNoisy, answersOfQuiet] = await Promise.all([burst, ofQuiet]);

    expect(answersOfQuiet.map((r) => r.status)).toEqual([404, 404, 404, 404, 404]);
    for (const r of answersOfNoisy) {
      if (r.status === 404) expect(r.body.error.code).toBe('not_found');
      else expectQueueRefusal(r);
    }
  });
});
