import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  UserPool,
  UserPoolGroup,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import type { Construct } from 'constructs';
import { ADMIN_GROUP } from '../../shared/auth/groups.ts';
import { PASSWORD_POLICY } from '../../shared/auth/password-policy.ts';
import { suppress } from './nag-suppressions.ts';
import type { StageSettings } from './stage.ts';
import { stageNames } from './stage-names.ts';

export interface AuthStackProps extends StackProps {
  stage: StageSettings;
}

/**
 * The Cognito user pool. Accounts are created by the API (AdminCreateUser + AdminSetUserPassword),
 * never by self sign-up, so the API's validation and rate limits cannot be bypassed.
 */
export class AuthStack extends Stack {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;

  constructor(scope: Construct, id: string, props: AuthStackProps) {
    super(scope, id, props);
    const { stage } = props;
    const n = stageNames(stage.name);

    this.userPool = new UserPool(this, 'UserPool', {
      userPoolName: n.userPool,
      // Email is the username (UsernameAttributes: email), as AdminCreateUser is called with it.
      signInAliases: { email: true },
      signInCaseSensitive: false,
      selfSignUpEnabled: false,
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      passwordPolicy: {
        minLength: PASSWORD_POLICY.minLength,
        requireLowercase: PASSWORD_POLICY.requireLowercase,
        requireUppercase: PASSWORD_POLICY.requireUppercase,
        requireDigits: PASSWORD_POLICY.requireDigits,
        requireSymbols: PASSWORD_POLICY.requireSymbols,
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Optional TOTP per user (shared/auth/mfa.ts): enrolled from the profile, asked at sign-in.
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      featurePlan: FeaturePlan.ESSENTIALS,
      deletionProtection: stage.deletionProtection,
      removalPolicy: stage.removalPolicy,
    });
    suppress(this.userPool, [
      { id: 'AwsSolutions-COG1', reason: 'passwordPolicy' },
      { id: 'AwsSolutions-COG2', reason: 'optionalMfa' },
      { id: 'AwsSolutions-COG8', reason: 'noPlusTier' },
    ]);

    new UserPoolGroup(this, 'AdminGroup', {
      userPool: this.userPool,
      groupName: ADMIN_GROUP,
      description: 'Mosaic administrators (users, health, logs, backups)',
    });

    this.client = this.userPool.addClient('WebClient', {
      userPoolClientName: n.userPoolClient,
      generateSecret: false,
      // USER_PASSWORD_AUTH; CDK always adds ALLOW_REFRESH_TOKEN_AUTH.
      authFlows: { userPassword: true },
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
    });
  }
}
