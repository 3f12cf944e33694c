import { describe, expect, it } from 'vitest';
import { noteDemand, watchedWithoutFrames, type Demand } from './watch-demand.ts';

const W = 300_000;
const t0 = 1_000_000_000;

describe('the no-frame alarm counts watched cameras only', () => {
  it('ignores a camera nobody asks for, however old its last frame', () => {
    expect(watchedWithoutFrames(undefined, t0 - 86_400_000, t0, W)).toBe(false);
    expect(watchedWithoutFrames({ since: t0 - 2 * W, last: t0 - W - 1 }, undefined, t0, W)).toBe(false);
  });

  it('counts a camera asked for through the whole window without a frame', () => {
    let d: Demand | undefined;
    for (let t = t0; t <= t0 + W; t += 30_000) d = noteDemand(d, t, W);
    expect(d).toEqual({ since: t0, last: t0 + W });
    expect(watchedWithoutFrames(d, undefined, t0 + W, W)).toBe(true);
    expect(watchedWithoutFrames(d, t0 - 1, t0 + W, W)).toBe(true);
    // A frame within the window: not counted.
    expect(watchedWithoutFrames(d, t0 + 10_000, t0 + W, W)).toBe(false);
  });

  it('does not count a single failed try, nor demand younger than the window', () => {
    const once = noteDemand(undefined, t0, W);
    expect(watchedWithoutFrames(once, undefined, t0 + 60_000, W)).toBe(false);
    expect(watchedWithoutFrames(once, undefined, t0 + W, W)).toBe(false); // since = last: asked once, W ago
  });

  it('starts a new run after a pause longer than the window', () => {
    const first = noteDemand(undefined, t0, W);
    const later = noteDemand(first, t0 + W + 1, W);
    expect(later).toEqual({ since: t0 + W + 1, last: t0 + W + 1 });
    const within = noteDemand(first, t0 + W, W);
    expect(within).toEqual({ since: t0, last: t0 + W });
  });
});
