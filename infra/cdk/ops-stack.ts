import { CfnOutput, Duration, NestedStack, SecretValue, Stack, type NestedStackProps, type StackProps } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  Metric,
  TreatMissingData,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { SubscriptionProtocol, Topic, type ITopic } from 'aws-cdk-lib/aws-sns';
import { UrlSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { appSecretId } from '../../shared/contract/secrets.ts';
import type { Construct } from 'constructs';
import type { RealtimeStack } from './realtime-stack.ts';
import type { ApiStack } from './api-stack.ts';
import type { AuthStack } from './auth-stack.ts';
import type { StageSettings } from './stage.ts';
import { stageNames, type StageNames } from './stage-names.ts';
import type { WebStack } from './web-stack.ts';

export interface OpsStackProps extends StackProps {
  stage: StageSettings;
  api: ApiStack;
  /** The real-time stack (its functions and push queue get the same alarms). */
  realtime?: RealtimeStack;
  auth: AuthStack;
  web: WebStack;
}

const PERIOD = Duration.minutes(5);

/** An alarm that fires when a summed metric is above zero in one period, posting to the topic. */
function alarmAboveZero(scope: Construct, id: string, alarmName: string, description: string, metric: IMetric, topic: ITopic) {
  const alarm = new Alarm(scope, id, {
    alarmName,
    alarmDescription: description,
    metric,
    threshold: 0,
    comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });
  alarm.addAlarmAction(new SnsAction(topic));
  alarm.addOkAction(new SnsAction(topic));
  return alarm;
}

interface AlarmGroupStackProps extends NestedStackProps {
  functionNames: string[];
  deadLetterQueueNames: string[];
  topic: ITopic;
  names: StageNames;
}

/**
 * The alarms of one function group (mirrors the API's nested stacks, so alarms scale with the
 * route table too). Functions and queues are addressed by their deterministic names: no
 * cross-stack export ties this stack to a function that may later leave the table.
 */
class AlarmGroupStack extends NestedStack {
  constructor(scope: Construct, id: string, props: AlarmGroupStackProps) {
    super(scope, id, props);
    const { names, topic } = props;
    for (const functionName of props.functionNames) {
      for (const metricName of ['Errors', 'Throttles']) {
        const metric = new Metric({
          namespace: 'AWS/Lambda',
          metricName,
          dimensionsMap: { FunctionName: functionName },
          statistic: 'Sum',
          period: PERIOD,
        });
        alarmAboveZero(
          this,
          `${functionName}-${metricName}`,
          names.alarm(functionName, metricName.toLowerCase()),
          `${metricName} of Lambda function ${functionName}`,
          metric,
          topic,
        );
      }
    }
    for (const queueName of props.deadLetterQueueNames) {
      const metric = new Metric({
        namespace: 'AWS/SQS',
        metricName: 'ApproximateNumberOfMessagesVisible',
        dimensionsMap: { QueueName: queueName },
        statistic: 'Maximum',
        period: PERIOD,
      });
      alarmAboveZero(
        this,
        `${queueName}-Depth`,
        names.alarm(queueName, 'messages'),
        `Messages waiting in dead-letter queue ${queueName}: events a consumer gave up on`,
        metric,
        topic,
      );
    }
  }
}

/** Alarms of the whole stage → one encrypted SNS topic; the stage's addresses as outputs. */
export class OpsStack extends Stack {
  readonly topic: Topic;

  constructor(scope: Construct, id: string, props: OpsStackProps) {
    super(scope, id, props);
    const { stage, api } = props;
    const n = stageNames(stage.name);

    // CloudWatch can publish to an encrypted topic only with a customer-managed key it may use.
    const key = new Key(this, 'AlarmTopicKey', {
      description: `Mosaic ${stage.name}: encrypts the alarm topic`,
      enableKeyRotation: true,
      removalPolicy: stage.removalPolicy,
      pendingWindow: Duration.days(stage.ephemeral ? 7 : 30),
    });
    const cloudwatch = new ServicePrincipal('cloudwatch.amazonaws.com');
    key.grant(cloudwatch, 'kms:Decrypt', 'kms:GenerateDataKey*');

    this.topic = new Topic(this, 'AlarmTopic', {
      topicName: n.alarmTopic,
      displayName: `Mosaic ${stage.name} alarms`,
      masterKey: key,
      enforceSSL: true,
    });
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsOfThisAccount',
        principals: [cloudwatch],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': this.account },
          ArnLike: { 'aws:SourceArn': `arn:${this.partition}:cloudwatch:${this.region}:${this.account}:alarm:*` },
        },
      }),
    );

    // Mosaic watches itself: the alarms post into the stage's own CloudWatch hook (system project
    // "Mosaic <stage>", made by the system-project job; its hook id is the system-hook secret).
    // The hook confirms the subscription once the SNS signature checks.
    const systemHook = SecretValue.secretsManager(appSecretId(stage.name, 'system-hook')).unsafeUnwrap();
    this.topic.addSubscription(
      new UrlSubscription(`https://${props.web.distribution.distributionDomainName}/v1/hooks/${systemHook}`, { protocol: SubscriptionProtocol.HTTPS }),
    );

    for (const group of api.groups) {
      new AlarmGroupStack(this, `${group.node.id}Alarms`, {
        description: `Mosaic ${stage.name}: alarms of ${group.node.id}`,
        functionNames: group.functions.map((f) => f.functionName),
        deadLetterQueueNames: group.consumerQueues.map((q) => q.deadLetterQueueName),
        topic: this.topic,
        names: n,
      });
    }

    if (props.realtime) {
      new AlarmGroupStack(this, 'RealtimeAlarms', {
        description: `Mosaic ${stage.name}: alarms of the real-time functions`,
        functionNames: props.realtime.functionNames,
        deadLetterQueueNames: props.realtime.deadLetterQueueNames,
        topic: this.topic,
        names: n,
      });
      new CfnOutput(this, 'RealtimeUrl', { value: props.realtime.url, description: 'WebSocket URL (tickets from POST /v1/realtime/tickets)' });
    }

    alarmAboveZero(
      this,
      'Api5xx',
      n.alarm(n.api, '5xx'),
      'HTTP API answered 5xx (function errors, timeouts or integration failures)',
      api.httpApi.metricServerError({ period: PERIOD, statistic: 'Sum' }),
      this.topic,
    );

    new CfnOutput(this, 'ApiUrl', { value: api.httpApi.apiEndpoint, description: 'HTTP API base URL' });
    new CfnOutput(this, 'WebUrl', {
      value: `https://${props.web.distribution.distributionDomainName}`,
      description: 'Web app URL',
    });
    new CfnOutput(this, 'UserPoolId', { value: props.auth.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: props.auth.client.userPoolClientId });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.topic.topicArn });
  }
}
