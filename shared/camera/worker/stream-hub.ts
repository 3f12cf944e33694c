import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import type { CameraHealth, StreamErrorKind } from '../responses.ts';
import { classifyFailure, FAILURE_WORDS, ffmpegArgs, redact, type FfmpegInput, type FrameCaps } from './ffmpeg.ts';
import { MjpegSplitter } from './mjpeg.ts';

/** A stream that failed, in words fit for the admin page (the password already redacted). */
export class StreamFailure extends Error {
  readonly kind: StreamErrorKind;
  readonly detail: string;
  constructor(kind: StreamErrorKind, detail: string) {
    super(FAILURE_WORDS[kind]);
    this.name = 'StreamFailure';
    this.kind = kind;
    this.detail = detail;
  }
}

/** Why a viewer's stream ended. */
export type EndReason = 'left' | 'failed' | 'admin_revoked' | 'camera_disabled' | 'camera_deleted' | 'shutdown';

export interface Viewer {
  userId: string;
  /** A whole JPEG; the viewer drops frames it cannot send in time. */
  onFrame(frame: Buffer): void;
  onEnd(reason: EndReason, failure?: StreamFailure): void;
}

type Ffmpeg = ChildProcessByStdio<null, Readable, Readable>;

export interface HubOptions {
  /** The input and caps of a camera, read afresh at each start (credentials opened then). */
  resolve(cameraId: string): Promise<{ input: FfmpegInput; caps: FrameCaps }>;
  /** Called when a camera's state, viewers or last frame change. */
  onHealth(cameraId: string, health: CameraHealth): void;
  /** Each frame of a running stream (the worker keeps the latest as the thumbnail). */
  onFrame?(cameraId: string, frame: Buffer): void;
  log(entry: Record<string, unknown>): void;
  firstFrameTimeoutMs: number;
  ffmpegPath?: string;
}

interface LiveStream {
  cameraId: string;
  process?: Ffmpeg;
  viewers: Set<Viewer>;
  state: CameraHealth['state'];
  lastFrame?: Buffer;
  lastFrameAt?: string;
  error: CameraHealth['error'];
  /** Settles with the first frame, or the failure before it. */
  firstFrame: Promise<void>;
  stopping: boolean;
}

const KILL_AFTER_MS = 2000;

/**
 * One ffmpeg per watched camera, its frames fanned out to every viewer: the first viewer starts
 * it, the last one leaving stops it. Its stderr is kept (redacted) to say why it failed.
 */
export function createStreamHub(options: HubOptions) {
  const streams = new Map<string, LiveStream>();
  const ffmpegPath = options.ffmpegPath ?? 'ffmpeg';

  const health = (s: LiveStream): CameraHealth => ({
    state: s.state,
    viewers: s.viewers.size,
    lastFrameAt: s.lastFrameAt ?? null,
    error: s.error,
    updatedAt: new Date().toISOString(),
  });
  const report = (s: LiveStream) => options.onHealth(s.cameraId, health(s));

  function run(args: string[], secrets: string[], onFrame: (frame: Buffer) => void, onExit: (failure: StreamFailure | undefined, frames: number) => void): Ffmpeg {
    const child = spawn(ffmpegPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const splitter = new MjpegSplitter();
    const stderr: string[] = [];
    let frames = 0;
    let partial = '';
    child.stdout.on('data', (chunk: Buffer) => {
      for (const frame of splitter.push(chunk)) {
        frames++;
        onFrame(frame);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString('utf8')).split(/\r?\n/);
      partial = lines.pop() ?? '';
      // Redacted as they arrive: an unredacted line is never kept, let alone logged.
      for (const line of lines) if (line.trim()) stderr.push(redact(line, secrets));
      if (stderr.length > 50) stderr.splice(0, stderr.length - 50);
    });
    let exited = false;
    const finish = (code: number | null, spawnError?: Error) => {
      if (exited) return;
      exited = true;
      if (partial.trim()) stderr.push(redact(partial, secrets));
      if (spawnError) stderr.push(redact(spawnError.message, secrets));
      const failed = code !== 0 || spawnError !== undefined;
      onExit(failed ? new StreamFailure(classifyFailure(stderr), stderr.slice(-3).join(' | ')) : undefined, frames);
    };
    child.once('error', (error) => finish(null, error));
    child.once('close', (code) => finish(code));
    return child;
  }

  function stop(s: LiveStream) {
    s.stopping = true;
    // A viewer arriving now starts a fresh ffmpeg rather than joining one that is ending.
    if (streams.get(s.cameraId) === s) streams.delete(s.cameraId);
    const child = s.process;
    if (!child || child.exitCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
    timer.unref();
    child.once('close', () => clearTimeout(timer));
  }

  function endAll(s: LiveStream, reason: EndReason, failure?: StreamFailure) {
    const viewers = [...s.viewers];
    s.viewers.clear();
    for (const v of viewers) v.onEnd(reason, failure);
  }

  function start(cameraId: string): LiveStream {
    let settle!: { ok: () => void; fail: (f: StreamFailure) => void };
    const firstFrame = new Promise<void>((ok, fail) => (settle = { ok, fail }));
    firstFrame.catch(() => undefined); // observed by joiners
    const s: LiveStream = { cameraId, viewers: new Set(), state: 'starting', error: null, firstFrame, stopping: false };
    streams.set(cameraId, s);
    report(s);
    let gotFrame = false;
    const fail = (failure: StreamFailure) => {
      if (streams.get(cameraId) === s) streams.delete(cameraId);
      s.state = 'error';
      s.error = { kind: failure.kind, message: failure.message, at: new Date().toISOString() };
      options.log({ msg: 'camera.stream.failed', cameraId, kind: failure.kind, detail: failure.detail });
      // Reported once the viewers are gone: a failed stream has none.
      if (gotFrame) {
        endAll(s, 'failed', failure);
        return report(s);
      }
      // Before the first frame, the joiners learn of it from join() (and answer with the error).
      s.viewers.clear();
      report(s);
      settle.fail(failure);
    };
    const timeout = setTimeout(() => {
      if (gotFrame) return;
      stop(s);
      fail(new StreamFailure('no_frames', `no frame within ${options.firstFrameTimeoutMs} ms`));
    }, options.firstFrameTimeoutMs);
    timeout.unref();
    options
      .resolve(cameraId)
      .then(({ input, caps }) => {
        if (s.stopping) return;
        s.process = run(
          ffmpegArgs(input, caps),
          input.secrets,
          (frame) => {
            s.lastFrame = frame;
            s.lastFrameAt = new Date().toISOString();
            if (!gotFrame) {
              gotFrame = true;
              clearTimeout(timeout);
              s.state = 'streaming';
              s.error = null;
              settle.ok();
            }
            options.onFrame?.(cameraId, frame);
            for (const v of s.viewers) v.onFrame(frame);
            report(s);
          },
          (failure) => {
            clearTimeout(timeout);
            if (s.stopping && (gotFrame || !failure)) {
              // Stopped on purpose: the last viewer left (unless a new stream has begun since).
              s.state = 'idle';
              if (!streams.has(cameraId)) report(s);
              return;
            }
            if (s.error) return; // already failed (timeout)
            fail(failure ?? new StreamFailure('failed', 'ffmpeg ended'));
          },
        );
        options.log({ msg: 'camera.ffmpeg.started', cameraId, pid: s.process.pid });
      })
      .catch((error: unknown) => {
        clearTimeout(timeout);
        fail(error instanceof StreamFailure ? error : new StreamFailure('failed', (error as Error).message));
      });
    return s;
  }

  return {
    /**
     * Adds a viewer to the camera's stream, starting ffmpeg if none runs; resolves once a frame
     * has arrived (`latestFrame` has it), throws the StreamFailure that came before one.
     * Returns the function that removes the viewer (stopping ffmpeg after the last).
     */
    async join(cameraId: string, viewer: Viewer): Promise<() => void> {
      const s = streams.get(cameraId) ?? start(cameraId);
      s.viewers.add(viewer);
      report(s);
      try {
        await s.firstFrame;
      } catch (error) {
        s.viewers.delete(viewer);
        throw error;
      }
      if (!s.viewers.has(viewer)) throw new StreamFailure(s.error?.kind ?? 'failed', 'the stream ended');
      return () => {
        if (!s.viewers.delete(viewer)) return;
        if (s.viewers.size === 0) stop(s);
        report(s);
      };
    },
    /** Ends the streams of viewers `which` selects (a revoked admin), and of cameras changed. */
    endViewers(which: (cameraId: string, viewer: Viewer) => boolean, reason: EndReason) {
      for (const s of streams.values())
        for (const v of [...s.viewers])
          if (which(s.cameraId, v)) {
            s.viewers.delete(v);
            v.onEnd(reason);
            if (s.viewers.size === 0) stop(s);
            report(s);
          }
    },
    /** One JPEG from the camera by a short ffmpeg of its own (the prober's thumbnail). */
    async grabFrame(cameraId: string, width: number): Promise<Buffer> {
      const { input, caps } = await options.resolve(cameraId);
      return new Promise<Buffer>((resolve, reject) => {
        let frame: Buffer | undefined;
        const child = run(ffmpegArgs(input, { maxWidth: Math.min(width, caps.maxWidth), maxFps: caps.maxFps }, 1), input.secrets, (f) => (frame ??= f), (failure) => {
          clearTimeout(timer);
          if (frame) resolve(frame);
          else reject(failure ?? new StreamFailure('no_frames', 'ffmpeg ended without a frame'));
        });
        const timer = setTimeout(() => child.kill('SIGKILL'), options.firstFrameTimeoutMs);
        timer.unref();
      });
    },
    isLive: (cameraId: string) => streams.has(cameraId),
    /** The newest frame of a running stream (what a new viewer is shown first). */
    latestFrame: (cameraId: string) => streams.get(cameraId)?.lastFrame,
    /** Running streams: ffmpeg's pid and the viewers of each camera (tests, the health page). */
    status: () =>
      [...streams.values()].map((s) => ({ cameraId: s.cameraId, pid: s.process?.pid ?? null, state: s.state, viewers: s.viewers.size, lastFrameAt: s.lastFrameAt ?? null })),
    viewerUserIds: () => new Set([...streams.values()].flatMap((s) => [...s.viewers].map((v) => v.userId))),
    stopAll() {
      for (const s of streams.values()) {
        endAll(s, 'shutdown');
        stop(s);
      }
    },
  };
}

export type StreamHub = ReturnType<typeof createStreamHub>;
