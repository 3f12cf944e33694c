/** Test fixture: runs the local SQS on the file given in argv and reports its endpoint over IPC. */
import { startSqsServer } from './sqs-server.ts';

const server = await startSqsServer(process.argv[2]!);
process.send?.({ endpoint: server.endpoint });
