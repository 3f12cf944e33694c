import { describe, expect, it } from 'vitest';
import { allowedOrigin, corsHeaders } from './cors.ts';

describe('CORS', () => {
  it('allows any origin with *', () => {
    expect(allowedOrigin('*', 'https://a.example')).toBe('*');
    expect(corsHeaders('*', undefined)['access-control-allow-origin']).toBe('*');
  });
  it('echoes only listed origins and varies on them', () => {
    const list = 'https://app.example, https://admin.example';
    expect(allowedOrigin(list, 'https://admin.example')).toBe('https://admin.example');
    expect(allowedOrigin(list, 'https://evil.example')).toBeUndefined();
    expect(corsHeaders(list, 'https://app.example').vary).toBe('origin');
    expect(corsHeaders(list, 'https://evil.example')).toEqual({});
  });
});
