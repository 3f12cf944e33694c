/**
 * The account area's routes: registration, sign-in (with TOTP MFA), sessions and the signed-in
 * user's profile.
 * `accountRoutes` holds what the handlers need at run time; `accountDeployment` what only the CDK
 * app, the local runtime and the docs read (bundled with no handler).
 */
import { contracts, route } from '../../shared/contract/routes.ts';
import { LoginAnswer, MfaSetup, RegisterAccepted, Session, SessionTokens, User } from '../../shared/auth/responses.ts';
import {
  LoginBody,
  LoginMfaBody,
  LogoutBody,
  MfaEnableBody,
  PasswordConfirmBody,
  RefreshBody,
  RegisterBody,
  UpdateMeBody,
} from '../../shared/auth/schemas.ts';
import type { ConsumerDef, Deployments } from './types.ts';

/** Per client address: sign-in, registration and every route that checks or changes a credential. */
const AUTH_RATE_LIMIT = { requests: 10, windowSeconds: 60 };

export const registerRoute = route('register', { method: 'POST', path: '/v1/auth/register', auth: 'public', body: RegisterBody, rateLimit: AUTH_RATE_LIMIT, successStatus: 202 });
export const loginRoute = route('login', { method: 'POST', path: '/v1/auth/login', auth: 'public', body: LoginBody, rateLimit: AUTH_RATE_LIMIT, successStatus: 200 });
export const loginMfaRoute = route('login-mfa', { method: 'POST', path: '/v1/auth/login/mfa', auth: 'public', body: LoginMfaBody, rateLimit: AUTH_RATE_LIMIT, successStatus: 200 });
export const refreshRoute = route('refresh', { method: 'POST', path: '/v1/auth/refresh', auth: 'public', body: RefreshBody, rateLimit: AUTH_RATE_LIMIT, successStatus: 200 });
export const logoutRoute = route('logout', { method: 'POST', path: '/v1/auth/logout', auth: 'user', body: LogoutBody, rateLimit: AUTH_RATE_LIMIT, idempotent: false, successStatus: 204 });
export const logoutAllRoute = route('logout-all', { method: 'POST', path: '/v1/auth/logout-all', auth: 'user', rateLimit: AUTH_RATE_LIMIT, idempotent: false, successStatus: 204 });
export const getMeRoute = route('get-me', { method: 'GET', path: '/v1/me', auth: 'user' });
export const updateMeRoute = route('update-me', { method: 'PATCH', path: '/v1/me', auth: 'user', body: UpdateMeBody, rateLimit: AUTH_RATE_LIMIT });
export const deleteMeRoute = route('delete-me', { method: 'DELETE', path: '/v1/me', auth: 'user', body: PasswordConfirmBody, rateLimit: AUTH_RATE_LIMIT, successStatus: 204 });
export const mfaSetupRoute = route('mfa-setup', { method: 'POST', path: '/v1/me/mfa/setup', auth: 'user', rateLimit: AUTH_RATE_LIMIT, idempotent: false, successStatus: 200 });
export const mfaEnableRoute = route('mfa-enable', { method: 'POST', path: '/v1/me/mfa/enable', auth: 'user', body: MfaEnableBody, rateLimit: AUTH_RATE_LIMIT, idempotent: false, successStatus: 200 });
export const mfaDisableRoute = route('mfa-disable', { method: 'POST', path: '/v1/me/mfa/disable', auth: 'user', body: PasswordConfirmBody, rateLimit: AUTH_RATE_LIMIT, idempotent: false, successStatus: 200 });

export const accountRoutes = contracts([
  registerRoute,
  loginRoute,
  loginMfaRoute,
  refreshRoute,
  logoutRoute,
  logoutAllRoute,
  getMeRoute,
  updateMeRoute,
  deleteMeRoute,
  mfaSetupRoute,
  mfaEnableRoute,
  mfaDisableRoute,
]);

export const accountDeployment = {
  register: {
    handler: 'functions/auth/register.ts',
    resources: { table: 'write', userPool: 'manage', audit: 'append' },
    summary: 'Create an account (the same answer for a known email; its owner is notified in the app)',
    tag: 'auth',
    response: RegisterAccepted,
  },
  login: {
    handler: 'functions/auth/login.ts',
    resources: { table: 'write', userPool: 'auth', audit: 'append' },
    summary: 'Sign in; returns tokens and the user, or a TOTP challenge; locked with back-off after failures (429)',
    errors: { 401: 'Wrong email or password (one answer for both)' },
    tag: 'auth',
    response: LoginAnswer,
  },
  'login-mfa': {
    handler: 'functions/auth/login-mfa.ts',
    resources: { table: 'write', userPool: 'auth', audit: 'append' },
    summary: 'Complete a sign-in with the code from the authenticator app',
    errors: { 401: 'A wrong code, or a challenge that expired or is unknown' },
    tag: 'auth',
    response: Session,
  },
  refresh: {
    handler: 'functions/auth/refresh.ts',
    resources: { table: 'write', userPool: 'auth' },
    summary: 'Exchange a refresh token for new access and id tokens, while its session lasts',
    errors: { 401: 'The refresh token is not valid: expired, revoked (signed out) or unknown' },
    tag: 'auth',
    response: SessionTokens,
  },
  logout: {
    handler: 'functions/auth/logout.ts',
    resources: { table: 'write', userPool: 'auth' },
    summary: 'Sign this session out: its refresh token and the access token sent stop working',
    tag: 'auth',
  },
  'logout-all': {
    handler: 'functions/auth/logout-all.ts',
    // AdminUserGlobalSignOut: the user pool's own global sign-out.
    resources: { table: 'write', userPool: 'sign-out' },
    summary: 'Sign out everywhere: every session of the account ends, this one included',
    tag: 'auth',
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
    // A password change signs out everywhere (AdminUserGlobalSignOut).
    resources: { table: 'write', userPool: 'sign-out' },
    summary: 'Change display name, time zone or password (with the current one; ends every session)',
    tag: 'auth',
    response: User,
  },
  'delete-me': {
    handler: 'functions/me/delete-me.ts',
    resources: { table: 'write', userPool: 'manage', publishes: ['user.deleted'] },
    timeoutSeconds: 29,
    summary: 'Delete the account and all of its data (with the current password)',
    tag: 'auth',
  },
  'mfa-setup': {
    handler: 'functions/me/mfa-setup.ts',
    resources: { table: 'write', userPool: 'auth' },
    summary: 'Start TOTP enrolment: a secret for an authenticator app, shown once',
    tag: 'auth',
    response: MfaSetup,
  },
  'mfa-enable': {
    handler: 'functions/me/mfa-enable.ts',
    resources: { table: 'write', userPool: 'auth' },
    summary: 'Turn TOTP on with a first code from the app',
    tag: 'auth',
    response: User,
  },
  'mfa-disable': {
    handler: 'functions/me/mfa-disable.ts',
    resources: { table: 'write', userPool: 'auth' },
    summary: 'Turn TOTP off (with the current password)',
    tag: 'auth',
    response: User,
  },
} satisfies Deployments<typeof accountRoutes>;

export const accountConsumers = {
  'purge-user': {
    handler: 'functions/consumers/purge-user.ts',
    eventTypes: ['user.deleted'],
    resources: {
      table: 'write',
      buckets: { imports: 'readwrite', exports: 'readwrite', wearables: 'readwrite', backups: 'readwrite', signals: 'readwrite' },
    },
    batchSize: 1,
    visibilityTimeoutSeconds: 900,
    maxReceiveCount: 5,
    timeoutSeconds: 900,
    memoryMb: 512,
    description: "Deletes a deleted account's data in every area and bucket, then its partition (each step idempotent: a retried run resumes)",
  },
} satisfies Record<string, ConsumerDef>;
