// PostgreSQL array literals for unnest(…) batches: each column travels as one text parameter and is cast in SQL
// ($1::text::uuid[]), which node-postgres and PGlite pass through the same way, with no per-row placeholders.

export function numberArray(values: readonly (number | null)[]): string {
  let s = '{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    s += (i ? ',' : '') + (v === null ? 'NULL' : String(v));
  }
  return `${s}}`;
}

/** Every element quoted, so commas, braces, quotes, backslashes and the word NULL stay text. */
export function textArray(values: readonly (string | null)[]): string {
  let s = '{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    s += (i ? ',' : '') + (v === null ? 'NULL' : `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`);
  }
  return `${s}}`;
}
