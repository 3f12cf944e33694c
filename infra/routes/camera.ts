/**
 * The camera area (NightMotion): admins keep cameras and ask for stream tickets. The stream itself
 * is served by the camera worker (shared/camera/worker/), not by a Lambda: API Gateway cannot hold
 * a long streaming response. See docs/camera.md.
 */
import { CameraList, Camera, CameraTicketAnswer } from '../../shared/camera/responses.ts';
import { CameraParams, CreateCameraBody, UpdateCameraBody } from '../../shared/camera/schemas.ts';
import { contracts, route } from '../../shared/contract/routes.ts';
import type { Deployments } from './types.ts';

export const listCamerasRoute = route('list-cameras', { method: 'GET', path: '/v1/admin/cameras', auth: 'admin' });
export const createCameraRoute = route('create-camera', { method: 'POST', path: '/v1/admin/cameras', auth: 'admin', body: CreateCameraBody });
export const getCameraRoute = route('get-camera', { method: 'GET', path: '/v1/admin/cameras/{id}', auth: 'admin', params: CameraParams });
export const updateCameraRoute = route('update-camera', { method: 'PATCH', path: '/v1/admin/cameras/{id}', auth: 'admin', params: CameraParams, body: UpdateCameraBody });
export const deleteCameraRoute = route('delete-camera', { method: 'DELETE', path: '/v1/admin/cameras/{id}', auth: 'admin', params: CameraParams, successStatus: 204 });
export const createCameraTicketRoute = route('create-camera-ticket', {
  method: 'POST',
  path: '/v1/admin/cameras/{id}/ticket',
  auth: 'admin',
  params: CameraParams,
  // A ticket is single-use and rate limited per user (CAMERA_LIMITS): a replay must not hand out another.
  idempotent: false,
});
export const getCameraSnapshotRoute = route('get-camera-snapshot', { method: 'GET', path: '/v1/admin/cameras/{id}/snapshot', auth: 'admin', params: CameraParams });

export const cameraRoutes = contracts([
  listCamerasRoute,
  createCameraRoute,
  getCameraRoute,
  updateCameraRoute,
  deleteCameraRoute,
  createCameraTicketRoute,
  getCameraSnapshotRoute,
]);

export const cameraDeployment = {
  'list-cameras': {
    handler: 'functions/camera/list-cameras.ts',
    resources: { table: 'read' },
    summary: 'Every camera with its stream state (viewers, last frame, last error), by name',
    tag: 'camera',
    response: CameraList,
  },
  'create-camera': {
    handler: 'functions/camera/create-camera.ts',
    resources: { table: 'write', secrets: { envelope: 'seal' }, videoStreams: 'manage' },
    summary: 'Add a camera (RTSP address, credentials sealed, size and rate caps) and its Kinesis Video stream',
    tag: 'camera',
    response: Camera,
  },
  'get-camera': {
    handler: 'functions/camera/get-camera.ts',
    resources: { table: 'read' },
    summary: 'One camera with its stream state',
    tag: 'camera',
    response: Camera,
  },
  'update-camera': {
    handler: 'functions/camera/update-camera.ts',
    resources: { table: 'write', secrets: { envelope: 'seal-open' } },
    summary: 'Change a camera; a user name or password given replaces the stored one',
    tag: 'camera',
    response: Camera,
  },
  'delete-camera': {
    handler: 'functions/camera/delete-camera.ts',
    resources: { table: 'write', videoStreams: 'manage' },
    summary: 'Delete a camera and its Kinesis Video stream',
    tag: 'camera',
  },
  'create-camera-ticket': {
    handler: 'functions/camera/create-camera-ticket.ts',
    resources: { table: 'write', secrets: { app: ['signing-key'] }, cameraTasks: 'start' },
    summary: 'A single-use stream ticket (about a minute, this admin and camera only; 2 per minute), or 202 `starting` while the camera\'s worker task starts',
    tag: 'camera',
    response: CameraTicketAnswer,
  },
  'get-camera-snapshot': {
    handler: 'functions/camera/get-camera-snapshot.ts',
    resources: { table: 'read' },
    summary: 'The camera\'s last picture, one JPEG (the list\'s thumbnail)',
    tag: 'camera',
    binaryResponse: 'image/jpeg',
  },
} satisfies Deployments<typeof cameraRoutes>;
