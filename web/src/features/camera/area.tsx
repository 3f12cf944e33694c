import type { Area } from '../../app/area.ts';
import { CamerasPage } from './cameras-page.tsx';

/** Admin → Cameras (NightMotion): hidden from non-admins, and its pages refuse them. */
export const camera: Area = {
  id: 'camera',
  label: 'Cameras',
  icon: 'camera',
  home: '/admin/cameras',
  pages: [{ to: '/admin/cameras', label: 'Cameras', icon: 'camera' }],
  paths: ['/admin/cameras'],
  routes: [{ path: '/admin/cameras', element: <CamerasPage /> }],
  adminOnly: true,
};
