import { admin } from '../features/admin/area.tsx';
import { camera } from '../features/camera/area.tsx';
import { incidents } from '../features/incidents/area.tsx';
import { listening } from '../features/listening/area.tsx';
import { tracking } from '../features/tracking/area.tsx';
import type { Area } from './area.ts';

/**
 * Every area of the app, in navigation order. The route table and the navigation (sidebar, phone
 * bar and menu) are built from this list: adding an area is its feature folder plus one line here,
 * and an area not listed here has no link anywhere. The admin areas (`adminOnly`) come last: the
 * navigation lists them under their own heading, for administrators only.
 */
export const AREAS: readonly Area[] = [tracking, listening, incidents, admin, camera];
