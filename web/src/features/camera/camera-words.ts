import type { Camera } from '../../api/types.ts';

/** The stream state in words, as the list and the live view show it. */
export function stateWords(camera: Pick<Camera, 'enabled' | 'health'>): { text: string; tone: 'done' | 'muted' | 'danger' | 'warn' } {
  if (!camera.enabled) return { text: 'Turned off', tone: 'muted' };
  const { health } = camera;
  if (health.state === 'error' && health.error) return { text: health.error.message, tone: 'danger' };
  if (health.state === 'streaming') return { text: `Live · ${health.viewers} watching`, tone: 'done' };
  if (health.state === 'starting') return { text: 'Starting…', tone: 'warn' };
  return { text: 'Idle', tone: 'muted' };
}
