/**
 * The noun for a count, in the number the count asks for: `plural(1, 'signal')` is "signal",
 * `plural(3, 'delivery', 'deliveries')` "deliveries". Server texts and the web app share it.
 */
export function plural(n: number, one: string, many = `${one}s`): string {
  return n === 1 ? one : many;
}
