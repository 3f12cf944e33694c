import { useState } from 'react';
import { useTitle } from '../../lib/use-title.ts';
import { PageHeader } from '../../components/ui.tsx';
import type { Range } from './api.ts';
import { RangePicker, TopCard } from './overview-page.tsx';

/** Podcasts and audiobooks: their own top lists (plays and time). */
export function ShowsPage() {
  useTitle('Podcasts & audiobooks');
  const [range, setRange] = useState<Range>('all');
  return (
    <div className="page">
      <PageHeader title="Podcasts & audiobooks" />
      <RangePicker range={range} onChange={setRange} />
      <div className="grid-2">
        <TopCard title="Shows by time" dimension="show" range={range} by="time" />
        <TopCard title="Audiobooks by time" dimension="audiobook" range={range} by="time" />
        <TopCard title="Shows by plays" dimension="show" range={range} by="plays" />
        <TopCard title="Audiobooks by plays" dimension="audiobook" range={range} by="plays" />
      </div>
    </div>
  );
}
