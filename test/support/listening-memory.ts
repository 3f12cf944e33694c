/**
 * The play store and history reader in memory, for unit tests of the listening domain. Same
 * contracts as the DynamoDB ones (optimistic versions, counters, pages newest first), and it
 * counts the items each read returns, as the local runtime's read meter does.
 */
import type { HistoryReader } from '../../shared/listening/history.ts';
import type { PlayRepository, StoredPlay, Versioned } from '../../shared/listening/play-store.ts';
import { emptyAllTime, type AllTimeRollup, type DayRollup, type EntityCounter, type MonthRollup } from '../../shared/listening/rollups.ts';

const clone = <T>(v: T): T => structuredClone(v);

export class MemoryListening implements PlayRepository, HistoryReader {
  /** Plays by month partition, then by sort key (as the table partitions them). */
  partitions = new Map<string, Map<string, StoredPlay>>();
  get plays(): Map<string, StoredPlay> {
    return new Map([...this.partitions.values()].flatMap((m) => [...m.entries()]));
  }
  dayItems = new Map<string, Versioned<DayRollup>>();
  monthItems = new Map<string, MonthRollup>();
  all: Versioned<AllTimeRollup> = { value: emptyAllTime(), version: 0 };
  counters = new Map<string, EntityCounter>();
  itemsRead = 0;

  private read<T>(items: T[]): T[] {
    this.itemsRead += items.length;
    return items;
  }

  async playsBetween(_userId: string, from: number, to: number) {
    const out: StoredPlay[] = [];
    for (const [month, partition] of this.partitions) {
      if (month < new Date(Math.max(0, from)).toISOString().slice(0, 7) || month > new Date(to).toISOString().slice(0, 7)) continue;
      for (const p of partition.values()) {
        const at = Number(p.sk.slice(2, 15));
        if (at >= from && at <= to) out.push(clone(p));
      }
    }
    return this.read(out);
  }
  async putPlays(_userId: string, plays: readonly StoredPlay[]) {
    for (const p of plays) {
      let partition = this.partitions.get(p.month);
      if (!partition) this.partitions.set(p.month, (partition = new Map()));
      partition.set(p.sk, clone(p));
    }
  }
  async getDays(_userId: string, dates: readonly string[]) {
    const out = new Map<string, Versioned<DayRollup>>();
    for (const d of dates) {
      const item = this.dayItems.get(d);
      if (item) out.set(d, clone(item));
    }
    this.itemsRead += out.size;
    return out;
  }
  async playsOnDays(_userId: string, dates: readonly string[]) {
    const counts = new Map<string, number>();
    for (const d of dates) {
      const day = this.dayItems.get(d)?.value;
      if (day && day.plays + day.shortPlays > 0) counts.set(d, day.plays + day.shortPlays);
    }
    return counts;
  }
  async putDays(_userId: string, days: ReadonlyArray<{ day: DayRollup; version: number }>) {
    for (const { day, version } of days) this.dayItems.set(day.date, { value: clone(day), version });
  }
  async monthDays(_userId: string, month: string) {
    return this.read([...this.dayItems.values()].filter((d) => d.value.date.startsWith(`${month}-`)).map((d) => clone(d.value)));
  }
  async putMonth(_userId: string, month: MonthRollup) {
    this.monthItems.set(month.month, clone(month));
  }
  async getAllTime() {
    this.itemsRead++;
    return clone(this.all);
  }
  async putAllTime(_userId: string, all: AllTimeRollup, expectedVersion: number) {
    if (this.all.version !== expectedVersion) return false;
    this.all = { value: clone(all), version: expectedVersion + 1 };
    return true;
  }
  async addToEntities(_userId: string, deltas: readonly EntityCounter[]) {
    return deltas.map((d) => {
      const id = `${d.dimension}#${d.key}`;
      const c = this.counters.get(id) ?? { ...clone(d), plays: 0, ms: 0, years: {} };
      c.plays += d.plays;
      c.ms += d.ms;
      c.name = d.name;
      for (const [y, [p, ms]] of Object.entries(d.years)) {
        const cy = (c.years[y] ??= [0, 0]);
        cy[0] += p;
        cy[1] += ms;
      }
      if (d.firstAt !== undefined) c.firstAt = Math.min(c.firstAt ?? d.firstAt, d.firstAt);
      if (d.lastAt !== undefined) c.lastAt = Math.max(c.lastAt ?? d.lastAt, d.lastAt);
      this.counters.set(id, c);
      return clone(c);
    });
  }

  // HistoryReader
  async days(_userId: string, from: string, to: string) {
    return this.read([...this.dayItems.values()].map((d) => d.value).filter((d) => d.date >= from && d.date <= to).sort((a, b) => a.date.localeCompare(b.date)).map(clone));
  }
  async daysAt(_userId: string, dates: readonly string[]) {
    return this.read(dates.flatMap((d) => (this.dayItems.has(d) ? [clone(this.dayItems.get(d)!.value)] : [])));
  }
  async months(_userId: string, from: string, to: string) {
    return this.read([...this.monthItems.values()].filter((m) => m.month >= from && m.month <= to).map(clone));
  }
  async allTime() {
    this.itemsRead++;
    return this.all.version ? clone(this.all.value) : undefined;
  }
  async entity(_userId: string, dimension: string, key: string) {
    const c = this.counters.get(`${dimension}#${key}`);
    return c ? this.read([clone(c)])[0] : undefined;
  }
  async entities(_userId: string, dimension: string, prefix = '') {
    return this.read([...this.counters.values()].filter((c) => c.dimension === dimension && c.key.startsWith(prefix)).map(clone));
  }
  async playPage(_userId: string, month: string, limit: number, before?: string) {
    return this.read(
      [...(this.partitions.get(month)?.values() ?? [])]
        .filter((p) => before === undefined || p.sk < before)
        .sort((a, b) => b.sk.localeCompare(a.sk))
        .slice(0, limit)
        .map(clone),
    );
  }
}
