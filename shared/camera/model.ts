import type { SealedSecret } from '../secrets/envelope.ts';
import type { CameraSource } from './schemas.ts';
import type { CameraHealth } from './responses.ts';

/** A camera as stored: its credentials sealed (shared/secrets), bound to the camera's id. */
export interface CameraRecord {
  id: string;
  name: string;
  source: CameraSource;
  /** Without credentials; absent for a demo camera. */
  rtspUrl?: string;
  /** `{ username, password }` as JSON, sealed with context `{ purpose: 'camera-credentials', cameraId }`. */
  credentials?: SealedSecret;
  enabled: boolean;
  maxWidth: number;
  maxFps: number;
  /** The camera's Kinesis Video stream (cloud only). */
  videoStream?: string;
  createdAt: string;
  updatedAt: string;
}

export interface CameraCredentials {
  username: string;
  password: string;
}

/** The context camera credentials are sealed for: a sealed value copied to another camera does not open. */
export const credentialsContext = (cameraId: string) => ({ purpose: 'camera-credentials', cameraId });

/** A camera nobody has watched or probed yet. */
export const IDLE_HEALTH: CameraHealth = { state: 'idle', viewers: 0, lastFrameAt: null, error: null, updatedAt: new Date(0).toISOString() };
