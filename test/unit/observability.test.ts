import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { describeInvocation, invocation, logger, withInvocation } from '../../shared/kit/observability.ts';

const context = (name: string, requestId: string) =>
  ({ functionName: name, awsRequestId: requestId, invokedFunctionArn: `arn:aws:lambda:us-east-1:0:function:${name}`, memoryLimitInMB: '128', functionVersion: '$LATEST' }) as Context;

/** The JSON log lines written while `run` runs. */
async function linesOf(run: () => Promise<unknown>): Promise<Record<string, unknown>[]> {
  const lines: string[] = [];
  const capture = (chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  };
  // Warnings go to stderr.
  const spies = [vi.spyOn(process.stdout, 'write').mockImplementation(capture), vi.spyOn(process.stderr, 'write').mockImplementation(capture)];
  try {
    await run();
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return lines.flatMap((l) => l.split('\n')).filter((l) => l.startsWith('{') && l.includes('"level"')).map((l) => JSON.parse(l) as Record<string, unknown>);
}

afterEach(() => vi.restoreAllMocks());

describe('per-invocation logger and metrics', () => {
  it('gives invocations running at once their own logger, and reuses it for a later one without its keys', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const seen: unknown[] = [];
    const lines = await linesOf(async () => {
      const a = withInvocation(context('mosaic-test-one', 'req-a'), async () => {
        seen.push(invocation().logger);
        describeInvocation({ userId: 'user-a' });
        await gate;
        logger.warn('a.done');
      });
      const b = withInvocation(context('mosaic-test-one', 'req-b'), async () => {
        seen.push(invocation().logger);
        describeInvocation({ userId: 'user-b' });
        logger.warn('b.done');
        release();
      });
      await Promise.all([a, b]);
      await withInvocation(context('mosaic-test-one', 'req-c'), async () => {
        seen.push(invocation().logger);
        logger.warn('c.done');
      });
    });
    expect(seen[0]).not.toBe(seen[1]);
    expect([seen[0], seen[1]]).toContain(seen[2]);
    const by = (message: string) => lines.find((l) => l.message === message)!;
    expect(by('a.done')).toMatchObject({ userId: 'user-a', function_request_id: 'req-a' });
    expect(by('b.done')).toMatchObject({ userId: 'user-b', function_request_id: 'req-b' });
    expect(by('c.done')).toMatchObject({ function_request_id: 'req-c' });
    expect(by('c.done')).not.toHaveProperty('userId');
  });
});
