import type { WebLimits } from './limits.build.ts';

/** Put in by Vite's `define` at build time (web/vite.config.ts). */
declare const __MOSAIC_LIMITS__: WebLimits;

/**
 * Max lengths and caps the API enforces, as its zod schemas declare them (read at build time,
 * see ./limits.build.ts): forms use them for `maxLength` and caps instead of restating numbers.
 */
export const LIMITS: WebLimits = __MOSAIC_LIMITS__;
