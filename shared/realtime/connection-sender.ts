import { ApiGatewayManagementApiClient, GoneException, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { config } from '../config.ts';
import type { ConnectionSender } from './realtime.ts';

let client: ApiGatewayManagementApiClient | undefined;

/**
 * PostToConnection through the WebSocket API's management endpoint (`REALTIME_ENDPOINT`: the
 * stage's https URL in the cloud, the local runtime's `@connections` endpoint locally): the same
 * client in both places.
 */
export const managementSender: ConnectionSender = {
  async post(connectionId, data) {
    if (!config.REALTIME_ENDPOINT) throw new Error('REALTIME_ENDPOINT is not set: declare realtime: push in the route table');
    client ??= new ApiGatewayManagementApiClient({ region: config.AWS_REGION, endpoint: config.REALTIME_ENDPOINT });
    try {
      await client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: data }));
      return 'sent';
    } catch (error) {
      if (error instanceof GoneException || (error as Error).name === 'GoneException') return 'gone';
      throw error;
    }
  },
};
