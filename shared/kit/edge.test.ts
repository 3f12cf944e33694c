import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { admitThroughEdge, ORIGIN_VERIFY_HEADER, VIEWER_ADDRESS_HEADER } from './edge.ts';

const SECRET = 'a-long-origin-secret-of-the-stage-0123456789';

const event = (headers: Record<string, string | undefined>): APIGatewayProxyEventV2 =>
  ({
    headers,
    requestContext: { http: { method: 'POST', path: '/v1/auth/login', sourceIp: '130.176.1.2', protocol: 'HTTP/1.1', userAgent: '' } },
  }) as unknown as APIGatewayProxyEventV2;

describe('admitThroughEdge', () => {
  it('refuses a request that reached the API directly (no or a wrong origin secret) with 403', () => {
    for (const headers of [{}, { [ORIGIN_VERIFY_HEADER]: '' }, { [ORIGIN_VERIFY_HEADER]: `${SECRET}x` }, { [ORIGIN_VERIFY_HEADER]: SECRET.slice(1) }]) {
      expect(() => admitThroughEdge(event(headers), SECRET)).toThrow(expect.objectContaining({ status: 403 }));
    }
  });

  it('admits a request through CloudFront and takes the viewer’s address as its source', () => {
    const e = event({ [ORIGIN_VERIFY_HEADER]: SECRET, [VIEWER_ADDRESS_HEADER]: '203.0.113.7' });
    admitThroughEdge(e, SECRET);
    expect(e.requestContext.http.sourceIp).toBe('203.0.113.7');
  });

  it('changes nothing where there is no secret (the local runtime)', () => {
    const e = event({ [VIEWER_ADDRESS_HEADER]: '203.0.113.7' });
    admitThroughEdge(e, undefined);
    expect(e.requestContext.http.sourceIp).toBe('130.176.1.2');
  });
});
