import { dynamoProfiles } from '../users/profile-repository.ts';
import { cognitoIdentity } from './cognito-identity.ts';
import { securityEvent } from './security-events.ts';
import { dynamoSessions } from './session-repository.ts';
import { dynamoSignInGuard } from './sign-in-guard-repository.ts';

/**
 * What signing in and the routes that check the current password need (the pool, profiles, the
 * per-account guard, sessions, security events), on Cognito and DynamoDB.
 */
export const signInDeps = {
  identity: cognitoIdentity,
  profiles: dynamoProfiles,
  guard: dynamoSignInGuard,
  sessions: dynamoSessions,
  security: securityEvent,
  now: () => new Date(),
};
