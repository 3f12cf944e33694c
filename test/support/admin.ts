import { AdminAddUserToGroupCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { RuntimeInfo } from './local-process.ts';
import { call, newUser, type TestUser } from './http-client.ts';

/** Adds a user to the local pool's `admin` group directly (as an operator's first grant would). */
export async function addToAdminGroup(info: RuntimeInfo, email: string): Promise<void> {
  const cognito = new CognitoIdentityProviderClient({
    endpoint: info.endpoints.cognito,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: info.resources.userPoolId, Username: email, GroupName: 'admin' }));
}

/** Signs a user in again; returns their fresh tokens on the user. */
export async function signInAgain(baseUrl: string, user: TestUser): Promise<TestUser> {
  const login = await call(baseUrl, 'POST', '/v1/auth/login', { from: user.from, json: { email: user.email, password: user.password } });
  if (login.status !== 200) throw new Error(`login answered ${login.status}: ${login.text}`);
  return { ...user, token: login.body.accessToken, refreshToken: login.body.refreshToken };
}

/** A fresh user in the admin group, signed in with a token carrying the group. */
export async function newAdmin(info: RuntimeInfo): Promise<TestUser> {
  const user = await newUser(info.url);
  await addToAdminGroup(info, user.email);
  return signInAgain(info.url, user);
}
