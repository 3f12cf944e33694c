import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddress, isLocalOperator, LOCAL_SECRET_HEADER } from './api-gateway.ts';

const request = (remoteAddress: string, headers: Record<string, string> = {}) =>
  ({ socket: { remoteAddress }, headers }) as unknown as IncomingMessage;

describe('client address', () => {
  it('is the socket’s, unless a trusted proxy on this machine forwarded the request', () => {
    const proxied = request('127.0.0.1', { 'x-forwarded-for': '198.51.100.9, 203.0.113.5' });
    expect(clientAddress(proxied, false)).toBe('127.0.0.1');
    // The last entry is the one the proxy appended; earlier ones are the client's say-so.
    expect(clientAddress(proxied, true)).toBe('203.0.113.5');
    // A request from elsewhere cannot claim an address, trusted proxy or not.
    expect(clientAddress(request('::ffff:192.168.1.20', { 'x-forwarded-for': '203.0.113.5' }), true)).toBe('192.168.1.20');
    expect(clientAddress(request('127.0.0.1'), true)).toBe('127.0.0.1');
  });
});

describe('/_local/* callers', () => {
  const secret = 'per-start-secret-0123456789';
  it('must be on this machine, not relayed, and hold the secret', () => {
    expect(isLocalOperator(request('127.0.0.1', { [LOCAL_SECRET_HEADER]: secret }), secret)).toBe(true);
    expect(isLocalOperator(request('::1', { [LOCAL_SECRET_HEADER]: secret }), secret)).toBe(true);
    expect(isLocalOperator(request('127.0.0.1'), secret)).toBe(false);
    expect(isLocalOperator(request('127.0.0.1', { [LOCAL_SECRET_HEADER]: `${secret}x` }), secret)).toBe(false);
    expect(isLocalOperator(request('192.168.1.20', { [LOCAL_SECRET_HEADER]: secret }), secret)).toBe(false);
    expect(isLocalOperator(request('127.0.0.1', { [LOCAL_SECRET_HEADER]: secret, 'x-forwarded-for': '203.0.113.5' }), secret)).toBe(false);
    expect(isLocalOperator(request('127.0.0.1', { [LOCAL_SECRET_HEADER]: secret, forwarded: 'for=203.0.113.5' }), secret)).toBe(false);
  });
});
