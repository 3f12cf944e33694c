/**
 * Which cameras are being watched, for the no-frame alarm. With one task per watched camera and
 * none otherwise (scale to zero), an unwatched camera has no worker and so no frames: that is
 * not an outage. A camera counts as "without frames" only while people keep asking for it: its
 * requests span at least `windowMs` without a pause longer than that, the latest within
 * `windowMs`, and no frame came within the last `windowMs`. A viewer connected counts as asking.
 */
export interface Demand {
  /** When the current run of requests began (epoch ms). */
  since: number;
  /** The latest request, or the latest moment a viewer was connected. */
  last: number;
}

/** Notes a stream request (or a connected viewer) at `nowMs`: a pause longer than the window starts a new run. */
export function noteDemand(before: Demand | undefined, nowMs: number, windowMs: number): Demand {
  if (!before || nowMs - before.last > windowMs) return { since: nowMs, last: nowMs };
  return { since: before.since, last: Math.max(before.last, nowMs) };
}

/** Whether a camera has been watched for the whole window without a frame in it. */
export function watchedWithoutFrames(demand: Demand | undefined, lastFrameAtMs: number | undefined, nowMs: number, windowMs: number): boolean {
  if (!demand || nowMs - demand.last > windowMs) return false;
  // Asked for across the whole window (a single try, or a minute of trying, is not an outage).
  if (demand.last - demand.since < windowMs) return false;
  return lastFrameAtMs === undefined || nowMs - lastFrameAtMs > windowMs;
}
