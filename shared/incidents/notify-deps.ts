import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { sqs } from '../aws/sqs.ts';
import { queueUrl } from '../config.ts';
import { dynamoNotifications } from '../notifications/notification-repository.ts';
import type { NotifyDeps } from './notify.ts';
import { dynamoOutgoing } from './outgoing-repository.ts';
import { dynamoProjects } from './project-repository.ts';

/** The outgoing webhooks' job queue. */
export const OUTGOING_QUEUE = 'incident-outgoing';

export const notifyDeps: NotifyDeps = {
  members: (projectId) => dynamoProjects.members(projectId),
  project: (projectId) => dynamoProjects.get(projectId),
  notifications: dynamoNotifications,
  outgoing: dynamoOutgoing,
  async sendJobs(jobs, delaySeconds) {
    for (let i = 0; i < jobs.length; i += 10) {
      const entries = jobs.slice(i, i + 10).map((job, n) => ({ Id: String(n), MessageBody: JSON.stringify(job), DelaySeconds: delaySeconds }));
      const out = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl(OUTGOING_QUEUE), Entries: entries }));
      if (out.Failed?.length) throw new Error(`SQS refused ${out.Failed.length} outgoing job(s)`);
    }
  },
  now: () => new Date(),
};

