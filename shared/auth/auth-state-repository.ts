import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from '../aws/dynamo.ts';
import { authStateKey, toAuthState, type AuthState } from './auth-state.ts';

/** The user's token state (no item: nothing was ever ended). */
export async function readAuthState(userId: string): Promise<AuthState> {
  const out = await dynamo.send(new GetCommand({ TableName: tableName, Key: authStateKey(userId), ConsistentRead: true }));
  return toAuthState(out.Item);
}
