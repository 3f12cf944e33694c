/**
 * A camera's Kinesis Video stream, created and deleted with the camera (by the camera routes, not
 * by CloudFormation: cameras are data an admin adds at run time). Locally there is none: the worker
 * reads the camera's RTSP address directly.
 */
export interface VideoStreams {
  /** Creates the camera's stream; returns its name (undefined where streams are not used). */
  create(cameraId: string): Promise<string | undefined>;
  /** Deletes the stream; a stream already gone is not an error. */
  remove(streamName: string): Promise<void>;
}

/** Where no Kinesis Video is used (the local runtime). */
export const noVideoStreams: VideoStreams = {
  create: async () => undefined,
  remove: async () => undefined,
};

/** Hours a stream keeps its video (the issue asks for at least one). */
export const VIDEO_RETENTION_HOURS = 24;

/** The stream name of a camera in a stage: the prefix the IAM grants are scoped to. */
export const videoStreamPrefix = (stage: string) => `mosaic-${stage}-camera-`;
export const videoStreamName = (stage: string, cameraId: string) => `${videoStreamPrefix(stage)}${cameraId}`;
