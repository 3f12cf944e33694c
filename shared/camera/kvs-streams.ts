import {
  CreateStreamCommand,
  DeleteStreamCommand,
  DescribeStreamCommand,
  KinesisVideoClient,
  ResourceNotFoundException,
} from '@aws-sdk/client-kinesis-video';
import { config } from '../config.ts';
import { VIDEO_RETENTION_HOURS, videoStreamName, type VideoStreams } from './video-streams.ts';

/** Kinesis Video streams of the stage (functions that declare `videoStreams: 'manage'`). */
export function kvsStreams(client = new KinesisVideoClient({ region: config.AWS_REGION })): VideoStreams {
  return {
    async create(cameraId) {
      const name = videoStreamName(config.STAGE, cameraId);
      await client.send(
        new CreateStreamCommand({ StreamName: name, DataRetentionInHours: VIDEO_RETENTION_HOURS, MediaType: 'video/h264', Tags: { app: 'mosaic', cameraId } }),
      );
      return name;
    },
    async remove(streamName) {
      try {
        const { StreamInfo } = await client.send(new DescribeStreamCommand({ StreamName: streamName }));
        await client.send(new DeleteStreamCommand({ StreamARN: StreamInfo!.StreamARN! }));
      } catch (error) {
        if (!(error instanceof ResourceNotFoundException)) throw error;
      }
    },
  };
}
