import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { config } from '../config.ts';

export const eventBridge = new EventBridgeClient({ region: config.AWS_REGION });
