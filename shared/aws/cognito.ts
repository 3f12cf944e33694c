import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { config } from '../config.ts';
import { withoutCallLogging } from './lean-client.ts';

export const cognito = withoutCallLogging(new CognitoIdentityProviderClient({ region: config.AWS_REGION }));
