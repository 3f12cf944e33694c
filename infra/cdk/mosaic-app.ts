import { fileURLToPath } from 'node:url';
import { Tags, type App, type Stack } from 'aws-cdk-lib';
import { APP } from '../naming.ts';
import { ApiStack, type ApiThrottle } from './api-stack.ts';
import { CameraStack, cameraFrameAlarm } from './camera-stack.ts';
import { AuthStack } from './auth-stack.ts';
import { bundleFunctions } from './bundle.ts';
import { DataStack } from './data-stack.ts';
import { EdgeStack } from './edge-stack.ts';
import { parseOrigins } from '../origins.ts';
import { functionCatalog, inRealtimeStack, ROUTE_TABLE, type RouteTable } from './function-catalog.ts';
import { functionEnvironment } from './function-environment.ts';
import { RealtimeStack } from './realtime-stack.ts';
import { OpsStack } from './ops-stack.ts';
import { BUCKET_NAMES, BUCKETS } from '../../shared/contract/buckets.ts';
import { stageSettings, type StageSettings } from './stage.ts';
import { stageNames } from './stage-names.ts';
import { WebStack } from './web-stack.ts';
import { videoStreamPrefix } from '../../shared/camera/video-streams.ts';

/** The project root (handlers, web/ and .build/ are relative to it). */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface MosaicOptions {
  stage: string;
  /**
   * Web origins besides the stage's own (its CloudFront address, where the app, API and files
   * all live) that may call the API and use presigned URLs on the buckets. Default: none.
   */
  corsOrigins: string[];
  throttle: ApiThrottle;
  root: string;
  /** The route table to build from (tests may pass a variant). */
  table: RouteTable;
}

export const DEFAULT_THROTTLE: ApiThrottle = { rateLimit: 100, burstLimit: 200 };

function numberContext(app: App, key: string, fallback: number): number {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new Error(`Context ${key} must be a positive number, got ${JSON.stringify(value)}`);
  return parsed;
}

function stringContext(app: App, key: string): string | undefined {
  const value: unknown = app.node.tryGetContext(key);
  return typeof value === 'string' && value ? value : undefined;
}

/** Options from `-c stage=… -c corsOrigins=… -c apiRateLimit=… -c apiBurstLimit=…`. */
export function optionsFromContext(app: App): MosaicOptions {
  return {
    stage: String(app.node.tryGetContext('stage') ?? 'dev'),
    corsOrigins: parseOrigins(String(app.node.tryGetContext('corsOrigins') ?? ''), 'Context corsOrigins'),
    throttle: {
      rateLimit: numberContext(app, 'apiRateLimit', DEFAULT_THROTTLE.rateLimit),
      burstLimit: numberContext(app, 'apiBurstLimit', DEFAULT_THROTTLE.burstLimit),
    },
    root: PROJECT_ROOT,
    table: ROUTE_TABLE,
  };
}

export interface MosaicStacks {
  stage: StageSettings;
  /** The WAF web ACL (us-east-1); non-ephemeral stages only. */
  edge?: EdgeStack;
  data: DataStack;
  auth: AuthStack;
  api: ApiStack;
  /** The WebSocket API and the functions that push to it (absent when the table has no WebSocket routes). */
  realtime?: RealtimeStack;
  camera: CameraStack;
  web: WebStack;
  ops: OpsStack;
}

/**
 * The whole stage: data (table, buckets, bus) · auth (user pool) · api (HTTP API and every
 * function of the route table) · web (CloudFront in front of the app, the API and the files) ·
 * ops (alarms, outputs), and in non-ephemeral stages edge (the WAF web ACL, pinned to us-east-1
 * as CloudFront requires). Env-agnostic: synthesizes offline, deploys to the account and region
 * of the credentials in use (edge: that account, us-east-1).
 */
export function buildMosaic(app: App, options: MosaicOptions): MosaicStacks {
  const stage = stageSettings(options.stage);
  const n = stageNames(stage.name);
  const specs = functionCatalog(options.table);
  const { dirs } = bundleFunctions(specs, { root: options.root });

  const data = new DataStack(app, n.stack('data'), {
    stage,
    corsOrigins: options.corsOrigins,
    description: `Mosaic ${stage.name}: table, buckets and event bus`,
  });
  const auth = new AuthStack(app, n.stack('auth'), {
    stage,
    description: `Mosaic ${stage.name}: Cognito user pool`,
  });
  const resources = {
    table: data.table,
    buckets: data.buckets,
    bus: data.bus,
    userPool: auth.userPool,
    userPoolClient: auth.client,
    secretsKey: data.secretsKey,
    appSecrets: data.appSecrets,
    queueName: n.queue,
    deadLetterQueueName: n.deadLetterQueue,
    consumerNames: Object.keys(options.table.consumers),
    functionLogGroupPrefix: n.functionLogGroup(n.function('')),
    videoStreamPrefix: videoStreamPrefix(stage.name),
    camera: n.camera,
  };
  const camera = new CameraStack(app, n.stack('camera'), {
    stage,
    resources,
    corsOrigins: options.corsOrigins.join(','),
    root: options.root,
    domain: stringContext(app, 'cameraDomain'),
    certificateArn: stringContext(app, 'cameraCertificateArn'),
    description: `Mosaic ${stage.name}: camera worker (ECS Fargate ffmpeg) behind an HTTPS load balancer, for Kinesis Video camera streams`,
  });
  const realtimeSpecs = specs.filter(inRealtimeStack);
  const realtime = realtimeSpecs.length
    ? new RealtimeStack(app, n.stack('realtime'), {
        stage,
        description: `Mosaic ${stage.name}: real-time WebSocket API and the consumers that push to it`,
        resources,
        specs: realtimeSpecs,
        codeDirs: dirs,
        environment: functionEnvironment(stage, resources, options.corsOrigins.join(',')),
        throttle: options.throttle,
      })
    : undefined;
  const api = new ApiStack(app, n.stack('api'), {
    stage,
    description: `Mosaic ${stage.name}: HTTP API, functions, queues and schedules`,
    resources: { ...resources, ...(realtime ? { realtime: { url: realtime.url } } : {}) },
    specs: specs.filter((s) => !inRealtimeStack(s)),
    schedules: options.table.schedules,
    codeDirs: dirs,
    corsOrigins: options.corsOrigins,
    throttle: options.throttle,
  });
  const edge = stage.ephemeral
    ? undefined
    : new EdgeStack(app, n.stack('edge'), {
        stage,
        description: `Mosaic ${stage.name}: WAF web ACL of the CloudFront distribution (us-east-1)`,
      });
  const web = new WebStack(app, n.stack('web'), {
    stage,
    root: options.root,
    apiEndpoint: api.httpApi.apiEndpoint,
    files: Object.fromEntries(BUCKET_NAMES.filter((b) => BUCKETS[b].browserAccess).map((b) => [b, data.buckets[b]])),
    webAcl: edge !== undefined,
    ...(realtime ? { realtimeEndpoint: realtime.api.apiEndpoint } : {}),
    cameraOrigin: camera.streamOrigin,
    description: `Mosaic ${stage.name}: CloudFront for the web app, the API (/v1) and files (/_files)`,
  });
  // The distribution's origin header reads the origin-verify secret (data) by name, and the web
  // ACL's ARN comes from the edge stack's parameter: both must exist first.
  web.addStackDependency(data, 'the origin-verify secret');
  if (edge) web.addStackDependency(edge, 'the web ACL ARN parameter');
  const ops = new OpsStack(app, n.stack('ops'), {
    stage,
    api,
    realtime,
    auth,
    web,
    description: `Mosaic ${stage.name}: alarms and stage outputs`,
  });
  // Alarms name functions and queues by name (no reference), so order it explicitly.
  ops.addStackDependency(api, 'alarms address functions and queues by name');
  if (realtime) ops.addStackDependency(realtime, 'alarms address functions and queues by name');

  // The ticket route reads the stream address from the camera stack's SSM parameter at deploy time.
  api.addStackDependency(camera, 'the camera stream address parameter');
  cameraFrameAlarm(ops, stage.name, ops.topic);

  const stacks: Stack[] = [...(edge ? [edge] : []), data, auth, camera, ...(realtime ? [realtime] : []), api, web, ops];
  for (const stack of stacks) {
    Tags.of(stack).add('app', APP);
    Tags.of(stack).add('stage', stage.name);
  }
  return { stage, edge, data, auth, api, camera, realtime, web, ops };
}
