/** Longest display name, in characters after trimming (zod-free: the web imports it). */
export const MAX_DISPLAY_NAME = 80;
