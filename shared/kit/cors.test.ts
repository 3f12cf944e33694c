import { describe, expect, it } from 'vitest';
import { allowedOrigin, corsHeaders } from './cors.ts';

describe('CORS', () => {
  it('echoes only listed origins and varies on them', () => {
    const list = 'https://app.example, https://admin.example';
    expect(allowedOrigin(list, 'https://admin.example')).toBe('https://admin.example');
    expect(allowedOrigin(list, 'https://evil.example')).toBeUndefined();
    expect(corsHeaders(list, 'https://app.example').vary).toBe('origin');
    expect(corsHeaders(list, 'https://evil.example')).toEqual({});
  });

  it('has no wildcard: * is an origin no browser sends, and an empty list allows none', () => {
    expect(allowedOrigin('*', 'https://a.example')).toBeUndefined();
    expect(corsHeaders('*', 'https://a.example')).toEqual({});
    expect(allowedOrigin('', 'https://a.example')).toBeUndefined();
    expect(allowedOrigin('https://app.example', undefined)).toBeUndefined();
    // Exact matches only: no prefix, suffix or case tricks.
    expect(allowedOrigin('https://app.example', 'https://app.example.evil.test')).toBeUndefined();
    expect(allowedOrigin('https://app.example', 'http://app.example')).toBeUndefined();
  });
});
