import type { SealedSecret } from '../../secrets/envelope.ts';

/** The Spotify connection of a user, as stored (one item per user). */
export interface Connection {
  /** `connected`; `needs_reconnect` once Spotify refused the grant (revoked). */
  status: 'connected' | 'needs_reconnect';
  /** Paused by the user or an admin: the collector skips it. */
  paused: boolean;
  spotifyUserId: string;
  displayName?: string;
  scope: string;
  /** The access and refresh tokens, envelope-encrypted ({@link TokenSet} as JSON). */
  tokens: SealedSecret;
  connectedAt: string;
  /** Newest `played_at` (epoch ms) collected: the `after` cursor of the next poll. */
  afterCursor?: number;
  lastPollAt?: string;
  /** Not before this instant (429 Retry-After, back-off after failures). */
  nextPollAt?: string;
  lastError?: { at: string; message: string };
  /** Failures in a row (back-off grows with them). */
  failures: number;
  initialSync: InitialSyncState;
  playsCollected: number;
}

export interface InitialSyncState {
  status: 'pending' | 'done';
  /** Why the backward sync stopped (one of the five conditions). */
  stoppedBy?: StopReason;
  requests?: number;
  plays?: number;
  oldestAt?: number;
}

export type StopReason = 'empty_batch' | 'no_progress' | 'max_age' | 'max_requests' | 'rate_limited';

/** One recorded run of a listening job (collector poll, initial sync, import). */
export interface JobRun {
  id: string;
  kind: 'poll' | 'initial-sync' | 'import';
  trigger: 'schedule' | 'manual' | 'connect' | 'upload';
  startedAt: string;
  endedAt: string;
  outcome: 'succeeded' | 'failed' | 'skipped' | 'rate_limited' | 'needs_reconnect';
  playsAdded: number;
  requests: number;
  detail?: string;
}

export interface ConnectionRepository {
  get(userId: string): Promise<Connection | undefined>;
  put(userId: string, connection: Connection): Promise<void>;
  /** Changes some fields of an existing connection (no-op when there is none). */
  update(userId: string, fields: Partial<Connection>): Promise<void>;
  remove(userId: string): Promise<void>;
  putVerifier(userId: string, nonce: string, verifier: string, expiresAt: number): Promise<void>;
  /** The verifier of a connect attempt, deleted as it is read (a state works once). */
  takeVerifier(userId: string, nonce: string): Promise<string | undefined>;
  addRun(userId: string, run: JobRun): Promise<void>;
  listRuns(userId: string, limit: number): Promise<JobRun[]>;
  /** Takes the user's play-writer lease until `until` (epoch ms); false while another holds it. */
  acquireWriter(userId: string, owner: string, until: number, now: number): Promise<boolean>;
  releaseWriter(userId: string, owner: string): Promise<void>;
}
