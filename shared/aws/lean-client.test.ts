import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withoutCallLogging } from './lean-client.ts';

// A server answering every call with DynamoDB's JSON: an item, or a conditional-check failure for table "fail".
let server: Server;
let endpoint: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const input = JSON.parse(body) as { TableName: string };
      res.setHeader('content-type', 'application/x-amz-json-1.0');
      if (input.TableName === 'fail') {
        res.statusCode = 400;
        res.end(JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException', message: 'no such table' }));
      } else res.end(JSON.stringify({ Item: { pk: { S: 'a' }, n: { N: '2' } } }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const client = () => new DynamoDBClient({ region: 'us-east-1', endpoint, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
const named = (c: DynamoDBClient) => c.middlewareStack.identify().map((m) => m.split(' ')[0]);

describe('withoutCallLogging', () => {
  it("takes the SDK's logger middleware out of the client's stack, and nothing else", () => {
    const before = named(client());
    expect(before).toContain('loggerMiddleware');
    const after = named(withoutCallLogging(client()));
    expect(after).not.toContain('loggerMiddleware');
    expect(after).toEqual(before.filter((n) => n !== 'loggerMiddleware'));
  });

  it('leaves calls, the document client and errors as they were', async () => {
    const lean = withoutCallLogging(client());
    expect((await lean.send(new GetItemCommand({ TableName: 't', Key: { pk: { S: 'a' } } }))).Item).toEqual({ pk: { S: 'a' }, n: { N: '2' } });
    const doc = DynamoDBDocumentClient.from(lean);
    expect((await doc.send(new GetCommand({ TableName: 't', Key: { pk: 'a' } }))).Item).toEqual({ pk: 'a', n: 2 });
    await expect(doc.send(new GetCommand({ TableName: 'fail', Key: { pk: 'a' } }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});
