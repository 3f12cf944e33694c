/**
 * Deleting an account leaves nothing behind: the `purge-user` consumer runs one step per place a
 * user's data lives (docs/data-model.md, "Deleting an account"). Every step is idempotent — it
 * deletes what it finds, and finds nothing the second time — so a run that fails or times out is
 * simply run again by the queue, and resumes in effect where it stopped. Steps that read the
 * user's partition to find data elsewhere (connections, play months) come before the partition
 * itself, which goes last.
 */

/** One place of a user's data, and how to delete it; returns how many items or objects went. */
export interface PurgeStep {
  name: string;
  run(userId: string): Promise<number>;
}

/** Runs every step in order; returns what each deleted. A failing step throws (the message is retried). */
export async function purgeAccountData(steps: readonly PurgeStep[], userId: string): Promise<Record<string, number>> {
  const deleted: Record<string, number> = {};
  for (const step of steps) deleted[step.name] = await step.run(userId);
  return deleted;
}
