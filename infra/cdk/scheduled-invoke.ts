import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { ContextAttribute, Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { ScheduleInput } from '../../shared/kit/schedule-input.ts';
import type { FunctionSchedule } from '../routes/types.ts';
import { nagString, suppressAfterResolution } from './nag-suppressions.ts';
import type { StageNames } from './stage-names.ts';

export interface ScheduledInvokeProps {
  name: string;
  schedule: FunctionSchedule;
  fn: IFunction;
  names: StageNames;
}

/**
 * EventBridge Scheduler invokes the function on the table's expression with the input
 * `ScheduleInput` of shared/kit/schedule-input.ts: `{ schedule, scheduledTime }`.
 */
export class ScheduledInvoke extends Construct {
  readonly schedule: Schedule;
  readonly role: Role;

  constructor(scope: Construct, id: string, props: ScheduledInvokeProps) {
    super(scope, id);
    const { name, schedule, fn } = props;
    const stack = Stack.of(this);

    // Only Scheduler of this account may assume the role (confused-deputy guard).
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
      description: `Mosaic schedule ${name}: invokes its function`,
    });

    const input = {
      schedule: name,
      scheduledTime: ContextAttribute.scheduledTime,
    } satisfies ScheduleInput;

    this.schedule = new Schedule(this, 'Schedule', {
      scheduleName: props.names.schedule(name),
      description: schedule.description.slice(0, 512),
      schedule: ScheduleExpression.expression(schedule.expression),
      target: new LambdaInvoke(fn, {
        role: this.role,
        input: ScheduleTargetInput.fromObject(input),
      }),
    });

    const policy = this.role.node.tryFindChild('DefaultPolicy');
    if (policy)
      suppressAfterResolution(policy, () => [
        { id: `AwsSolutions-IAM5[Resource::${nagString(policy, fn.functionArn)}:*]`, reason: 'schedulerInvokeVersions' },
      ]);
  }
}
