/**
 * Hooks: each project and source gets an unguessable URL (`/v1/hooks/<id>`). Deliveries are
 * verified on the raw body before anything is parsed (Sentry HMAC, SNS signatures, Grafana and
 * Alertmanager bearer tokens or Grafana's HMAC), then normalised, stored raw and enqueued: the
 * webhook answers 202 as soon as the batch is on the queue; correlation happens behind it.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SealedSecret, SecretBox } from '../secrets/envelope.ts';
import { BadRequestError, LimitReachedError, NotFoundError, UnauthorizedError, UnprocessableError } from '../kit/errors.ts';
import type { RawRequest } from '../kit/http-handler.ts';
import { MAX_HOOKS, MAX_SIGNALS_PER_DELIVERY, RAW_INLINE_BYTES } from './limits.ts';
import type { Hook, HookAuth, HookSource, Signal, SignalBatch } from './model.ts';
import { normaliseAlerts } from './normalise/alerts.ts';
import { normaliseCloudWatch } from './normalise/cloudwatch.ts';
import { isObject, sha256 } from './normalise/read.ts';
import { keptSentryPayload, normaliseSentry } from './normalise/sentry.ts';
import { access, type Caller, type ProjectDeps } from './projects.ts';
import type { ProjectRepository } from './project-repository.ts';
import { readSnsMessage, verifySnsMessage, type SnsMessage, type SnsTrust } from './sns.ts';

/**
 * Hook ids: `h` and 32 random bytes, base64url (256 bits: not guessable, not enumerable); the
 * stage's system hook has the generated `system-hook` secret as its id (64 letters and digits).
 */
export const HOOK_ID = /^(h[A-Za-z0-9_-]{43}|[A-Za-z0-9]{64})$/;

const newHookId = () => `h${randomBytes(32).toString('base64url')}`;
const newToken = () => randomBytes(32).toString('base64url');
const hint = (secret: string) => `…${secret.slice(-4)}`;
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const secretContext = (hook: Pick<Hook, 'id' | 'projectId'>) => ({ projectId: hook.projectId, hookId: hook.id, purpose: 'hook-secret' });

export const hookPath = (hookId: string) => `/v1/hooks/${hookId}`;

/** What the API shows of a hook: never a secret or a token, only a hint. */
export interface PublicHook {
  id: string;
  source: HookSource;
  name: string;
  path: string;
  auth: 'sentry-hmac' | 'sns-signature' | 'bearer' | 'grafana-hmac';
  /** The end of the secret or token (`…a1b2`); null when none is set yet. */
  secretHint: string | null;
  topicArn: string | null;
  createdAt: string;
  lastDeliveryAt: string | null;
  deliveries: number;
}

export function publicHook(hook: Hook): PublicHook {
  const a = hook.auth;
  return {
    id: hook.id,
    source: hook.source,
    name: hook.name,
    path: hookPath(hook.id),
    auth: a.kind === 'sentry' ? 'sentry-hmac' : a.kind === 'sns' ? 'sns-signature' : a.kind,
    secretHint: a.kind === 'sentry' ? (a.secretHint ?? null) : a.kind === 'bearer' ? a.tokenHint : a.kind === 'grafana-hmac' ? a.secretHint : null,
    topicArn: a.kind === 'sns' ? (a.topicArn ?? null) : null,
    createdAt: hook.createdAt,
    lastDeliveryAt: hook.lastDeliveryAt ?? null,
    deliveries: hook.deliveries,
  };
}

export interface HookDeps extends Pick<ProjectDeps, 'projects' | 'now'> {
  box: SecretBox;
}

export interface CreateHookBody {
  source: HookSource;
  name?: string;
  /** Grafana: `bearer` (default) or `hmac`. */
  auth?: 'bearer' | 'hmac';
  /** Sentry: the integration's client secret (may also be set later). */
  secret?: string;
}

/** A new hook and, once, the token or secret the sender must be given (never shown again). */
export async function createHook(deps: HookDeps, projectId: string, userId: string, body: CreateHookBody): Promise<{ hook: PublicHook; secret: string | null }> {
  await access(deps, projectId, userId, 'owner');
  if ((await deps.projects.hooks(projectId)).length >= MAX_HOOKS) throw new LimitReachedError(`A project has at most ${MAX_HOOKS} hooks.`, MAX_HOOKS);
  const id = newHookId();
  const base = { id, projectId };
  let auth: HookAuth;
  let shown: string | null = null;
  switch (body.source) {
    case 'sentry':
      auth = body.secret
        ? { kind: 'sentry', sealedSecret: JSON.stringify(await deps.box.seal(body.secret, secretContext(base))), secretHint: hint(body.secret) }
        : { kind: 'sentry' };
      break;
    case 'cloudwatch':
      auth = { kind: 'sns' };
      break;
    case 'grafana':
    case 'alertmanager':
      shown = newToken();
      auth =
        body.source === 'grafana' && body.auth === 'hmac'
          ? { kind: 'grafana-hmac', sealedSecret: JSON.stringify(await deps.box.seal(shown, secretContext(base))), secretHint: hint(shown) }
          : { kind: 'bearer', tokenHash: hashToken(shown), tokenHint: hint(shown) };
      break;
  }
  const hook: Hook = { id, projectId, source: body.source, name: body.name ?? defaultName(body.source), auth, createdAt: deps.now().toISOString(), deliveries: 0 };
  await deps.projects.putHook(hook);
  return { hook: publicHook(hook), secret: shown };
}

const defaultName = (source: HookSource) => ({ sentry: 'Sentry', cloudwatch: 'CloudWatch alarms (SNS)', grafana: 'Grafana', alertmanager: 'Alertmanager' })[source];

/**
 * Rotates a hook's secret: Sentry's client secret is re-entered (`secret`); a Grafana or
 * Alertmanager token or HMAC secret is regenerated and shown once.
 */
export async function rotateHookSecret(deps: HookDeps, projectId: string, userId: string, hookId: string, secret: string | undefined): Promise<{ hook: PublicHook; secret: string | null }> {
  await access(deps, projectId, userId, 'owner');
  const hook = await deps.projects.getHook(hookId);
  if (!hook || hook.projectId !== projectId) throw new NotFoundError('The hook');
  let shown: string | null = null;
  let auth: HookAuth;
  switch (hook.auth.kind) {
    case 'sentry':
      if (!secret) throw new BadRequestError('secret_required', "Paste the Sentry integration's client secret.");
      auth = { kind: 'sentry', sealedSecret: JSON.stringify(await deps.box.seal(secret, secretContext(hook))), secretHint: hint(secret) };
      break;
    case 'sns':
      throw new BadRequestError('no_secret', 'SNS hooks are verified by Amazon’s signature; there is no secret to rotate.');
    case 'bearer':
      shown = newToken();
      auth = { kind: 'bearer', tokenHash: hashToken(shown), tokenHint: hint(shown) };
      break;
    case 'grafana-hmac':
      shown = newToken();
      auth = { kind: 'grafana-hmac', sealedSecret: JSON.stringify(await deps.box.seal(shown, secretContext(hook))), secretHint: hint(shown) };
      break;
  }
  const next = { ...hook, auth };
  await deps.projects.putHook(next);
  forgetHook(hook.id);
  return { hook: publicHook(next), secret: shown };
}

export async function listHooks(deps: Pick<ProjectDeps, 'projects'>, projectId: string, caller: Caller): Promise<PublicHook[]> {
  await access(deps, projectId, caller, 'viewer');
  return (await deps.projects.hooks(projectId)).sort((a, b) => a.createdAt.localeCompare(b.createdAt)).map(publicHook);
}

export async function deleteHook(deps: Pick<ProjectDeps, 'projects'>, projectId: string, userId: string, hookId: string): Promise<void> {
  await access(deps, projectId, userId, 'owner');
  const hook = await deps.projects.getHook(hookId);
  if (!hook || hook.projectId !== projectId) throw new NotFoundError('The hook');
  await deps.projects.deleteHook(hookId);
  forgetHook(hookId);
}

// ---------------------------------------------------------------------------------------------
// Verification

/** Who sent a verified delivery: the hook, the delivery's id and the body as parsed (when parsed). */
export interface VerifiedDelivery {
  hook: Hook;
  deliveryId: string;
  /** Set when verification had to parse the body (SNS). */
  body?: unknown;
  sns?: SnsMessage;
}

export interface VerifyDeps {
  projects: Pick<ProjectRepository, 'getHook'>;
  box: Pick<SecretBox, 'open'>;
  sns: SnsTrust;
  now: () => Date;
}

/** Opened HMAC secrets per hook, kept for a few minutes (a KMS call per delivery would cost latency). */
const openedSecrets = new Map<string, { secret: string; until: number; sealed: string }>();
const SECRET_CACHE_MS = 5 * 60_000;

async function openSecret(deps: VerifyDeps, hook: Hook, sealed: string): Promise<string> {
  const cached = openedSecrets.get(hook.id);
  const now = Date.now();
  if (cached && cached.until > now && cached.sealed === sealed) return cached.secret;
  const secret = await deps.box.open(JSON.parse(sealed) as SealedSecret, secretContext(hook));
  openedSecrets.set(hook.id, { secret, until: now + SECRET_CACHE_MS, sealed });
  return secret;
}

function sameHex(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given.trim().toLowerCase().replace(/^sha256=/, ''), 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

function bearerOf(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const bearer = /^Bearer\s+(\S+)$/i.exec(header);
  if (bearer) return bearer[1];
  const basic = /^Basic\s+(\S+)$/i.exec(header);
  if (basic) {
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon >= 0 ? decoded.slice(colon + 1) : undefined;
  }
  return undefined;
}

/**
 * Hooks read by a warm function are kept HOOK_CACHE_MS: a burst of deliveries reads its hook
 * once. A deleted hook or a rotated secret takes effect everywhere within that time. An SNS hook
 * whose topic is not pinned yet is not kept: the pin is written by the signals consumer, another
 * function, and must hold for the very next delivery (a copy read before it would accept any topic).
 */
export const HOOK_CACHE_MS = 10_000;
const hookCache = new Map<string, { hook: Hook; until: number }>();

async function cachedHook(deps: VerifyDeps, hookId: string): Promise<Hook | undefined> {
  const now = Date.now();
  const cached = hookCache.get(hookId);
  if (cached && cached.until > now) return cached.hook;
  const hook = await deps.projects.getHook(hookId);
  if (hookCache.size > 1000) hookCache.clear();
  if (hook && !(hook.auth.kind === 'sns' && !hook.auth.topicArn)) hookCache.set(hookId, { hook, until: now + HOOK_CACHE_MS });
  else hookCache.delete(hookId);
  return hook;
}

/** Forgets what this process cached of a hook (after its deletion or rotation here). */
export function forgetHook(hookId: string): void {
  hookCache.delete(hookId);
  openedSecrets.delete(hookId);
}

/** Grafana's signed timestamp may be this far from now (replays beyond are refused). */
const GRAFANA_SKEW_S = 300;

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new BadRequestError('invalid_json', 'The request body is not valid JSON.');
  }
}

/**
 * The SNS message of a body: the body itself, or the one record of a Lambda SNS event
 * (`Records[0].Sns`) that a forwarder passed on as it came (its signature still checks).
 */
function snsBody(body: unknown): unknown {
  const records = isObject(body) && Array.isArray(body.Records) ? body.Records : undefined;
  return records?.length === 1 && isObject(records[0]) && isObject(records[0].Sns) ? records[0].Sns : body;
}

/**
 * Verifies a delivery on its raw body: 404 for an unknown hook, 401 for a missing or wrong
 * signature or token (nothing is stored). Returns the hook and the delivery's id: the source's
 * own (SNS MessageId, Sentry's Request-ID) or the body's hash.
 */
export async function verifyDelivery(deps: VerifyDeps, request: RawRequest): Promise<VerifiedDelivery> {
  const hookId = request.params.hookId ?? '';
  const hook = HOOK_ID.test(hookId) ? await cachedHook(deps, hookId) : undefined;
  if (!hook) throw new NotFoundError('The hook');
  const h = request.headers;
  const bodyHash = sha256(request.body);
  switch (hook.auth.kind) {
    case 'sentry': {
      const given = h['sentry-hook-signature'] ?? h['sentry-app-signature'];
      if (!given) {
        throw new UnauthorizedError(
          'No Sentry-Hook-Signature header. Send from a Sentry internal integration (the legacy WebHooks plugin signs nothing and is not accepted unsigned).',
        );
      }
      if (!hook.auth.sealedSecret) throw new UnauthorizedError("This hook has no client secret yet: paste the Sentry integration's client secret into the hook first.");
      const secret = await openSecret(deps, hook, hook.auth.sealedSecret);
      if (!sameHex(given, createHmac('sha256', secret).update(request.body).digest('hex'))) throw new UnauthorizedError('The Sentry signature does not match.');
      return { hook, deliveryId: h['request-id'] && /^[A-Za-z0-9-]{8,64}$/.test(h['request-id']) ? `sentry-${h['request-id']}` : bodyHash };
    }
    case 'bearer': {
      const token = bearerOf(h.authorization);
      if (!token || !sameHex(hashToken(token), hook.auth.tokenHash)) throw new UnauthorizedError('A missing or wrong token: send the hook’s token as a Bearer Authorization header.');
      return { hook, deliveryId: bodyHash };
    }
    case 'grafana-hmac': {
      const given = h['x-grafana-alerting-signature'];
      if (!given) throw new UnauthorizedError('No X-Grafana-Alerting-Signature header.');
      const secret = await openSecret(deps, hook, hook.auth.sealedSecret);
      const timestamp = h['x-grafana-alerting-signature-timestamp'];
      const signed = timestamp ? Buffer.concat([Buffer.from(`${timestamp}:`), request.body]) : request.body;
      if (!sameHex(given, createHmac('sha256', secret).update(signed).digest('hex'))) throw new UnauthorizedError('The Grafana signature does not match.');
      if (timestamp && Math.abs(deps.now().getTime() / 1000 - Number(timestamp)) > GRAFANA_SKEW_S) throw new UnauthorizedError('The signed timestamp is too old (a replay?).');
      return { hook, deliveryId: bodyHash };
    }
    case 'sns': {
      const body = snsBody(parseJson(request.body));
      const sns = readSnsMessage(body);
      if (!sns) {
        if (h['x-amz-sns-rawdelivery'] === 'true') throw new UnauthorizedError('SNS raw message delivery carries no signature: turn "Enable raw message delivery" off on this subscription.');
        throw new UnauthorizedError('Not a signed SNS message (Type, MessageId, Signature, SigningCertURL, … are required).');
      }
      await verifySnsMessage(sns, deps.sns);
      if (hook.auth.topicArn && hook.auth.topicArn !== sns.TopicArn) throw new UnauthorizedError('This hook is subscribed to another SNS topic.');
      return { hook, deliveryId: `sns-${sns.MessageId}`, body, sns };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Accepting a verified delivery

export interface IngestDeps {
  /** Remembers the delivery (one conditional write); false when it was remembered before (a duplicate). */
  remember(hookId: string, deliveryId: string, at: Date): Promise<boolean>;
  /** Forgets a delivery remembered by an attempt whose signals did not reach the queue. */
  forget(hookId: string, deliveryId: string, at: Date): Promise<void>;
  /** Keeps a large raw payload (with the retention of the signals bucket). */
  storeRaw(key: string, body: Buffer, contentType: string): Promise<void>;
  enqueue(batch: SignalBatch): Promise<void>;
  now: () => Date;
}

/**
 * The signals of a verified delivery's body: 400 for malformed JSON, 422 for a shape no normaliser
 * knows; `kept`, when the payload to keep is not the body as it came (Sentry's, without its end
 * users' data), made from the same parse.
 */
export function normalise(
  verified: VerifiedDelivery,
  raw: RawRequest,
  receivedAt: string,
): { signals: Signal[]; confirm?: SignalBatch['confirmSubscription']; kept?: Buffer } {
  const source = verified.hook.source;
  if (source === 'cloudwatch') {
    const sns = verified.sns!;
    if (sns.Type === 'SubscriptionConfirmation') return { signals: [], confirm: { subscribeUrl: sns.SubscribeURL!, topicArn: sns.TopicArn } };
    if (sns.Type === 'UnsubscribeConfirmation') return { signals: [] };
    return { signals: normaliseCloudWatch(verified.body as Record<string, unknown>, receivedAt) };
  }
  if (raw.body.length === 0) {
    // Sentry may send an empty body (its signature then covers ''): nothing to correlate.
    if (source === 'sentry') return { signals: [] };
    throw new BadRequestError('invalid_json', 'A JSON body is required.');
  }
  const body = verified.body ?? parseJson(raw.body);
  if (source === 'sentry') return { signals: normaliseSentry(body, raw.headers, receivedAt), kept: keptSentryPayload(body) };
  return { signals: normaliseAlerts(source, body, receivedAt) };
}

/** Signals per queue message: ~5 KB each at most, well under SQS's 256 KiB. */
const SIGNALS_PER_MESSAGE = 20;

export interface Accepted {
  deliveryId: string;
  signals: number;
  duplicate: boolean;
}

/**
 * Accepts a verified delivery: normalises it (400/422 before anything is kept), then at once
 * enqueues the signals (the raw payload inline when it is small, else stored in S3 first) and
 * remembers the delivery with one conditional write, so the answer waits for one round trip, not
 * two. Every attempt enqueues, a replay too: the consumer drops signals by their ids, which derive
 * from the delivery's, so the memory only tells the sender `duplicate`, and nothing depends on it.
 * An attempt whose signals did not reach the queue forgets what it remembered, so the sender's
 * retry is not called a duplicate (a crash in between leaves that retry so called, its signals
 * still enqueued and counted once).
 */
export async function acceptDelivery(deps: IngestDeps, verified: VerifiedDelivery, raw: RawRequest): Promise<Accepted> {
  const now = deps.now();
  const receivedAt = now.toISOString();
  // What is kept of the payload: the body as it came, or Sentry's without its end users' data.
  const { signals, confirm, kept = raw.body } = normalise(verified, raw, receivedAt);
  if (signals.length > MAX_SIGNALS_PER_DELIVERY) {
    throw new UnprocessableError('too_many_signals', `A delivery may carry at most ${MAX_SIGNALS_PER_DELIVERY} alerts.`);
  }
  const { hook, deliveryId } = verified;
  const contentType = raw.headers['content-type'] ?? 'application/json';
  const text = kept.length <= RAW_INLINE_BYTES && signals.length <= SIGNALS_PER_MESSAGE ? kept.toString('utf8') : undefined;
  // Inline only what survives as text exactly (SQS carries strings).
  const inline = text !== undefined && Buffer.from(text, 'utf8').equals(kept);
  const rawKey = `${hook.projectId}/${receivedAt.slice(0, 10)}/${hook.id}/${deliveryId}.json`;
  const enqueue = async () => {
    if (!inline) await deps.storeRaw(rawKey, kept, contentType);
    // SQS takes 256 KiB per message: a large group travels in slices, each naming its offset.
    for (let offset = 0; offset < Math.max(1, signals.length); offset += SIGNALS_PER_MESSAGE) {
      await deps.enqueue({
        projectId: hook.projectId,
        hookId: hook.id,
        deliveryId,
        receivedAt,
        ...(inline ? { raw: { body: text, contentType } } : { rawKey }),
        signals: signals.slice(offset, offset + SIGNALS_PER_MESSAGE),
        offset,
        ...(confirm ? { confirmSubscription: confirm } : {}),
      });
    }
  };
  const [enqueued, remembered] = await Promise.allSettled([enqueue(), deps.remember(hook.id, deliveryId, now)]);
  if (enqueued.status === 'rejected') {
    if (remembered.status === 'fulfilled' && remembered.value) await deps.forget(hook.id, deliveryId, now).catch(() => undefined);
    throw enqueued.reason;
  }
  if (remembered.status === 'rejected') throw remembered.reason;
  const fresh = remembered.value;
  return { deliveryId, signals: fresh ? signals.length : 0, duplicate: !fresh };
}
