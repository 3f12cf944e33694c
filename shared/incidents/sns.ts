/**
 * Amazon SNS message signatures (SignatureVersion 1: SHA1withRSA, 2: SHA256withRSA) over the
 * canonical string of the message's fields. The signing certificate is fetched only from an
 * `https://sns.<region>.amazonaws.com[.cn]/….pem` URL, and cached; a SubscribeURL is followed
 * only on such a host, after the signature checked. The host rule is fixed in code
 * (`AWS_SNS_TRUST`); the local runtime's own trust (its CA and certificate origin) is a
 * separate object that only the local runtime builds.
 */
import { createVerify, X509Certificate } from 'node:crypto';
import { UnauthorizedError } from '../kit/errors.ts';
import { isObject, str } from './normalise/read.ts';

/** The file the local runtime writes into its secrets folder: its SNS CA and origin. */
export const LOCAL_SNS_TRUST_FILE = 'sns-trust.json';

export const SNS_TYPES = ['Notification', 'SubscriptionConfirmation', 'UnsubscribeConfirmation'] as const;
export type SnsType = (typeof SNS_TYPES)[number];

export interface SnsMessage {
  Type: SnsType;
  MessageId: string;
  TopicArn: string;
  Message: string;
  Timestamp: string;
  Signature: string;
  SignatureVersion: string;
  SigningCertURL: string;
  Subject?: string;
  SubscribeURL?: string;
  Token?: string;
  UnsubscribeURL?: string;
}

/** Where certificates may come from and how they are fetched and checked. */
export interface SnsTrust {
  /** True for a certificate URL this trust fetches. */
  certUrlAllowed(url: URL): boolean;
  /** True for a SubscribeURL this trust follows. */
  subscribeUrlAllowed(url: URL): boolean;
  fetchText(url: string): Promise<string>;
  /** Throws when the certificate is not one this trust accepts (beyond its URL). */
  checkCertificate?(pem: string): void;
}

/** The hosts of SNS itself: `sns.<region>.amazonaws.com`, and `.com.cn` in China. */
export const SNS_HOST = /^sns\.[a-z]{2}(-[a-z]+)+-\d\.amazonaws\.com(\.cn)?$/;

const awsUrl = (url: URL) => url.protocol === 'https:' && SNS_HOST.test(url.hostname) && url.port === '' && !url.username && !url.password;

async function httpsText(url: string): Promise<string> {
  const res = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(5000) });
  if (!res.ok) throw new Error(`GET ${new URL(url).host} answered ${res.status}`);
  return res.text();
}

/** The one trust the cloud uses: SNS's own hosts over HTTPS, nothing else, no redirects. */
export const AWS_SNS_TRUST: SnsTrust = Object.freeze({
  certUrlAllowed: (url: URL) => awsUrl(url) && url.pathname.endsWith('.pem'),
  subscribeUrlAllowed: (url: URL) => awsUrl(url),
  fetchText: httpsText,
});

/**
 * A trust for one machine: certificates and SubscribeURLs from `origin` (the local runtime),
 * and only certificates its CA issued. Built by the local runtime from its data folder.
 */
export function originTrust(origin: string, caPem: string, fetchText: (url: string) => Promise<string> = httpsOrHttp): SnsTrust {
  const ca = new X509Certificate(caPem);
  const from = (url: URL) => url.origin === origin && url.pathname.startsWith('/_local/sns/');
  return {
    certUrlAllowed: (url) => from(url) && url.pathname.endsWith('.pem'),
    subscribeUrlAllowed: from,
    fetchText,
    checkCertificate(pem) {
      const cert = new X509Certificate(pem);
      if (!cert.checkIssued(ca) || !cert.verify(ca.publicKey)) throw new Error('The certificate was not issued by the local SNS CA');
    },
  };
}

async function httpsOrHttp(url: string): Promise<string> {
  const res = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(5000) });
  if (!res.ok) throw new Error(`GET ${url} answered ${res.status}`);
  return res.text();
}

/** Either trust: SNS's hosts, or the extra one. */
export function eitherTrust(primary: SnsTrust, extra: SnsTrust): SnsTrust {
  return {
    certUrlAllowed: (url) => primary.certUrlAllowed(url) || extra.certUrlAllowed(url),
    subscribeUrlAllowed: (url) => primary.subscribeUrlAllowed(url) || extra.subscribeUrlAllowed(url),
    fetchText: (url) => (primary.certUrlAllowed(new URL(url)) ? primary.fetchText(url) : extra.fetchText(url)),
    checkCertificate: (pem) => {
      // A certificate from the extra origin must satisfy the extra trust's check.
      extra.checkCertificate?.(pem);
    },
  };
}

/** Reads an SNS message (HTTP key casing, or the Lambda event's `SigningCertUrl`/`UnsubscribeUrl`). */
export function readSnsMessage(body: unknown): SnsMessage | undefined {
  if (!isObject(body)) return undefined;
  const b = body;
  const type = str(b.Type);
  if (!type || !(SNS_TYPES as readonly string[]).includes(type)) return undefined;
  const message: Partial<SnsMessage> = {
    Type: type as SnsType,
    MessageId: str(b.MessageId),
    TopicArn: str(b.TopicArn),
    Message: str(b.Message),
    Timestamp: str(b.Timestamp),
    Signature: str(b.Signature),
    SignatureVersion: str(b.SignatureVersion),
    SigningCertURL: str(b.SigningCertURL) ?? str(b.SigningCertUrl),
  };
  if (Object.values(message).some((v) => v === undefined)) return undefined;
  const subject = b.Subject === null ? undefined : str(b.Subject);
  return {
    ...(message as SnsMessage),
    ...(subject !== undefined ? { Subject: subject } : {}),
    ...(str(b.SubscribeURL) ? { SubscribeURL: str(b.SubscribeURL)! } : {}),
    ...(str(b.Token) ? { Token: str(b.Token)! } : {}),
    ...(str(b.UnsubscribeURL) ?? str(b.UnsubscribeUrl) ? { UnsubscribeURL: (str(b.UnsubscribeURL) ?? str(b.UnsubscribeUrl))! } : {}),
  };
}

/** The string SNS signs: `key\nvalue\n` for each field, in its fixed order (Subject only when present). */
export function canonicalString(m: SnsMessage): string {
  const keys: Array<keyof SnsMessage> =
    m.Type === 'Notification'
      ? ['Message', 'MessageId', ...(m.Subject !== undefined ? (['Subject'] as const) : []), 'Timestamp', 'TopicArn', 'Type']
      : ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'];
  return keys.map((k) => `${k}\n${m[k] ?? ''}\n`).join('');
}

const CERT_CACHE_MAX = 50;
const certCache = new Map<string, Promise<string>>();

/** The certificate at `url`, fetched once per warm function (a failed fetch is not cached). */
function certificate(trust: SnsTrust, url: string): Promise<string> {
  let pending = certCache.get(url);
  if (!pending) {
    pending = trust.fetchText(url).then((pem) => {
      trust.checkCertificate?.(pem);
      if (!pem.includes('BEGIN CERTIFICATE')) throw new Error('Not a PEM certificate');
      return pem;
    });
    pending.catch(() => certCache.delete(url));
    if (certCache.size >= CERT_CACHE_MAX) certCache.delete(certCache.keys().next().value!);
    certCache.set(url, pending);
  }
  return pending;
}

/** How many certificates are cached (tests check the cache is used). */
export const cachedCertificates = () => certCache.size;

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/**
 * Verifies an SNS message's signature; throws 401 (UnauthorizedError) when the certificate URL
 * or SubscribeURL is not allowed (before anything is fetched), the version is unknown or the
 * signature does not check.
 */
export async function verifySnsMessage(message: SnsMessage, trust: SnsTrust): Promise<void> {
  const certUrl = parseUrl(message.SigningCertURL);
  if (!certUrl || !trust.certUrlAllowed(certUrl)) {
    throw new UnauthorizedError('The SNS signing certificate URL is not on an SNS host (https://sns.<region>.amazonaws.com/…pem); refused.');
  }
  if (message.Type !== 'Notification') {
    const subscribe = message.SubscribeURL ? parseUrl(message.SubscribeURL) : undefined;
    if (message.Type === 'SubscriptionConfirmation' && (!subscribe || !trust.subscribeUrlAllowed(subscribe))) {
      throw new UnauthorizedError('The SubscribeURL is not on an SNS host; refused.');
    }
  }
  const algorithm = message.SignatureVersion === '1' ? 'RSA-SHA1' : message.SignatureVersion === '2' ? 'RSA-SHA256' : undefined;
  if (!algorithm) throw new UnauthorizedError(`Unknown SNS SignatureVersion ${message.SignatureVersion}.`);
  let pem: string;
  try {
    pem = await certificate(trust, certUrl.toString());
  } catch {
    throw new UnauthorizedError('The SNS signing certificate could not be fetched or is not trusted.');
  }
  const ok = createVerify(algorithm).update(canonicalString(message), 'utf8').verify(pem, message.Signature, 'base64');
  if (!ok) throw new UnauthorizedError('The SNS signature does not verify.');
}
