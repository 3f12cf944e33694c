import type { StreamErrorKind } from '../responses.ts';

/** What ffmpeg reads: its input arguments, and the secrets that must never reach a log. */
export interface FfmpegInput {
  args: string[];
  /** Values to redact from anything ffmpeg prints (passwords, signed URLs' tokens). */
  secrets: string[];
}

/** The caps a camera's frames are held to. */
export interface FrameCaps {
  maxWidth: number;
  maxFps: number;
}

/**
 * ffmpeg's arguments for a camera: its input, then video only, scaled down to the width cap
 * (never up; even height), frames dropped to the rate cap, as MJPEG on stdout. `frames` stops
 * after that many (a snapshot); errors only on stderr, no banner or progress.
 */
export function ffmpegArgs(input: FfmpegInput, caps: FrameCaps, frames?: number): string[] {
  return [
    '-hide_banner',
    '-nostdin',
    '-loglevel',
    'error',
    ...input.args,
    '-an',
    '-vf',
    `fps=${caps.maxFps},scale='min(${caps.maxWidth},iw)':-2`,
    '-q:v',
    '6',
    ...(frames ? ['-frames:v', String(frames)] : []),
    '-f',
    'mjpeg',
    'pipe:1',
  ];
}

/**
 * A line of ffmpeg's output with every secret removed: the user-info part of any URL (ffmpeg
 * prints the input URL, password included, when it fails) and each known secret, also in its
 * percent-encoded spelling.
 */
export function redact(line: string, secrets: string[]): string {
  let out = line.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/gi, '$1***@');
  for (const secret of secrets) {
    if (!secret) continue;
    for (const spelling of new Set([secret, encodeURIComponent(secret)])) out = out.split(spelling).join('***');
  }
  return out;
}

const PATTERNS: Array<[StreamErrorKind, RegExp]> = [
  ['wrong_password', /401 Unauthorized|authorization failed|403 Forbidden|Unauthorized/i],
  ['not_found', /404 Not Found|454 Session Not Found|Stream not found|No such file/i],
  [
    'unreachable',
    /Connection refused|No route to host|Connection timed out|Network is unreachable|Name or service not known|Temporary failure in name resolution|Operation timed out|timed out|Connection reset|Host is unreachable/i,
  ],
  // The camera ended its stream before a whole picture: the decoder's complaints about the
  // fragment it got ("no frame!", "Invalid data found") are not a codec problem.
  ['no_frames', /after EOF|End of file/i],
  ['codec', /codec|Invalid data found|could not find codec parameters|decoder|unsupported|Error while decoding|no frame!/i],
];

/** Why ffmpeg failed, from its (redacted) stderr lines: the first kind any line names. */
export function classifyFailure(lines: string[]): StreamErrorKind {
  for (const [kind, pattern] of PATTERNS) if (lines.some((l) => pattern.test(l))) return kind;
  return 'failed';
}

/** What the admin page says for each kind of failure. */
export const FAILURE_WORDS: Record<StreamErrorKind, string> = {
  wrong_password: 'The camera refused the user name or password.',
  unreachable: 'The camera could not be reached: check its address, port and network.',
  not_found: 'The camera answered, but has no stream at that path.',
  codec: 'The camera sends video that could not be decoded (codec).',
  no_frames: 'The camera sent no picture in time.',
  failed: 'The stream failed.',
};
