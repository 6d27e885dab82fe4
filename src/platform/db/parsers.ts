/** PostgreSQL type ids whose text form Accord reads its own way, on PGlite and pg alike. */
export const INT8 = 20;
export const DATE = 1082;
export const NUMERIC = 1700;

/** bigint and numeric as numbers, dates as 'YYYY-MM-DD' (PGlite's parsers option). */
export const PGLITE_PARSERS = {
  [INT8]: (v: string) => Number(v),
  [NUMERIC]: (v: string) => Number(v),
  [DATE]: (v: string) => v,
};
