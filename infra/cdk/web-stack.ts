import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Aws, Fn, SecretValue, Stack, type StackProps } from 'aws-cdk-lib';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  Function as CloudFrontFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  PriceClass,
  ViewerProtocolPolicy,
  type BehaviorOptions,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { Bucket, IBucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import type { Construct } from 'constructs';
import { FILES_PATH, type BucketName } from '../../shared/contract/buckets.ts';
import { ORIGIN_VERIFY_HEADER, VIEWER_ADDRESS_HEADER } from '../../shared/kit/edge.ts';
import { API_HEADERS, FILE_HEADERS, SECURITY_HEADERS } from '../security-headers.ts';
import { CLOUDFRONT_WAF_REGION, webAclParameterName } from './edge-stack.ts';
import { suppress, suppressCdkHelpers } from './nag-suppressions.ts';
import { responseHeadersPolicy } from './response-headers.ts';
import { logBucket, secureBucket } from './secure-bucket.ts';
import type { StageSettings } from './stage.ts';
import { stageNames } from './stage-names.ts';

export interface WebStackProps extends StackProps {
  stage: StageSettings;
  /** Project root: the site is `web/dist` (a build) or else `web/public`. */
  root: string;
  /** The HTTP API's endpoint (`https://<id>.execute-api.<region>.amazonaws.com`), served at `/v1/*`. */
  apiEndpoint: string;
  /** The buckets browsers reach with presigned URLs, served at `/_files/<bucket>/*`. */
  files: Partial<Record<BucketName, IBucket>>;
  /** The stage's WAF web ACL (EdgeStack, us-east-1) is attached when true (non-ephemeral stages). */
  webAcl: boolean;
  /**
   * The WebSocket API's endpoint (`wss://<id>.execute-api.<region>.amazonaws.com`), which the app
   * connects to for live updates: added to the policy's `connect-src` (the one origin beside 'self').
   */
  realtimeEndpoint?: string;
  /** Where admins' browsers open camera streams (`https://<camera domain>`), allowed as an image source. */
  cameraOrigin?: string;
}

/**
 * The app's headers with the other origins it talks to: the WebSocket API's in `connect-src`, the
 * camera stream's in `img-src` (an MJPEG stream is an <img>), when the stage has them.
 */
export function withSources(headers: Readonly<Record<string, string>>, sources: { connect?: string; img?: string }): Record<string, string> {
  let csp = headers['content-security-policy'] ?? '';
  for (const [directive, origin] of [
    ['connect-src', sources.connect],
    ['img-src', sources.img],
  ] as const) {
    if (!origin) continue;
    const self = `${directive} 'self'`;
    if (!csp.includes(self)) throw new Error(`The app's policy has no ${self} to extend`);
    csp = csp.replace(self, `${self} ${origin}`);
  }
  return { ...headers, 'content-security-policy': csp };
}

/** The folder to publish: the web build when there is one, else the static placeholder; or none. */
export function webSourceDir(root: string): string | undefined {
  return ['web/dist', 'web/public'].map((dir) => join(root, dir)).find((dir) => existsSync(dir));
}

/** Client-side routes (a last path segment without a file extension) are the app's index.html. */
const SPA_ROUTES = `function handler(event) {
  var request = event.request;
  if (!/\\.[A-Za-z0-9]+$/.test(request.uri)) request.uri = '/index.html';
  return request;
}`;

/** The viewer's address, for the API's per-address limits (a viewer cannot set it: this overwrites it). */
const VIEWER_ADDRESS = `function handler(event) {
  var request = event.request;
  request.headers['${VIEWER_ADDRESS_HEADER}'] = { value: event.viewer.ip };
  return request;
}`;

/** \`/_files/<bucket>/<key>\` → \`/<key>\` on the bucket: the path the presigned URL was signed for. */
const FILES = `function handler(event) {
  var request = event.request;
  request.uri = request.uri.replace(/^${FILES_PATH.replace(/\//g, '\\/')}\\/[a-z0-9-]+/, '') || '/';
  return request;
}`;

/**
 * The stage's one web address: CloudFront in front of the single-page app (a private bucket,
 * origin access control), the API (`/v1/*`) and the buckets browsers use (`/_files/<bucket>/*`),
 * HTTPS only, with the security headers of infra/security-headers.ts and, in non-ephemeral
 * stages, the WAF web ACL of EdgeStack. Everything the app calls is on its own origin, so it
 * needs no CORS; the API refuses requests that do not come through here (shared/kit/edge.ts).
 */
export class WebStack extends Stack {
  readonly bucket: Bucket;
  readonly distribution: Distribution;

  constructor(scope: Construct, id: string, props: WebStackProps) {
    super(scope, id, props);
    const { stage } = props;
    const n = stageNames(stage.name);

    // CloudFront standard logs are written with object ACLs, so this log bucket accepts them.
    const logs = logBucket(this, 'AccessLogs', { stage, acceptAcls: true });
    this.bucket = secureBucket(this, 'SiteBucket', { stage, accessLogs: { bucket: logs, prefix: 'site/' } });

    const viewerRequest = (fid: string, code: string) => [
      {
        eventType: FunctionEventType.VIEWER_REQUEST,
        function: new CloudFrontFunction(this, fid, { code: FunctionCode.fromInline(code), runtime: FunctionRuntime.JS_2_0 }),
      },
    ];
    // Requests pass to the API and buckets as sent (methods, query, Authorization and the rest of
    // the headers but Host, which must be the origin's), and nothing of them is cached.
    const passThrough = {
      viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: AllowedMethods.ALLOW_ALL,
      cachePolicy: CachePolicy.CACHING_DISABLED,
      originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      compress: false,
    } satisfies Partial<BehaviorOptions>;

    const apiBehavior: BehaviorOptions = {
      ...passThrough,
      origin: new HttpOrigin(Fn.select(2, Fn.split('/', props.apiEndpoint)), {
        protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
        // The stage's origin secret, resolved by CloudFormation at deploy time (never in the template).
        customHeaders: { [ORIGIN_VERIFY_HEADER]: SecretValue.secretsManager(n.appSecret('origin-verify')).unsafeUnwrap() },
      }),
      functionAssociations: viewerRequest('ViewerAddress', VIEWER_ADDRESS),
      responseHeadersPolicy: responseHeadersPolicy(this, 'ApiHeaders', `Mosaic ${stage.name}: API answers`, API_HEADERS),
    };
    const filesFunction = viewerRequest('FilesPath', FILES);
    const fileHeaders = responseHeadersPolicy(this, 'FileHeaders', `Mosaic ${stage.name}: files from the buckets`, FILE_HEADERS);
    const fileBehaviors = Object.fromEntries(
      Object.entries(props.files).map(([name, bucket]) => [
        `${FILES_PATH}/${name}/*`,
        {
          ...passThrough,
          // A plain HTTPS origin (no origin access control): the presigned URL's own signature
          // is the authorization, checked by S3 for the host it was signed for.
          origin: new HttpOrigin(bucket.bucketRegionalDomainName, { protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY }),
          functionAssociations: filesFunction,
          responseHeadersPolicy: fileHeaders,
        } satisfies BehaviorOptions,
      ]),
    );

    const webAclId = props.webAcl ? this.webAclArn(stage) : undefined;
    this.distribution = new Distribution(this, 'Distribution', {
      comment: `Mosaic ${stage.name}: web app, API and files`,
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
        responseHeadersPolicy: responseHeadersPolicy(this, 'AppHeaders', `Mosaic ${stage.name}: the web app`, withSources(SECURITY_HEADERS, { connect: props.realtimeEndpoint, img: props.cameraOrigin })),
        functionAssociations: viewerRequest('SpaRoutes', SPA_ROUTES),
        compress: true,
      },
      additionalBehaviors: { '/v1/*': apiBehavior, ...fileBehaviors },
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'cloudfront/',
      webAclId,
    });
    suppress(this.distribution, [
      { id: 'AwsSolutions-CFR1', reason: 'cloudFrontNoGeoRestriction' },
      { id: 'AwsSolutions-CFR4', reason: 'cloudFrontDefaultCertificate' },
      ...(webAclId ? [] : [{ id: 'AwsSolutions-CFR2', reason: 'cloudFrontNoWafEphemeral' } as const]),
    ]);

    const source = webSourceDir(props.root);
    if (source) {
      new BucketDeployment(this, 'Deploy', {
        // The API is on the same origin (/v1), so the app needs no /config.json.
        sources: [Source.asset(source)],
        destinationBucket: this.bucket,
        distribution: this.distribution,
        distributionPaths: ['/*'],
        prune: true,
        logGroup: new LogGroup(this, 'DeployLogs', {
          retention: stage.logRetention,
          removalPolicy: stage.removalPolicy,
        }),
      });
    }
    suppressCdkHelpers(this);
  }

  /**
   * The ARN of the stage's web ACL, which EdgeStack (us-east-1) publishes in an SSM parameter
   * there: read at deploy time by CDK's AwsCustomResource (an SDK call in us-east-1), because
   * CloudFormation resolves SSM references only in the stack's own region. The ARN stays the same
   * while the ACL's rules change (they are updated in place).
   */
  private webAclArn(stage: StageSettings): string {
    const name = webAclParameterName(stage.name);
    const read = new AwsCustomResource(this, 'WebAclArn', {
      // CDK's provider Lambda logs here, with the stage's retention rule.
      logGroup: new LogGroup(this, 'WebAclArnLogs', { retention: stage.logRetention, removalPolicy: stage.removalPolicy }),
      onUpdate: {
        service: 'SSM',
        action: 'getParameter',
        region: CLOUDFRONT_WAF_REGION,
        parameters: { Name: name },
        physicalResourceId: PhysicalResourceId.of(name),
      },
      policy: AwsCustomResourcePolicy.fromSdkCalls({
        resources: [`arn:${Aws.PARTITION}:ssm:${CLOUDFRONT_WAF_REGION}:${Aws.ACCOUNT_ID}:parameter${name}`],
      }),
      installLatestAwsSdk: false,
    });
    return read.getResponseField('Parameter.Value');
  }
}
