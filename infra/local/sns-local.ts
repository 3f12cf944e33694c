/**
 * The local stand-in for SNS deliveries to HTTPS subscribers: a CA and a signing certificate of
 * this installation (made once with openssl, in the secrets folder), a small server on loopback
 * that serves the certificate and answers SubscribeURLs, and a signer that posts SNS envelopes
 * (SignatureVersion 2, `Content-Type: text/plain`) to a hook, as SNS does. Handlers trust this
 * CA and origin only under the local runtime (shared/incidents/sns-trust.ts).
 */
import { execFileSync } from 'node:child_process';
import { createSign, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { canonicalString, LOCAL_SNS_TRUST_FILE, type SnsMessage } from '../../shared/incidents/sns.ts';

export interface SnsKeys {
  caPem: string;
  certPem: string;
  keyPem: string;
}

const CERT_NAME = 'SimpleNotificationService-local.pem';

/** The installation's SNS CA and signing certificate, made with openssl on first use. */
export function ensureSnsKeys(secretsDir: string): SnsKeys {
  const dir = join(secretsDir, 'sns');
  const file = (name: string) => join(dir, name);
  if (!existsSync(file('signing.pem'))) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const run = (...args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
    run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', file('ca.key'), '-out', file('ca.pem'), '-days', '3650', '-subj', '/CN=Mosaic local SNS CA');
    run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', file('signing.key'), '-out', file('signing.csr'), '-subj', '/CN=sns.local.mosaic');
    run('x509', '-req', '-in', file('signing.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial', '-out', file('signing.pem'), '-days', '3650');
  }
  return { caPem: readFileSync(file('ca.pem'), 'utf8'), certPem: readFileSync(file('signing.pem'), 'utf8'), keyPem: readFileSync(file('signing.key'), 'utf8') };
}

export interface LocalSns {
  origin: string;
  certUrl: string;
  /** Subscriptions confirmed through a SubscribeURL: topic ARN → tokens. */
  confirmed: Map<string, string[]>;
  /** A signed envelope, as SNS would post it. */
  envelope(input: { type?: SnsMessage['Type']; message: string; subject?: string; topicArn: string }): SnsMessage;
  /** Posts a signed envelope to `url` as SNS does (text/plain); returns the answer's status. */
  deliver(url: string, message: SnsMessage): Promise<number>;
  stop(): Promise<void>;
}

/** Starts the local SNS server and writes the trust file handlers read. */
export async function startLocalSns(secretsDir: string): Promise<LocalSns> {
  const keys = ensureSnsKeys(secretsDir);
  const confirmed = new Map<string, string[]>();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'GET' && url.pathname === `/_local/sns/${CERT_NAME}`) {
      res.writeHead(200, { 'content-type': 'application/x-pem-file' }).end(keys.certPem);
      return;
    }
    if (req.method === 'GET' && url.pathname === '/_local/sns/' && url.searchParams.get('Action') === 'ConfirmSubscription') {
      const topic = url.searchParams.get('TopicArn') ?? '';
      confirmed.set(topic, [...(confirmed.get(topic) ?? []), url.searchParams.get('Token') ?? '']);
      res.writeHead(200, { 'content-type': 'text/xml' }).end('<ConfirmSubscriptionResponse><ConfirmSubscriptionResult><SubscriptionArn>local</SubscriptionArn></ConfirmSubscriptionResult></ConfirmSubscriptionResponse>');
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  writeFileSync(join(secretsDir, LOCAL_SNS_TRUST_FILE), JSON.stringify({ origin, caPem: keys.caPem }), { mode: 0o600 });
  const certUrl = `${origin}/_local/sns/${CERT_NAME}`;

  const envelope: LocalSns['envelope'] = ({ type = 'Notification', message, subject, topicArn }) => {
    const token = randomUUID().replace(/-/g, '');
    const m: SnsMessage = {
      Type: type,
      MessageId: randomUUID(),
      TopicArn: topicArn,
      Message: message,
      Timestamp: new Date().toISOString(),
      SignatureVersion: '2',
      Signature: '',
      SigningCertURL: certUrl,
      ...(subject !== undefined && type === 'Notification' ? { Subject: subject } : {}),
      ...(type !== 'Notification' ? { Token: token, SubscribeURL: `${origin}/_local/sns/?Action=ConfirmSubscription&TopicArn=${encodeURIComponent(topicArn)}&Token=${token}` } : {}),
      ...(type === 'Notification' ? { UnsubscribeURL: `${origin}/_local/sns/?Action=Unsubscribe` } : {}),
    };
    m.Signature = createSign('RSA-SHA256').update(canonicalString(m), 'utf8').sign(keys.keyPem, 'base64');
    return m;
  };

  return {
    origin,
    certUrl,
    confirmed,
    envelope,
    async deliver(url, message) {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'text/plain; charset=UTF-8',
          'x-amz-sns-message-type': message.Type,
          'x-amz-sns-message-id': message.MessageId,
          'x-amz-sns-topic-arn': message.TopicArn,
          'user-agent': 'Amazon Simple Notification Service Agent',
        },
        body: JSON.stringify(message),
      });
      await res.body?.cancel();
      return res.status;
    },
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}
