import { S3Client } from '@aws-sdk/client-s3';
import { config, isLocal } from '../config.ts';
import { withoutCallLogging } from './lean-client.ts';

/** Path-style addressing locally: the stand-in serves buckets under one loopback host. */
export const s3 = withoutCallLogging(new S3Client({ region: config.AWS_REGION, forcePathStyle: isLocal }));
