import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LambdaTimeoutError, withTimeout } from './lambda-context.ts';

describe('withTimeout', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('answers what the invocation answers, and leaves no timer behind', async () => {
    await expect(withTimeout(3, () => Promise.resolve('done'))).resolves.toBe('done');
    await expect(withTimeout(3, () => Promise.reject(new Error('broken')))).rejects.toThrow('broken');
    vi.advanceTimersByTime(200);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('fails an invocation that outlives its timeout, as Lambda words it, and only that one', async () => {
    let finish: (value: string) => void = () => undefined;
    const slow = withTimeout(1, () => new Promise<string>(() => undefined));
    const quick = withTimeout(3, () => new Promise<string>((resolve) => (finish = resolve)));
    const failed = expect(slow).rejects.toThrow(new LambdaTimeoutError('Task timed out after 1.00 seconds'));
    vi.advanceTimersByTime(900);
    finish('in time');
    await expect(quick).resolves.toBe('in time');
    vi.advanceTimersByTime(200);
    await failed;
    await expect(slow).rejects.toBeInstanceOf(LambdaTimeoutError);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('does not fail an invocation before its deadline', async () => {
    let settled = false;
    const pending = withTimeout(2, () => new Promise<string>(() => undefined)).catch(() => (settled = true));
    vi.advanceTimersByTime(1_900);
    await Promise.resolve();
    expect(settled).toBe(false);
    vi.advanceTimersByTime(200);
    await pending;
    expect(settled).toBe(true);
  });
});
