import { ECSClient } from '@aws-sdk/client-ecs';
import { config } from '../config.ts';
import { dynamoCameraTasks } from './camera-repository.ts';
import { inProcessTasks, onDemandTasks, type CameraTasks, type TaskLaunch } from './camera-tasks.ts';
import { ecsRunTask } from './ecs-run-task.ts';

/**
 * The stage's camera tasks: on demand where the camera stack says how to launch them
 * (`CAMERA_TASKS`, its SSM parameter resolved at deploy), else the one in-process worker (local).
 */
export function stageCameraTasks(): CameraTasks {
  if (!config.CAMERA_TASKS) return inProcessTasks;
  const launch = JSON.parse(config.CAMERA_TASKS) as TaskLaunch;
  return onDemandTasks(dynamoCameraTasks, launch, ecsRunTask(new ECSClient({ region: config.AWS_REGION })));
}
