import { GetHLSStreamingSessionURLCommand, KinesisVideoArchivedMediaClient } from '@aws-sdk/client-kinesis-video-archived-media';
import { GetDataEndpointCommand, KinesisVideoClient } from '@aws-sdk/client-kinesis-video';
import type { HlsUrlOf } from './camera-input.ts';

/**
 * The live HLS URL of a camera's Kinesis Video stream (GetDataEndpoint, then
 * GetHLSStreamingSessionURL in LIVE mode), valid 12 h: ffmpeg reads it like any HLS playlist.
 */
export function kvsHlsUrl(region: string): HlsUrlOf {
  const control = new KinesisVideoClient({ region });
  return async (streamName) => {
    const { DataEndpoint } = await control.send(new GetDataEndpointCommand({ StreamName: streamName, APIName: 'GET_HLS_STREAMING_SESSION_URL' }));
    const media = new KinesisVideoArchivedMediaClient({ region, endpoint: DataEndpoint });
    const out = await media.send(
      new GetHLSStreamingSessionURLCommand({ StreamName: streamName, PlaybackMode: 'LIVE', Expires: 43_200, ContainerFormat: 'FRAGMENTED_MP4' }),
    );
    if (!out.HLSStreamingSessionURL) throw new Error('Kinesis Video gave no HLS URL');
    return out.HLSStreamingSessionURL;
  };
}
