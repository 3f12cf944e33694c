import type { CameraTaskRecord, CameraTaskRecords } from '../../shared/camera/camera-tasks.ts';

/** The task records as the table keeps them: versioned, with the same conditional claims. */
export function memoryTaskRecords(): CameraTaskRecords & { records: Map<string, CameraTaskRecord> } {
  const records = new Map<string, CameraTaskRecord>();
  return {
    records,
    taskOf: async (id) => (records.has(id) ? { ...records.get(id)! } : undefined),
    allTasks: async () => [...records].map(([cameraId, record]) => ({ ...record, cameraId })),
    async claimTaskStart(id, nowMs, expectedVersion) {
      if (records.get(id)?.version !== expectedVersion) return false;
      records.set(id, { state: 'starting', startedAt: nowMs, heartbeatAt: nowMs, version: (expectedVersion ?? 0) + 1 });
      return true;
    },
    async takeTask(id, expectedVersion, task) {
      const r = records.get(id);
      if (r?.state !== 'starting' || r.version !== expectedVersion || r.taskArn) return false;
      records.set(id, { ...r, state: 'ready', taskArn: task.taskArn, address: task.address, heartbeatAt: task.nowMs, version: r.version + 1 });
      return true;
    },
    async beat(id, taskArn, nowMs) {
      const r = records.get(id);
      if (r?.taskArn !== taskArn) return false;
      records.set(id, { ...r, heartbeatAt: nowMs, version: r.version + 1 });
      return true;
    },
    async removeTask(id, taskArn) {
      const r = records.get(id);
      if (r && (taskArn ? r.taskArn === taskArn : r.state === 'starting')) records.delete(id);
    },
  };
}
