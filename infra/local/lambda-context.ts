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

/** Runs `invoke`, failing with a timeout error when it outlives the function's timeout. */
export async function withTimeout<T>(timeoutSeconds: number, invoke: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      invoke(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new LambdaTimeoutError(`Task timed out after ${timeoutSeconds}.00 seconds`)),
          timeoutSeconds * 1000,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export class LambdaTimeoutError extends Error {
  override name = 'LambdaTimeoutError';
}
