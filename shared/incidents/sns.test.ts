/**
 * SNS signatures with a CA and certificates made here (openssl) and served from a local server:
 * SignatureVersion 1 and 2, the fixed AWS host rule (other hosts refused and never fetched), the
 * certificate cache, SubscribeURL hosts, and certificates of another CA.
 */
import { execFileSync } from 'node:child_process';
import { createSign, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AWS_SNS_TRUST, cachedCertificates, canonicalString, eitherTrust, originTrust, readSnsMessage, verifySnsMessage, type SnsMessage } from './sns.ts';

const dir = mkdtempSync(join(tmpdir(), 'sns-test-'));
const run = (...args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
function ca(name: string) {
  run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, `${name}.key`), '-out', join(dir, `${name}.pem`), '-days', '2', '-subj', `/CN=${name}`);
}
function leaf(name: string, issuer: string) {
  run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, `${name}.key`), '-out', join(dir, `${name}.csr`), '-subj', `/CN=${name}`);
  run('x509', '-req', '-in', join(dir, `${name}.csr`), '-CA', join(dir, `${issuer}.pem`), '-CAkey', join(dir, `${issuer}.key`), '-CAcreateserial', '-out', join(dir, `${name}.pem`), '-days', '2');
}
const pem = (name: string) => readFileSync(join(dir, `${name}.pem`), 'utf8');
const key = (name: string) => readFileSync(join(dir, `${name}.key`), 'utf8');

let server: Server;
let origin: string;
const fetched: string[] = [];

beforeAll(async () => {
  ca('test-ca');
  ca('rogue-ca');
  leaf('signer', 'test-ca');
  leaf('rogue', 'rogue-ca');
  server = createServer((req, res) => {
    fetched.push(req.url ?? '');
    const m = /^\/_local\/sns\/(\w+)\.pem$/.exec(req.url ?? '');
    if (m) res.writeHead(200).end(pem(m[1]!));
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
});

function signed(version: '1' | '2', signer = 'signer', extra: Partial<SnsMessage> = {}): SnsMessage {
  const m: SnsMessage = {
    Type: 'Notification',
    MessageId: randomUUID(),
    TopicArn: 'arn:aws:sns:eu-west-1:123456789012:t',
    Message: '{"AlarmName":"x"}',
    Timestamp: new Date().toISOString(),
    SignatureVersion: version,
    Signature: '',
    SigningCertURL: `${origin}/_local/sns/${signer}.pem`,
    Subject: 'ALARM: "x"',
    ...extra,
  };
  m.Signature = createSign(version === '1' ? 'RSA-SHA1' : 'RSA-SHA256').update(canonicalString(m), 'utf8').sign(key(signer), 'base64');
  return m;
}

describe('SNS signatures', () => {
  it('verifies SignatureVersion 1 and 2 and caches the certificate', async () => {
    const trust = originTrust(origin, pem('test-ca'));
    const before = fetched.length;
    await verifySnsMessage(signed('1'), trust);
    await verifySnsMessage(signed('2'), trust);
    expect(fetched.length - before).toBe(1);
    expect(cachedCertificates()).toBeGreaterThan(0);
  });

  it('leaves Subject out of the canonical string when absent', async () => {
    const trust = originTrust(origin, pem('test-ca'));
    const { Subject: _s, ...rest } = signed('2');
    const noSubject = { ...rest } as SnsMessage;
    noSubject.Signature = createSign('RSA-SHA256').update(canonicalString(noSubject), 'utf8').sign(key('signer'), 'base64');
    expect(canonicalString(noSubject)).not.toContain('Subject');
    await verifySnsMessage(noSubject, trust);
  });

  it('refuses a changed message, an unknown version and a certificate of another CA', async () => {
    const trust = originTrust(origin, pem('test-ca'));
    await expect(verifySnsMessage({ ...signed('2'), Message: 'changed' }, trust)).rejects.toThrow(/does not verify/);
    await expect(verifySnsMessage({ ...signed('2'), SignatureVersion: '3' }, trust)).rejects.toThrow(/SignatureVersion/);
    await expect(verifySnsMessage(signed('2', 'rogue'), trust)).rejects.toThrow(/not trusted/);
  });

  it('in production accepts certificates only from https://sns.<region>.amazonaws.com/….pem, and never fetches others', async () => {
    const spy = vi.fn(() => Promise.resolve('never'));
    const trust = { ...AWS_SNS_TRUST, fetchText: spy };
    for (const url of [
      `${origin}/_local/sns/signer.pem`,
      'http://sns.us-east-1.amazonaws.com/SimpleNotificationService-a.pem',
      'https://sns.us-east-1.amazonaws.com.evil.com/SimpleNotificationService-a.pem',
      'https://evil.com/sns.us-east-1.amazonaws.com/a.pem',
      'https://sns.us-east-1.amazonaws.com:8443/SimpleNotificationService-a.pem',
      'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-a.txt',
      'https://user@sns.us-east-1.amazonaws.com/SimpleNotificationService-a.pem',
    ]) {
      await expect(verifySnsMessage({ ...signed('2'), SigningCertURL: url }, trust), url).rejects.toThrow(/not on an SNS host/);
    }
    expect(spy).not.toHaveBeenCalled();
    expect(AWS_SNS_TRUST.certUrlAllowed(new URL('https://sns.ap-southeast-2.amazonaws.com/SimpleNotificationService-433026a4050d206028891664da859041.pem'))).toBe(true);
    expect(AWS_SNS_TRUST.certUrlAllowed(new URL('https://sns.cn-north-1.amazonaws.com.cn/SimpleNotificationService-x.pem'))).toBe(true);
    expect(Object.isFrozen(AWS_SNS_TRUST)).toBe(true);
  });

  it('refuses a SubscriptionConfirmation whose SubscribeURL is on another host, before fetching anything', async () => {
    const local = originTrust(origin, pem('test-ca'));
    const before = fetched.length;
    const confirmation = signed('2', 'signer', { Type: 'SubscriptionConfirmation', Token: 't', SubscribeURL: 'https://attacker.example/confirm', Subject: undefined });
    delete confirmation.Subject;
    await expect(verifySnsMessage(confirmation, eitherTrust(AWS_SNS_TRUST, local))).rejects.toThrow(/SubscribeURL/);
    expect(fetched.length).toBe(before);
  });

  it('reads the Lambda key casing and refuses envelopes that lack signed fields', () => {
    const lambda = readSnsMessage({ Type: 'Notification', MessageId: 'm', TopicArn: 't', Message: 'x', Timestamp: 'now', Signature: 's', SignatureVersion: '1', SigningCertUrl: 'https://sns.us-east-1.amazonaws.com/a.pem', UnsubscribeUrl: 'u' });
    expect(lambda?.SigningCertURL).toBe('https://sns.us-east-1.amazonaws.com/a.pem');
    expect(readSnsMessage({ Type: 'Notification', Message: 'x' })).toBeUndefined();
    expect(readSnsMessage('text')).toBeUndefined();
  });
});
