/** Case- and width-insensitive form of an activity name, for uniqueness. */
export function normalizeName(name: string): string {
  return name.normalize('NFKC').trim().toLocaleLowerCase('en');
}
