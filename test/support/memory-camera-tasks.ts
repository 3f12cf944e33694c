import type { CameraTaskRecord, CameraTaskRecords } from '../../shared/camera/camera-tasks.ts';

/** The task records as the table keeps them: versioned, with the same conditional claim. */
export function memoryTaskRecords(): CameraTaskRecords & { records: Map<string, CameraTaskRecord> } {
  const records = new Map<string, CameraTaskRecord>();
  return {
    records,
    taskOf: async (id) => (records.has(id) ? { ...records.get(id)! } : undefined),
    async claimTaskStart(id, nowMs, expectedVersion) {
      if (records.get(id)?.version !== expectedVersion) return false;
      records.set(id, { state: 'starting', startedAt: nowMs, heartbeatAt: nowMs, version: (expectedVersion ?? 0) + 1 });
      return true;
    },
    putTask: async (id, record) => void records.set(id, { ...record, version: (records.get(id)?.version ?? 0) + 1 }),
    async removeTask(id, taskArn) {
      const r = records.get(id);
      if (r && (taskArn ? r.taskArn === taskArn : r.state === 'starting')) records.delete(id);
    },
  };
}
