import { Icon } from '../../../components/icons.tsx';
import { Button } from '../../../components/ui.tsx';
import { addDays, isIsoDate } from '../../../lib/dates.ts';

/** Previous / next day, a date picker (up to today) and the way back to today. */
export function DateNav({ date, today, onGo }: { date: string; today: string; onGo: (date: string) => void }) {
  return (
    <nav className="date-nav" aria-label="Choose the day">
      <Button size="sm" variant="ghost" onClick={() => onGo(addDays(date, -1))} aria-label="Previous day">
        <Icon name="chevronLeft" />
      </Button>
      <label className="sr-only" htmlFor="today-date">
        Date
      </label>
      <input id="today-date" type="date" value={date} max={today} onChange={(e) => isIsoDate(e.target.value) && onGo(e.target.value)} />
      <Button size="sm" variant="ghost" onClick={() => onGo(addDays(date, 1))} disabled={date >= today} aria-label="Next day">
        <Icon name="chevronRight" />
      </Button>
      {date !== today && (
        <Button size="sm" variant="secondary" onClick={() => onGo(today)}>
          Back to today
        </Button>
      )}
    </nav>
  );
}
