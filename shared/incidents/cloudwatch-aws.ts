/**
 * The CloudWatch pull's AWS side: STS AssumeRole with the connection's external id, then
 * CloudWatch and CloudWatch Logs clients of the monitored account's region signed with the
 * temporary credentials. Sessions are cached per warm function until shortly before they expire,
 * so a pull every 5 minutes assumes the role about once an hour.
 */
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { config, isLocal } from '../config.ts';
import type { CloudWatchApi, CloudWatchSession } from './cloudwatch-pull.ts';

const sts = new STSClient({ region: config.AWS_REGION });

/** Assumed sessions of this warm function: role, external id and region → clients and expiry. */
const sessions = new Map<string, { session: CloudWatchSession; expires: number }>();
const REFRESH_BEFORE_MS = 5 * 60_000;

export const awsCloudWatch: CloudWatchApi = {
  async session(region, role) {
    // The local runtime has no AWS account to assume a role from: say so at once rather than time out.
    if (isLocal) throw Object.assign(new Error('no AWS account locally'), { name: 'LocalRuntime' });
    const key = JSON.stringify([role.RoleArn, role.ExternalId, region]);
    const cached = sessions.get(key);
    if (cached && cached.expires - REFRESH_BEFORE_MS > Date.now()) return cached.session;
    const out = await sts.send(new AssumeRoleCommand({ ...role, DurationSeconds: 3600 }));
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw Object.assign(new Error('AssumeRole returned no credentials.'), { name: 'AssumeRoleFailed' });
    const credentials = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}) };
    const cw = new CloudWatchClient({ region, credentials });
    const logs = new CloudWatchLogsClient({ region, credentials });
    const session: CloudWatchSession = {
      describeAlarms: (input) => cw.send(new DescribeAlarmsCommand(input)),
      filterLogEvents: (input) => logs.send(new FilterLogEventsCommand(input)),
    };
    if (sessions.size > 100) sessions.clear();
    sessions.set(key, { session, expires: c.Expiration?.getTime() ?? Date.now() + 15 * 60_000 });
    return session;
  },
};

/** Forgets the cached sessions (tests; a rotated external id also misses the cache by key). */
export function forgetCloudWatchSessions(): void {
  sessions.clear();
}
