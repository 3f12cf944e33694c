import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import {
  Distribution,
  HttpVersion,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import { suppress, suppressCdkHelpers } from './nag-suppressions.ts';
import { logBucket, secureBucket } from './secure-bucket.ts';
import type { StageSettings } from './stage.ts';

export interface WebStackProps extends StackProps {
  stage: StageSettings;
  /** Project root: the site is `web/dist` (a build) or else `web/public`. */
  root: string;
  /** The API's base URL, published beside the app as `/config.json` (the app reads it at start). */
  apiUrl?: string;
}

/** The folder to publish: the web build when there is one, else the static placeholder; or none. */
export function webSourceDir(root: string): string | undefined {
  return ['web/dist', 'web/public'].map((dir) => join(root, dir)).find((dir) => existsSync(dir));
}

/** The single-page app: a private bucket behind CloudFront (origin access control), HTTPS only. */
export class WebStack extends Stack {
  readonly bucket: Bucket;
  readonly distribution: Distribution;

  constructor(scope: Construct, id: string, props: WebStackProps) {
    super(scope, id, props);
    const { stage } = props;

    // CloudFront standard logs are written with object ACLs, so this log bucket accepts them.
    const logs = logBucket(this, 'AccessLogs', { stage, acceptAcls: true });
    this.bucket = secureBucket(this, 'SiteBucket', { stage, accessLogs: { bucket: logs, prefix: 'site/' } });

    this.distribution = new Distribution(this, 'Distribution', {
      comment: `Mosaic ${stage.name} web app`,
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
        responseHeadersPolicy: ResponseHeadersPolicy.SECURITY_HEADERS,
        compress: true,
      },
      defaultRootObject: 'index.html',
      // Client-side routes: any path the bucket does not hold is the app's index.html.
      errorResponses: [403, 404].map((httpStatus) => ({
        httpStatus,
        responseHttpStatus: 200,
        responsePagePath: '/index.html',
        ttl: Duration.seconds(0),
      })),
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'cloudfront/',
    });
    suppress(this.distribution, [
      { id: 'AwsSolutions-CFR1', reason: 'cloudFrontNoGeoRestriction' },
      { id: 'AwsSolutions-CFR2', reason: 'cloudFrontNoWaf' },
      { id: 'AwsSolutions-CFR4', reason: 'cloudFrontDefaultCertificate' },
    ]);

    const source = webSourceDir(props.root);
    if (source) {
      new BucketDeployment(this, 'Deploy', {
        // The app and the API live on different domains: /config.json tells the app where the API is.
        sources: [Source.asset(source), ...(props.apiUrl ? [Source.jsonData('config.json', { apiUrl: props.apiUrl })] : [])],
        destinationBucket: this.bucket,
        distribution: this.distribution,
        distributionPaths: ['/*'],
        prune: true,
        logGroup: new LogGroup(this, 'DeployLogs', {
          retention: stage.logRetention,
          removalPolicy: stage.removalPolicy,
        }),
      });
      suppressCdkHelpers(this);
    }
  }
}
