import {
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ListGroupsCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  SetUserPoolMfaConfigCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { PASSWORD_POLICY } from '../../shared/auth/password-policy.ts';
import { ADMIN_GROUP } from '../../shared/auth/groups.ts';
import type { ConsumerDef } from '../routes/types.ts';

// The table: created from the design, rebuilt when the design gained an index (table-migration.ts).
// dynalite has no TTL support: expired items are swept by the local runtime (see runtime.ts).
export { ensureTable } from './table-migration.ts';

export interface ConsumerQueue {
  url: string;
  deadLetterUrl: string;
}

/** Creates each consumer's queue and dead-letter queue with the redrive the table declares. */
export async function ensureQueues(
  sqs: SQSClient,
  consumers: Record<string, ConsumerDef>,
  queueName: (consumer: string) => string,
  deadLetterQueueName: (consumer: string) => string,
): Promise<Record<string, ConsumerQueue>> {
  const out: Record<string, ConsumerQueue> = {};
  for (const [name, consumer] of Object.entries(consumers)) {
    const dlq = await sqs.send(
      new CreateQueueCommand({
        QueueName: deadLetterQueueName(name),
        Attributes: { MessageRetentionPeriod: String(14 * 24 * 3600) },
      }),
    );
    const dlqArn = (
      await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }))
    ).Attributes!.QueueArn!;
    const queue = await sqs.send(
      new CreateQueueCommand({
        QueueName: queueName(name),
        Attributes: {
          VisibilityTimeout: String(consumer.visibilityTimeoutSeconds),
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: consumer.maxReceiveCount }),
        },
      }),
    );
    out[name] = { url: queue.QueueUrl!, deadLetterUrl: dlq.QueueUrl! };
  }
  return out;
}

export interface UserPoolIds {
  userPoolId: string;
  clientId: string;
}

/** Finds (by name) or creates the user pool, its web client and the `admin` group. */
export async function ensureUserPool(
  cognito: CognitoIdentityProviderClient,
  poolName: string,
  clientName: string,
): Promise<UserPoolIds> {
  const pools = await cognito.send(new ListUserPoolsCommand({ MaxResults: 60 }));
  let userPoolId = pools.UserPools?.find((p) => p.Name === poolName)?.Id;
  if (!userPoolId) {
    const created = await cognito.send(
      new CreateUserPoolCommand({
        PoolName: poolName,
        UsernameAttributes: ['email'],
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        Policies: {
          PasswordPolicy: {
            MinimumLength: PASSWORD_POLICY.minLength,
            RequireLowercase: PASSWORD_POLICY.requireLowercase,
            RequireUppercase: PASSWORD_POLICY.requireUppercase,
            RequireNumbers: PASSWORD_POLICY.requireDigits,
            RequireSymbols: PASSWORD_POLICY.requireSymbols,
          },
        },
        Schema: [{ Name: 'email', AttributeDataType: 'String', Required: true, Mutable: true }],
      }),
    );
    userPoolId = created.UserPool!.Id!;
  }
  // As in the cloud: TOTP MFA is optional, per user (also for pools made before it was offered).
  await cognito.send(
    new SetUserPoolMfaConfigCommand({
      UserPoolId: userPoolId,
      MfaConfiguration: 'OPTIONAL',
      SoftwareTokenMfaConfiguration: { Enabled: true },
    }),
  );
  const clients = await cognito.send(new ListUserPoolClientsCommand({ UserPoolId: userPoolId, MaxResults: 60 }));
  let clientId = clients.UserPoolClients?.find((c) => c.ClientName === clientName)?.ClientId;
  if (!clientId) {
    const created = await cognito.send(
      new CreateUserPoolClientCommand({
        UserPoolId: userPoolId,
        ClientName: clientName,
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        PreventUserExistenceErrors: 'ENABLED',
        // As in the cloud: access and id tokens for an hour, refresh tokens for 30 days.
        AccessTokenValidity: 60,
        IdTokenValidity: 60,
        RefreshTokenValidity: 30,
        TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'days' },
      }),
    );
    clientId = created.UserPoolClient!.ClientId!;
  }
  const groups = await cognito.send(new ListGroupsCommand({ UserPoolId: userPoolId }));
  if (!groups.Groups?.some((g) => g.GroupName === ADMIN_GROUP)) {
    await cognito.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: ADMIN_GROUP }));
  }
  return { userPoolId, clientId };
}
