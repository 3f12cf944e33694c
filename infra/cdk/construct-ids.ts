/** `imports-bucket` style names to `ImportsBucket` style construct ids and prefixes. */
export function pascal(name: string): string {
  return name
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}

/** Construct id of a bucket in the data stack (its logical id is this plus a hash): `imports` → `ImportsBucket`. */
export function bucketConstructId(bucket: string): string {
  return `${pascal(bucket)}Bucket`;
}
