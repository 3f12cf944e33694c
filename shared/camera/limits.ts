/**
 * The camera area's limits, declared once: the routes, the worker and the docs read them.
 */
export const CAMERA_LIMITS = {
  /** Cameras per installation. */
  maxCameras: 20,
  /** Stream tickets an admin may ask for per rolling minute (the seed's stream proxy allowed 2). */
  ticketsPerMinute: 2,
  /** How long a ticket may wait before its stream is opened. */
  ticketTtlSeconds: 60,
  /** Viewers of one camera at once: each costs the worker a socket and the fan-out a copy. */
  maxViewersPerCamera: 10,
  /** How often the worker asks the user pool whether a viewer is still an administrator. */
  adminRecheckSeconds: 30,
  /** Frame size and rate caps an admin may choose (ffmpeg scales and drops frames to them). */
  width: { min: 160, max: 1920, default: 640 },
  fps: { min: 1, max: 30, default: 10 },
  /** Thumbnails (the snapshot route) are this wide. */
  thumbnailWidth: 320,
  /** An enabled camera without a frame for this long raises the alarm. */
  staleFrameSeconds: 5 * 60,
  /** The worker grabs a frame of an idle enabled camera when its last one is older than this. */
  probeAfterSeconds: 120,
  /** How long ffmpeg may take to deliver the first frame before the stream is reported failed. */
  firstFrameTimeoutSeconds: 20,
} as const;
