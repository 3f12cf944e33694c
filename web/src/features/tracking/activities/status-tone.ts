import type { ActivityStatus } from '../../../api/types.ts';
import type { Tone } from '../../../components/ui.tsx';

export const STATUS_TONE: Record<ActivityStatus, Tone> = { active: 'done', paused: 'warn', archived: 'muted' };
