import * as z from 'zod/mini';
import { Id, trimmedText } from '../kit/schemas.ts';
import { CAMERA_LIMITS } from './limits.ts';

const { width, fps } = CAMERA_LIMITS;

/** An RTSP address without credentials: they are given apart and stored sealed. */
export const RtspUrl = z.string().check(
  z.maxLength(500),
  z.refine((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === 'rtsp:' || u.protocol === 'rtsps:') && !!u.hostname && !u.username && !u.password;
    } catch {
      return false;
    }
  }, 'must be an rtsp:// or rtsps:// address without user name or password (give those apart)'),
);

const Name = trimmedText(80, 1);
const Username = z.string().check(z.maxLength(200));
const Password = z.string().check(z.maxLength(200));
const Width = z.int().check(z.gte(width.min), z.lte(width.max));
const Fps = z.int().check(z.gte(fps.min), z.lte(fps.max));

/** `rtsp`: a real camera; `demo`: ffmpeg's synthetic test picture (no network, no credentials). */
export const CameraSource = z.enum(['rtsp', 'demo']);
export type CameraSource = z.infer<typeof CameraSource>;

export const CreateCameraBody = z
  .object({
    name: Name,
    source: z._default(CameraSource, 'rtsp'),
    rtspUrl: z.optional(RtspUrl),
    username: z.optional(Username),
    password: z.optional(Password),
    enabled: z._default(z.boolean(), true),
    maxWidth: z._default(Width, width.default),
    maxFps: z._default(Fps, fps.default),
  })
  .check(
    z.refine((b) => b.source === 'demo' || b.rtspUrl !== undefined, { message: 'is required for an RTSP camera', path: ['rtspUrl'] }),
  );
export type CreateCameraBody = z.infer<typeof CreateCameraBody>;

/** Every field optional; `password: null` forgets the stored password, leaving it out keeps it. */
export const UpdateCameraBody = z.object({
  name: z.optional(Name),
  rtspUrl: z.optional(RtspUrl),
  username: z.optional(z.nullable(Username)),
  password: z.optional(z.nullable(Password)),
  enabled: z.optional(z.boolean()),
  maxWidth: z.optional(Width),
  maxFps: z.optional(Fps),
});
export type UpdateCameraBody = z.infer<typeof UpdateCameraBody>;

export const CameraParams = z.object({ id: Id });
export type CameraParams = z.infer<typeof CameraParams>;
