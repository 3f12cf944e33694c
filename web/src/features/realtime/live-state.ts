/**
 * Whether this tab's live channel is connected right now. While it is, the consumers' results
 * arrive as pushed events, so writes need no timed re-reads (api/refresh-after-write.ts).
 */
let live = false;

export function setLive(value: boolean): void {
  live = value;
}

export function isLive(): boolean {
  return live;
}
