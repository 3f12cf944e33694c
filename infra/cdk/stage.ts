import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

/**
 * What a stage name implies for data and logs. ONE rule, used by every stack:
 *
 * - `dev`, and every stage whose name starts with `test` or `pr-`, is **ephemeral**: its data is
 *   throw-away, so stateful resources are DESTROYed with the stack (buckets are emptied first) and
 *   logs are kept 1 month.
 * - Every other stage RETAINs its table, buckets, user pool, log groups and keys when its stacks
 *   are deleted, and keeps logs 1 year.
 * - `prod` additionally gets deletion protection (table and user pool), so not even a console
 *   click deletes them.
 */
export interface StageSettings {
  readonly name: string;
  readonly ephemeral: boolean;
  readonly removalPolicy: RemovalPolicy;
  readonly deletionProtection: boolean;
  /** Buckets of an ephemeral stage are emptied on stack deletion (CDK's auto-delete helper). */
  readonly autoDeleteObjects: boolean;
  readonly logRetention: RetentionDays;
}

/** Stage names are part of stack, function, queue and bucket names: lowercase, short, dns-safe. */
const STAGE_NAME = /^[a-z][a-z0-9-]{0,19}$/;

export function isEphemeralStage(stage: string): boolean {
  return stage === 'dev' || stage.startsWith('test') || stage.startsWith('pr-');
}

export function stageSettings(stage: string): StageSettings {
  if (!STAGE_NAME.test(stage) || stage.endsWith('-')) {
    throw new Error(
      `Invalid stage "${stage}": use 1-20 lowercase letters, digits and dashes, starting with a letter (e.g. dev, pr-42, prod).`,
    );
  }
  const ephemeral = isEphemeralStage(stage);
  return {
    name: stage,
    ephemeral,
    removalPolicy: ephemeral ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    deletionProtection: stage === 'prod',
    autoDeleteObjects: ephemeral,
    logRetention: ephemeral ? RetentionDays.ONE_MONTH : RetentionDays.ONE_YEAR,
  };
}
