import { fileURLToPath } from 'node:url';
import { Tags, type App, type Stack } from 'aws-cdk-lib';
import { APP } from '../naming.ts';
import { ApiStack, type ApiThrottle } from './api-stack.ts';
import { AuthStack } from './auth-stack.ts';
import { bundleFunctions } from './bundle.ts';
import { DataStack } from './data-stack.ts';
import { functionCatalog, ROUTE_TABLE, type RouteTable } from './function-catalog.ts';
import { OpsStack } from './ops-stack.ts';
import { stageSettings, type StageSettings } from './stage.ts';
import { stageNames } from './stage-names.ts';
import { WebStack } from './web-stack.ts';

/** The project root (handlers, web/ and .build/ are relative to it). */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface MosaicOptions {
  stage: string;
  /** Comma-separated CORS origins; `*` allows any. */
  corsOrigins: string;
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

/** Options from `-c stage=… -c corsOrigins=… -c apiRateLimit=… -c apiBurstLimit=…`. */
export function optionsFromContext(app: App): MosaicOptions {
  return {
    stage: String(app.node.tryGetContext('stage') ?? 'dev'),
    corsOrigins: String(app.node.tryGetContext('corsOrigins') ?? '*'),
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
  data: DataStack;
  auth: AuthStack;
  api: ApiStack;
  web: WebStack;
  ops: OpsStack;
}

/**
 * The whole stage: data (table, buckets, bus) · auth (user pool) · api (HTTP API and every
 * function of the route table) · web (CloudFront + S3) · ops (alarms, outputs). Env-agnostic:
 * synthesizes offline, deploys to the account and region of the credentials in use.
 */
export function buildMosaic(app: App, options: MosaicOptions): MosaicStacks {
  const stage = stageSettings(options.stage);
  const n = stageNames(stage.name);
  const specs = functionCatalog(options.table);
  const { dirs } = bundleFunctions(specs, { root: options.root });

  const data = new DataStack(app, n.stack('data'), {
    stage,
    description: `Mosaic ${stage.name}: table, buckets and event bus`,
  });
  const auth = new AuthStack(app, n.stack('auth'), {
    stage,
    description: `Mosaic ${stage.name}: Cognito user pool`,
  });
  const api = new ApiStack(app, n.stack('api'), {
    stage,
    description: `Mosaic ${stage.name}: HTTP API, functions, queues and schedules`,
    resources: {
      table: data.table,
      buckets: data.buckets,
      bus: data.bus,
      userPool: auth.userPool,
      userPoolClient: auth.client,
      secretsKey: data.secretsKey,
      appSecrets: data.appSecrets,
      queueName: n.queue,
    },
    specs,
    schedules: options.table.schedules,
    codeDirs: dirs,
    corsOrigins: options.corsOrigins,
    throttle: options.throttle,
  });
  const web = new WebStack(app, n.stack('web'), {
    stage,
    root: options.root,
    apiUrl: api.httpApi.apiEndpoint,
    description: `Mosaic ${stage.name}: web app (S3 + CloudFront)`,
  });
  const ops = new OpsStack(app, n.stack('ops'), {
    stage,
    api,
    auth,
    web,
    description: `Mosaic ${stage.name}: alarms and stage outputs`,
  });
  // Alarms name functions and queues by name (no reference), so order it explicitly.
  ops.addStackDependency(api, 'alarms address functions and queues by name');

  const stacks: Stack[] = [data, auth, api, web, ops];
  for (const stack of stacks) {
    Tags.of(stack).add('app', APP);
    Tags.of(stack).add('stage', stage.name);
  }
  return { stage, data, auth, api, web, ops };
}
