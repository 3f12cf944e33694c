import { sendMessages } from '../aws/sqs.ts';
import { queueUrl } from '../config.ts';

/** The pull jobs' queue (a job queue of the route table). */
export const PULLS_QUEUE = 'incident-pulls';

export const sendPulls = (jobs: Array<{ projectId: string; connectionId: string }>) => sendMessages(queueUrl(PULLS_QUEUE), jobs);
