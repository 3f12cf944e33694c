/**
 * Caps of a Spotify history import, declared once: the reader enforces them, the upload route
 * and docs/listening.md quote them.
 */

const MiB = 1024 * 1024;

/** Largest export archive (or single history file) an import reads: 500 MiB. */
export const MAX_EXPORT_BYTES = 500 * MiB;

/** Most records (plays and rejected rows together) one import reads. */
export const MAX_EXPORT_RECORDS = 5_000_000;

/**
 * Most bytes the files of one archive may expand to: 5 million records at the ~1.2 KB an extended
 * record takes at most, pretty-printed. Together with the ratio cap of the ZIP reader this is the
 * zip-bomb guard; an archive that fits it still meets the record cap first.
 */
export const MAX_EXPORT_EXPANDED_BYTES = 6 * 1024 * MiB;

/** Most files one archive may list (an export has a few dozen). */
export const MAX_EXPORT_ENTRIES = 2_000;

/**
 * Most bytes of ZIPs inside the uploaded ZIP that one read opens, together: each is inflated to a
 * temporary file (only random access reads a ZIP), and a Lambda's `/tmp` holds 512 MB by default.
 * Real nested ZIPs are Spotify's own, each about as large as the upload.
 */
export const MAX_NESTED_ZIP_BYTES = 500 * MiB;

/** Longest record kept, in characters; a longer one is rejected (real ones are under 2,000). */
export const MAX_RECORD_CHARS = 64 * 1024;

/**
 * Largest file whose top level is an object (a saved Web API response), in characters: such a
 * document is parsed whole. A recently-played page of 50 full tracks is about 250 KB.
 */
export const MAX_OBJECT_DOCUMENT_CHARS = 4 * MiB;

/** Longest name kept (track, artist, album, show, episode, audiobook, chapter, author); longer ones are cut. */
export const MAX_NAME_CHARS = 1_000;

/** Longest `ms_played` believed: a day. Longer is a broken row. */
export const MAX_MS_PLAYED = 24 * 60 * 60 * 1000;

/** Plays before this instant are refused as broken (Spotify opened in October 2008). */
export const EARLIEST_PLAY_MS = Date.UTC(2006, 0, 1);
