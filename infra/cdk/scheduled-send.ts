import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { ContextAttribute, Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { SqsSendMessage } from 'aws-cdk-lib/aws-scheduler-targets';
import { Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { UserPageMessage } from '../../shared/jobs/user-jobs.ts';
import type { PerUserSchedule } from '../routes/types.ts';
import { queueArnOf } from './grants.ts';
import type { StageNames } from './stage-names.ts';

export interface ScheduledSendProps {
  name: string;
  schedule: PerUserSchedule;
  /** Name of the fan-out (user-pages) queue. */
  queueName: string;
  names: StageNames;
}

/**
 * A per-user schedule: EventBridge Scheduler sends the fan-out queue one `UserPageMessage` per
 * run (`{ job, scheduledTime }`); the user-pages consumer takes it from there.
 */
export class ScheduledSend extends Construct {
  readonly schedule: Schedule;
  readonly role: Role;

  constructor(scope: Construct, id: string, props: ScheduledSendProps) {
    super(scope, id);
    const { name, schedule } = props;
    const stack = Stack.of(this);

    // Only Scheduler of this account may assume the role (confused-deputy guard).
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
      description: `Mosaic schedule ${name}: sends its run to the per-user fan-out`,
    });
    const queue = Queue.fromQueueArn(this, 'Queue', queueArnOf(props.queueName));

    const input = {
      job: schedule.perUser,
      scheduledTime: ContextAttribute.scheduledTime,
    } satisfies UserPageMessage;

    this.schedule = new Schedule(this, 'Schedule', {
      scheduleName: props.names.schedule(name),
      description: schedule.description.slice(0, 512),
      schedule: ScheduleExpression.expression(schedule.expression),
      target: new SqsSendMessage(queue, { role: this.role, input: ScheduleTargetInput.fromObject(input) }),
    });
  }
}
