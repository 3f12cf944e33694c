import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { loadError } from '../../api/query-error.ts';
import { ErrorBox, PageHeader, Spinner, Stat } from '../../components/ui.tsx';
import { dayOf } from '../../lib/dates.ts';
import { useTitle } from '../../lib/use-title.ts';
import { useSession } from '../account/session.tsx';
import { listeningApi, listeningKeys } from './api.ts';
import { MinuteBars } from './charts.tsx';

export function ArtistPage() {
  const { key = '' } = useParams();
  const query = useQuery({ queryKey: listeningKeys.artist(key), queryFn: ({ signal }) => listeningApi.artist(key, signal) });
  const a = query.data;
  const timeZone = useSession().user?.timezone;
  useTitle(a?.name ?? 'Artist');
  return (
    <div className="page">
      <PageHeader title={a?.name ?? 'Artist'} subtitle={a?.firstPlayedAt ? `First played ${dayOf(a.firstPlayedAt, timeZone)}` : undefined} />
      <ErrorBox error={loadError(query)} />
      {query.isPending && <Spinner />}
      {a && (
        <>
          <section className="stat-grid" aria-label="Totals">
            <Stat label="Plays" value={a.plays} />
            <Stat label="Time" value={`${Math.round(a.minutes)} min`} />
            <Stat label="Last played" value={a.lastPlayedAt ? dayOf(a.lastPlayedAt, timeZone) : '—'} />
          </section>
          <div className="grid-2">
            <section className="card" aria-label="Top tracks">
              <h2 className="card__title">Top tracks</h2>
              <ol className="ltop">
                {a.topTracks.map((t) => (
                  <li key={t.key} className="ltop__row">
                    <span className="ltop__name">{t.name}</span>
                    <span className="ltop__value">{t.plays} plays</span>
                  </li>
                ))}
              </ol>
            </section>
            <section className="card" aria-label="By year">
              <h2 className="card__title">Minutes by year</h2>
              <MinuteBars buckets={a.byYear.map((y) => ({ start: y.year, minutes: y.minutes }))} label="Minutes per year" category="Year" />
              <h2 className="card__title">Albums</h2>
              <ol className="ltop">
                {a.albums.map((t) => (
                  <li key={t.key} className="ltop__row">
                    <span className="ltop__name">{t.name}</span>
                    <span className="ltop__value">{t.plays} plays</span>
                  </li>
                ))}
              </ol>
            </section>
          </div>
        </>
      )}
    </div>
  );
}
