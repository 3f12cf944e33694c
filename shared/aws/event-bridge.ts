import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { config } from '../config.ts';
import { withoutCallLogging } from './lean-client.ts';

export const eventBridge = withoutCallLogging(new EventBridgeClient({ region: config.AWS_REGION }));
