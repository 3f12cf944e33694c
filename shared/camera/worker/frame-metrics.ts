import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';

/** The worker's one alarmed metric: watched cameras without a frame for CAMERA_LIMITS.staleFrameSeconds (watch-demand.ts). */
export const CAMERA_METRICS = { namespace: 'Mosaic/Camera', stale: 'CamerasWithoutFrames' } as const;

export type PublishStale = (count: number) => Promise<void>;

/** CloudWatch in the cloud: each camera's task publishes its own (0 or 1); no task, no data, no alarm. */
export function cloudWatchStale(region: string, stage: string): PublishStale {
  const client = new CloudWatchClient({ region });
  return async (count) => {
    await client.send(
      new PutMetricDataCommand({
        Namespace: CAMERA_METRICS.namespace,
        MetricData: [{ MetricName: CAMERA_METRICS.stale, Dimensions: [{ Name: 'Stage', Value: stage }], Value: count, Unit: 'Count' }],
      }),
    );
  };
}
