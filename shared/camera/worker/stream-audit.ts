import { auditRecord, type AuditRepository } from '../../audit/audit.ts';
import type { StreamErrorKind } from '../responses.ts';

/**
 * The camera worker's audit entries: each viewer's stream start and stop (who, which camera,
 * when, and why it stopped) goes to the audit trail (shared/audit), beside admin actions; the
 * admin Audit page lists them (filter by the camera as target).
 */
export interface StreamAuditEntry {
  action: 'camera_stream.started' | 'camera_stream.stopped';
  cameraId: string;
  /** The admin who watched. */
  userId: string;
  at: string;
  /** Why a stream stopped (EndReason): the viewer left, it failed, the admin role was revoked, the camera was turned off or deleted, the worker stopped. */
  reason?: string;
  /** The classified failure when it stopped with an error. */
  error?: StreamErrorKind;
  durationMs?: number;
}

export interface StreamAudit {
  record(entry: StreamAuditEntry): void | Promise<void>;
}

/**
 * Entries as audit records: actor the viewer, target the camera, outcome `failed` when the stream
 * failed. A write that fails is logged, never thrown: auditing must not break a stream.
 */
export function auditTrailStreamAudit(repository: AuditRepository, log: (entry: Record<string, unknown>) => void): StreamAudit {
  return {
    async record(entry) {
      const detail: Record<string, string | number> = {};
      if (entry.reason) detail.reason = entry.reason;
      if (entry.error) detail.error = entry.error;
      if (entry.durationMs !== undefined) detail.durationMs = entry.durationMs;
      const record = auditRecord(
        { kind: entry.action, actor: entry.userId, target: entry.cameraId, at: entry.at, outcome: entry.error ? 'failed' : 'success', ...(Object.keys(detail).length ? { detail } : {}) },
        new Date(),
      );
      try {
        await repository.append(record);
      } catch (error) {
        log({ msg: 'camera.audit.write_failed', level: 'error', record, error: (error as Error).message });
      }
    },
  };
}
