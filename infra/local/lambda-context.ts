import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

const noop = () => undefined;

/**
 * A function's Lambda contexts: what does not change between invocations (names, ARN, memory,
 * the log stream of this "container") is built once; each call makes one invocation's context
 * with its own request id and a real deadline.
 */
export function lambdaContexts(functionName: string, timeoutSeconds: number, memoryMb: number): () => Context {
  const fixed = {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    memoryLimitInMB: String(memoryMb),
    logGroupName: `/aws/lambda/${functionName}`,
    // One stream per function, as one warm Lambda container writes one stream.
    logStreamName: `local/[$LATEST]${randomUUID().replaceAll('-', '')}`,
    done: noop,
    fail: noop,
    succeed: noop,
  };
  const timeoutMs = timeoutSeconds * 1000;
  return () => {
    const deadline = Date.now() + timeoutMs;
    return { ...fixed, awsRequestId: randomUUID(), getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()) };
  };
}

interface Deadline {
  at: number;
  seconds: number;
  expire: (error: Error) => void;
}

/** Invocations in flight with their deadlines, checked by one sweep instead of a timer each. */
const deadlines = new Set<Deadline>();
const SWEEP_MS = 100;
let sweeper: NodeJS.Timeout | undefined;

function sweep() {
  const now = Date.now();
  for (const deadline of deadlines) {
    if (deadline.at > now) continue;
    deadlines.delete(deadline);
    deadline.expire(new LambdaTimeoutError(`Task timed out after ${deadline.seconds}.00 seconds`));
  }
  if (deadlines.size === 0) {
    clearInterval(sweeper);
    sweeper = undefined;
  }
}

/**
 * Runs `invoke`, failing with a timeout error when it outlives the function's timeout (within
 * SWEEP_MS of it). One interval checks every invocation in flight: a timer set and cleared per
 * request cost the gateway more than the not-found function itself.
 */
export function withTimeout<T>(timeoutSeconds: number, invoke: () => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const deadline: Deadline = { at: Date.now() + timeoutSeconds * 1000, seconds: timeoutSeconds, expire: reject };
    deadlines.add(deadline);
    sweeper ??= setInterval(sweep, SWEEP_MS);
    invoke().then(
      (value) => {
        deadlines.delete(deadline);
        resolve(value);
      },
      (error: Error) => {
        deadlines.delete(deadline);
        reject(error);
      },
    );
  });
}

export class LambdaTimeoutError extends Error {
  override name = 'LambdaTimeoutError';
}
