/**
 * The audit hook of the camera worker: each stream start and stop is one entry. The operations
 * area's audit trail plugs in here (an implementation of StreamAudit); until it does, entries are
 * written as structured log lines (`"audit": true`), which CloudWatch Logs keeps with the worker's
 * logs and the local runtime prints.
 */
export interface StreamAuditEntry {
  action: 'camera.stream.started' | 'camera.stream.stopped';
  cameraId: string;
  /** The admin who watched. */
  userId: string;
  at: string;
  /** Why a stream stopped: the viewer left, it failed, the admin role was revoked, the worker stopped. */
  reason?: string;
  durationMs?: number;
}

export interface StreamAudit {
  record(entry: StreamAuditEntry): void | Promise<void>;
}

/** Audit entries as log lines (the default until the audit trail is wired in). */
export function logStreamAudit(write: (line: string) => void = (l) => console.log(l)): StreamAudit {
  return { record: (entry) => write(JSON.stringify({ audit: true, ...entry })) };
}
