/**
 * Caps of every import, enforced by the codecs here and, at upload time, by the upload route.
 * Changing one changes both; docs/import-export.md lists them with the errors they raise.
 */

/** Largest file a client may send inline (JSON body) instead of through a presigned upload. */
export const MAX_INLINE_IMPORT_BYTES = 1024 * 1024;

/** Largest file (CSV, JSON or ZIP, as uploaded) an import reads: 10 MiB. */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;

/**
 * Largest Apple Health `export.zip` taken (2 GiB). Years of a watch's readings make exports of
 * hundreds of MB (workout routes and ECGs ride along); it is read by ranges and streamed, never held.
 */
export const MAX_HEALTH_EXPORT_BYTES = 2 * 1024 ** 3;

/** Most CSV records one file may hold (header included), and most entries one import may bring. */
export const MAX_IMPORT_ROWS = 200_000;

/** Longest CSV field, in UTF-16 code units (what JavaScript's `string.length` counts). */
export const MAX_FIELD_CHARS = 2000;

/** Most bytes all the files of one ZIP may expand to (the zip-bomb guard): 50 MiB. */
export const MAX_ZIP_UNCOMPRESSED_BYTES = 50 * 1024 * 1024;

/** Most files one ZIP may list. */
export const MAX_ZIP_ENTRIES = 10_000;
