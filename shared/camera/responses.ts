import * as z from 'zod';

/** Why a stream failed, in the words the admin page shows (shared/camera/ffmpeg.ts classifies). */
export const StreamErrorKind = z.enum(['wrong_password', 'unreachable', 'not_found', 'codec', 'no_frames', 'failed']);
export type StreamErrorKind = z.infer<typeof StreamErrorKind>;

/** What the worker last reported about a camera (written by the worker, read by the admin pages). */
export const CameraHealth = z.strictObject({
  state: z.enum(['idle', 'starting', 'streaming', 'error']),
  viewers: z.int().nonnegative(),
  lastFrameAt: z.string().nullable(),
  error: z.strictObject({ kind: StreamErrorKind, message: z.string(), at: z.string() }).nullable(),
  updatedAt: z.string(),
});
export type CameraHealth = z.infer<typeof CameraHealth>;

/** A camera as admins see it: never its credentials, only whether it has some. */
export const Camera = z.strictObject({
  id: z.string(),
  name: z.string(),
  source: z.enum(['rtsp', 'demo']),
  rtspUrl: z.string().nullable().describe('The RTSP address without credentials'),
  hasCredentials: z.boolean(),
  enabled: z.boolean(),
  maxWidth: z.int(),
  maxFps: z.int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  health: CameraHealth,
});
export type Camera = z.infer<typeof Camera>;

export const CameraList = z.strictObject({ items: z.array(Camera) });

export const CameraTicket = z.strictObject({
  state: z.literal('ready').describe('The camera\u2019s worker serves streams now (201)'),
  ticket: z.string().describe('Single use, bound to the caller and the camera'),
  streamUrl: z.string().describe('Open within expiresAt: multipart/x-mixed-replace MJPEG'),
  expiresAt: z.string(),
});
export type CameraTicket = z.infer<typeof CameraTicket>;

/** 202: the camera's worker task is starting (cloud, scaled to zero); no ticket was used up. */
export const CameraStarting = z.strictObject({
  state: z.literal('starting').describe('The camera\u2019s worker task is starting: ask again after retryAfterSeconds (202; counts against no limit)'),
  retryAfterSeconds: z.int().positive(),
});
export type CameraStarting = z.infer<typeof CameraStarting>;

/** What the ticket route answers: a ticket, or `starting` while the camera's task starts. */
export const CameraTicketAnswer = z.discriminatedUnion('state', [CameraTicket, CameraStarting]);
export type CameraTicketAnswer = z.infer<typeof CameraTicketAnswer>;
