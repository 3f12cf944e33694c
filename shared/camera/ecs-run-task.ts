import { RunTaskCommand, type ECSClient } from '@aws-sdk/client-ecs';
import type { RunCameraTask } from './camera-tasks.ts';

/** The worker container's variable naming the one camera a task serves. */
export const CAMERA_ID_VARIABLE = 'CAMERA_ID';

/** RunTask on Fargate in the camera stack's public subnets, the camera id as the container's override. */
export function ecsRunTask(client: ECSClient): RunCameraTask {
  return async (launch, cameraId) => {
    const out = await client.send(
      new RunTaskCommand({
        cluster: launch.cluster,
        taskDefinition: launch.taskDefinition,
        launchType: 'FARGATE',
        count: 1,
        // Who started it, in the console and ListTasks: the camera.
        startedBy: `camera-${cameraId}`.slice(0, 128),
        networkConfiguration: { awsvpcConfiguration: { subnets: launch.subnets, securityGroups: launch.securityGroups, assignPublicIp: 'ENABLED' } },
        overrides: { containerOverrides: [{ name: launch.container, environment: [{ name: CAMERA_ID_VARIABLE, value: cameraId }] }] },
      }),
    );
    const taskArn = out.tasks?.[0]?.taskArn;
    return taskArn ? { taskArn } : { failure: out.failures?.map((f) => f.reason ?? f.detail).join('; ') || 'no task' };
  };
}
