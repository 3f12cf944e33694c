import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { loadError } from '../../api/query-error.ts';
import { Button, Empty, ErrorBox, PageHeader, Spinner, Stat } from '../../components/ui.tsx';
import { counted } from '../../lib/format.ts';
import { useTitle } from '../../lib/use-title.ts';
import { useSession } from '../account/session.tsx';
import { listeningApi, listeningKeys, type Dimension, type Range, type TopList } from './api.ts';
import { ListeningHeatmap, MinuteBars } from './charts.tsx';

const RANGES: Array<[Range, string]> = [
  ['4w', '4 weeks'],
  ['6m', '6 months'],
  ['1y', 'Year'],
  ['all', 'All time'],
];

const hours = (minutes: number) => (minutes >= 120 ? `${Math.round(minutes / 6) / 10} h` : `${Math.round(minutes)} min`);

export function RangePicker({ range, onChange }: { range: Range; onChange: (r: Range) => void }) {
  return (
    <div className="segmented" role="group" aria-label="Range">
      {RANGES.map(([value, label]) => (
        <button key={value} type="button" className="segmented__item" aria-pressed={range === value} onClick={() => onChange(value)}>
          {label}
        </button>
      ))}
    </div>
  );
}

export function TopCard({ title, dimension, range, by }: { title: string; dimension: Dimension; range: Range; by: 'plays' | 'time' }) {
  const query = useQuery({ queryKey: listeningKeys.top(dimension, range, by), queryFn: ({ signal }) => listeningApi.top(dimension, range, by, 10, signal) });
  return (
    <section className="card" aria-label={title}>
      <h2 className="card__title">{title}</h2>
      <ErrorBox error={loadError(query)} />
      {query.isPending && <Spinner />}
      {query.data && <TopRows list={query.data} by={by} />}
    </section>
  );
}

function TopRows({ list, by }: { list: TopList; by: 'plays' | 'time' }) {
  if (list.items.length === 0) return <p className="muted">Nothing played in this range.</p>;
  return (
    <ol className="ltop">
      {list.items.map((e) => (
        <li key={e.key} className="ltop__row">
          <span className="ltop__name">
            {list.dimension === 'artist' ? <Link to={`/listening/artists/${e.key}`}>{e.name}</Link> : e.name}
            {e.artist && (
              <span className="muted">
                {' · '}
                {e.artistKey ? <Link to={`/listening/artists/${e.artistKey}`}>{e.artist}</Link> : e.artist}
              </span>
            )}
          </span>
          <span className="ltop__value">{by === 'plays' ? counted(e.plays, 'play') : hours(e.ms / 60_000)}</span>
        </li>
      ))}
    </ol>
  );
}

export function ListeningOverviewPage() {
  useTitle('Listening');
  const [range, setRange] = useState<Range>('4w');
  const [by, setBy] = useState<'plays' | 'time'>('plays');
  const overview = useQuery({ queryKey: listeningKeys.overview(), queryFn: ({ signal }) => listeningApi.overview(signal) });
  const heat = useQuery({ queryKey: listeningKeys.heatmap(range), queryFn: ({ signal }) => listeningApi.heatmap(range, signal) });
  const granularity = range === '4w' ? 'week' : 'month';
  const time = useQuery({ queryKey: listeningKeys.time(range, granularity), queryFn: ({ signal }) => listeningApi.time(range, granularity, signal) });
  const o = overview.data;
  return (
    <div className="page">
      <PageHeader title="Listening" subtitle="Your Spotify history: collected, imported, deduplicated" actions={<Link to="/listening/connect">Spotify & imports</Link>} />
      <ErrorBox error={loadError(overview)} onRetry={() => void overview.refetch()} />
      {o && o.allTimePlays === 0 && (
        <Empty title="No listening yet">
          <Link to="/listening/connect">Connect Spotify</Link> to start collecting, or <Link to="/listening/import">import your Spotify data export</Link> to bring in
          every year you have listened.
        </Empty>
      )}
      {o && (
        <section className="stat-grid" aria-label="Totals">
          <Stat label="This week" value={hours(o.weekMinutes)} sub="Minutes listened since Monday" />
          <Stat label="This month" value={hours(o.monthMinutes)} sub="Since the 1st" />
          <Stat label="All time" value={hours(o.allTimeMinutes)} sub={counted(o.allTimePlays, 'play')} />
          <Stat label="Short plays" value={o.shortPlays} sub="Under 30 s: kept, not counted" />
        </section>
      )}
      <div className="lcontrols">
        <RangePicker range={range} onChange={setRange} />
        <div className="segmented segmented--sm" role="group" aria-label="Order by">
          <button type="button" className="segmented__item" aria-pressed={by === 'plays'} onClick={() => setBy('plays')}>
            By plays
          </button>
          <button type="button" className="segmented__item" aria-pressed={by === 'time'} onClick={() => setBy('time')}>
            By time
          </button>
        </div>
      </div>
      <div className="grid-2">
        <TopCard title="Top artists" dimension="artist" range={range} by={by} />
        <TopCard title="Top tracks" dimension="track" range={range} by={by} />
        <TopCard title="Top albums" dimension="album" range={range} by={by} />
        <section className="card" aria-label="Listening time">
          <h2 className="card__title">Listening time per {granularity}</h2>
          {time.data && <MinuteBars buckets={time.data.buckets.slice(-12)} label={`Minutes per ${granularity}`} category={granularity === 'week' ? 'Week starting' : 'Month'} />}
        </section>
      </div>
      <section className="card" aria-label="When you listen">
        <h2 className="card__title">When you listen</h2>
        {heat.data && <ListeningHeatmap data={heat.data} />}
      </section>
      <TimelineCard />
    </div>
  );
}

function TimelineCard() {
  const { when } = useSession();
  const query = useInfiniteQuery({
    queryKey: listeningKeys.timeline(),
    queryFn: ({ pageParam, signal }) => listeningApi.timeline(pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor,
  });
  const plays = query.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section className="card" aria-label="Timeline">
      <h2 className="card__title">Timeline</h2>
      {plays.length === 0 && !query.isPending && <p className="muted">No plays yet.</p>}
      <ul className="ltimeline">
        {plays.map((p) => (
          <li key={`${p.endedAt}-${p.name}`} className="ltimeline__row">
            <time dateTime={p.endedAt}>{when(p.endedAt)}</time>
            <span>
              {p.name}
              {p.by && (
                <span className="muted">
                  {' · '}
                  {p.artistKey ? <Link to={`/listening/artists/${p.artistKey}`}>{p.by}</Link> : p.by}
                </span>
              )}
            </span>
            <span className="muted ltimeline__src" title="Sources that saw this play">
              {p.sources.join(' + ')}
            </span>
          </li>
        ))}
      </ul>
      {query.hasNextPage && (
        <Button onClick={() => void query.fetchNextPage()} busy={query.isFetchingNextPage}>
          Earlier plays
        </Button>
      )}
    </section>
  );
}
