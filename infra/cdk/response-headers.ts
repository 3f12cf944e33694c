import { Duration } from 'aws-cdk-lib';
import {
  HeadersFrameOption,
  HeadersReferrerPolicy,
  ResponseHeadersPolicy,
  type ResponseCustomHeader,
  type ResponseSecurityHeadersBehavior,
} from 'aws-cdk-lib/aws-cloudfront';
import type { Construct } from 'constructs';

/**
 * A CloudFront response headers policy sending exactly `headers` (a wire header set of
 * infra/security-headers.ts, which the local gateway sends as is): the headers CloudFront has a
 * setting for go there, the others are custom headers. Every header overrides the origin's.
 */
export function responseHeadersPolicy(scope: Construct, id: string, comment: string, headers: Readonly<Record<string, string>>): ResponseHeadersPolicy {
  const security: { -readonly [K in keyof ResponseSecurityHeadersBehavior]: ResponseSecurityHeadersBehavior[K] } = {};
  const custom: ResponseCustomHeader[] = [];
  for (const [name, value] of Object.entries(headers)) {
    switch (name) {
      case 'content-security-policy':
        security.contentSecurityPolicy = { contentSecurityPolicy: value, override: true };
        break;
      case 'strict-transport-security': {
        const m = /^max-age=(\d+)((?:; includeSubDomains)?)((?:; preload)?)$/.exec(value);
        if (!m) throw new Error(`Unsupported strict-transport-security value: ${value}`);
        security.strictTransportSecurity = {
          accessControlMaxAge: Duration.seconds(Number(m[1])),
          includeSubdomains: Boolean(m[2]),
          preload: Boolean(m[3]),
          override: true,
        };
        break;
      }
      case 'x-content-type-options':
        if (value !== 'nosniff') throw new Error(`Unsupported x-content-type-options value: ${value}`);
        security.contentTypeOptions = { override: true };
        break;
      case 'x-frame-options': {
        const option = Object.values(HeadersFrameOption).find((o) => String(o) === value);
        if (!option) throw new Error(`Unsupported x-frame-options value: ${value}`);
        security.frameOptions = { frameOption: option, override: true };
        break;
      }
      case 'referrer-policy': {
        const policy = Object.values(HeadersReferrerPolicy).find((p) => String(p) === value);
        if (!policy) throw new Error(`Unsupported referrer-policy value: ${value}`);
        security.referrerPolicy = { referrerPolicy: policy, override: true };
        break;
      }
      default:
        custom.push({ header: name, value, override: true });
    }
  }
  return new ResponseHeadersPolicy(scope, id, {
    comment,
    securityHeadersBehavior: security,
    ...(custom.length ? { customHeadersBehavior: { customHeaders: custom } } : {}),
  });
}
