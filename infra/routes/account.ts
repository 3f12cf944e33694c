/**
 * The account area's routes: registration, sign-in and the signed-in user's profile.
 * `accountRoutes` holds what the handlers need at run time; `accountDeployment` what only the CDK
 * app, the local runtime and the docs read (bundled with no handler).
 */
import { contracts, route } from '../../shared/contract/routes.ts';
import { Session, SessionTokens, User } from '../../shared/auth/responses.ts';
import { LoginBody, RefreshBody, RegisterBody, UpdateMeBody } from '../../shared/auth/schemas.ts';
import type { ConsumerDef, Deployments } from './types.ts';

const AUTH_RATE_LIMIT = { requests: 10, windowSeconds: 60 };

export const accountRoutes = contracts({
  register: route({ method: 'POST', path: '/v1/auth/register', auth: 'public', body: RegisterBody, rateLimit: AUTH_RATE_LIMIT }),
  login: route({ method: 'POST', path: '/v1/auth/login', auth: 'public', body: LoginBody, rateLimit: AUTH_RATE_LIMIT, successStatus: 200 }),
  refresh: route({ method: 'POST', path: '/v1/auth/refresh', auth: 'public', body: RefreshBody, rateLimit: AUTH_RATE_LIMIT, successStatus: 200 }),
  'get-me': route({ method: 'GET', path: '/v1/me', auth: 'user' }),
  'update-me': route({ method: 'PATCH', path: '/v1/me', auth: 'user', body: UpdateMeBody }),
  'delete-me': route({ method: 'DELETE', path: '/v1/me', auth: 'user', successStatus: 204 }),
});

export const accountDeployment = {
  register: {
    handler: 'functions/auth/register.ts',
    resources: { table: 'write', userPool: 'manage' },
    summary: 'Create an account',
    tag: 'auth',
    response: User,
  },
  login: {
    handler: 'functions/auth/login.ts',
    resources: { table: 'write', userPool: 'auth' },
    summary: 'Sign in; returns tokens and the user',
    tag: 'auth',
    response: Session,
  },
  refresh: {
    handler: 'functions/auth/refresh.ts',
    resources: { table: 'write', userPool: 'auth' },
    summary: 'Exchange a refresh token for new access and id tokens',
    tag: 'auth',
    response: SessionTokens,
  },
  'get-me': {
    handler: 'functions/me/get-me.ts',
    resources: { table: 'read' },
    summary: 'The signed-in user',
    tag: 'auth',
    response: User,
  },
  'update-me': {
    handler: 'functions/me/update-me.ts',
    resources: { table: 'write', userPool: 'auth' },
    summary: 'Change display name, time zone or password',
    tag: 'auth',
    response: User,
  },
  'delete-me': {
    handler: 'functions/me/delete-me.ts',
    resources: { table: 'write', userPool: 'manage', publishes: ['user.deleted'] },
    timeoutSeconds: 29,
    summary: 'Delete the account and all of its data',
    tag: 'auth',
  },
} satisfies Deployments<typeof accountRoutes>;

export const accountConsumers = {
  'purge-user': {
    handler: 'functions/consumers/purge-user.ts',
    eventTypes: ['user.deleted'],
    resources: { table: 'write' },
    batchSize: 1,
    visibilityTimeoutSeconds: 900,
    maxReceiveCount: 5,
    timeoutSeconds: 900,
    memoryMb: 512,
    description: "Deletes every item of a deleted account's partition (resumes where a timed-out run stopped)",
  },
} satisfies Record<string, ConsumerDef>;
