import type { CameraCredentials, CameraRecord } from '../model.ts';
import type { FfmpegInput } from './ffmpeg.ts';

/** Where the worker reads cameras from: their RTSP address (locally) or their Kinesis Video stream (cloud). */
export type InputMode = 'rtsp' | 'kvs';

/** A live HLS URL of a Kinesis Video stream (kvs-input.ts). */
export type HlsUrlOf = (streamName: string) => Promise<string>;

/**
 * THE input function: ffmpeg's input arguments for a camera. A demo camera is ffmpeg's own test
 * picture at the camera's rate; a real camera is its RTSP address with the credentials put in
 * (over TCP, with a socket timeout), or in the cloud its Kinesis Video stream's live HLS URL.
 * This is the only place the local and the cloud path differ.
 */
export async function cameraInput(
  camera: CameraRecord,
  credentials: CameraCredentials | undefined,
  mode: InputMode,
  hlsUrlOf?: HlsUrlOf,
): Promise<FfmpegInput> {
  if (camera.source === 'demo') {
    return { args: ['-re', '-f', 'lavfi', '-i', `testsrc2=size=1280x720:rate=${camera.maxFps}`], secrets: [] };
  }
  if (mode === 'kvs') {
    if (!camera.videoStream || !hlsUrlOf) throw new Error('The camera has no video stream');
    const url = await hlsUrlOf(camera.videoStream);
    const token = new URL(url).searchParams.get('SessionToken');
    return { args: ['-i', url], secrets: token ? [token] : [] };
  }
  if (!camera.rtspUrl) throw new Error('The camera has no RTSP address');
  const url = new URL(camera.rtspUrl);
  if (credentials?.username) url.username = encodeURIComponent(credentials.username);
  if (credentials?.password) url.password = encodeURIComponent(credentials.password);
  return {
    // -timeout: the socket I/O timeout in µs, so an unreachable camera fails instead of hanging.
    args: ['-rtsp_transport', 'tcp', '-timeout', '10000000', '-i', url.toString()],
    secrets: credentials?.password ? [credentials.password] : [],
  };
}
