import { ECSClient } from '@aws-sdk/client-ecs';
import { config } from '../config.ts';
import { dynamoCameraTasks } from './camera-repository.ts';
import { inProcessTasks, serviceTasks, type CameraService, type CameraTasks } from './camera-tasks.ts';
import { ecsDesiredCount } from './ecs-service.ts';

/**
 * The stage's camera tasks: the worker service scaled on demand where the camera stack names it
 * (`CAMERA_TASKS`, its SSM parameter resolved at deploy), else the one in-process worker (local).
 */
export function stageCameraTasks(): CameraTasks {
  if (!config.CAMERA_TASKS) return inProcessTasks;
  const service = JSON.parse(config.CAMERA_TASKS) as CameraService;
  return serviceTasks(dynamoCameraTasks, ecsDesiredCount(new ECSClient({ region: config.AWS_REGION }), service));
}
