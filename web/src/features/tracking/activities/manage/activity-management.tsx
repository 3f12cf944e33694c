import type { Activity } from '../../../../api/types.ts';
import { DeleteSection } from './delete-section.tsx';
import { PausesSection } from './pauses-section.tsx';
import { StatusSection } from './status-section.tsx';

/** Status, pauses and deletion of an existing activity. */
export function ActivityManagement({ activity }: { activity: Activity }) {
  return (
    <>
      <StatusSection activity={activity} />
      <PausesSection activity={activity} />
      <DeleteSection activity={activity} />
    </>
  );
}
