/**
 * Timestamp parsing for the engine's hot path.
 * Algorithm: fixed-position digit decoding of `YYYY-MM-DDTHH:MM:SS(.sss)Z` and a closed-form
 * day count (years × 365 + leap days + days before the month); O(1) per string. Anything
 * else falls back to Date.parse. Why: it is ~3× faster than Date.parse, and a 300k-node
 * snapshot carries hundreds of thousands of timestamps.
 */

const DAY_MS = 86_400_000;
export const DAY = DAY_MS;

/** Days before each month (1-based) in a common year. */
const DAYS_BEFORE = [0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
const DAYS_IN_MONTH = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Epoch milliseconds of an ISO timestamp; NaN for null or unparseable text. */
export function parseTime(s: string | null | undefined): number {
  if (s == null) return Number.NaN;
  const len = s.length;
  // Fast path: what Date#toISOString writes (24 chars) or the same without millis (20 chars),
  // for years 1970–9999. Each digit d is checked branch-free: d | (9 - d) is negative
  // exactly when d is not 0–9.
  if (
    (len === 24 || len === 20) &&
    s.charCodeAt(4) === 45 &&
    s.charCodeAt(7) === 45 &&
    s.charCodeAt(10) === 84 &&
    s.charCodeAt(13) === 58 &&
    s.charCodeAt(16) === 58 &&
    s.charCodeAt(len - 1) === 90 &&
    (len === 20 || s.charCodeAt(19) === 46)
  ) {
    const y0 = s.charCodeAt(0) - 48;
    const y1 = s.charCodeAt(1) - 48;
    const y2 = s.charCodeAt(2) - 48;
    const y3 = s.charCodeAt(3) - 48;
    const m0 = s.charCodeAt(5) - 48;
    const m1 = s.charCodeAt(6) - 48;
    const d0 = s.charCodeAt(8) - 48;
    const d1 = s.charCodeAt(9) - 48;
    const h0 = s.charCodeAt(11) - 48;
    const h1 = s.charCodeAt(12) - 48;
    const i0 = s.charCodeAt(14) - 48;
    const i1 = s.charCodeAt(15) - 48;
    const s0 = s.charCodeAt(17) - 48;
    const s1 = s.charCodeAt(18) - 48;
    let f0 = 0;
    let f1 = 0;
    let f2 = 0;
    if (len === 24) {
      f0 = s.charCodeAt(20) - 48;
      f1 = s.charCodeAt(21) - 48;
      f2 = s.charCodeAt(22) - 48;
    }
    const bad =
      y0 |
      (9 - y0) |
      y1 |
      (9 - y1) |
      y2 |
      (9 - y2) |
      y3 |
      (9 - y3) |
      m0 |
      (9 - m0) |
      m1 |
      (9 - m1) |
      d0 |
      (9 - d0) |
      d1 |
      (9 - d1) |
      h0 |
      (9 - h0) |
      h1 |
      (9 - h1) |
      i0 |
      (9 - i0) |
      i1 |
      (9 - i1) |
      s0 |
      (9 - s0) |
      s1 |
      (9 - s1) |
      f0 |
      (9 - f0) |
      f1 |
      (9 - f1) |
      f2 |
      (9 - f2);
    const y = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
    const mo = m0 * 10 + m1;
    const d = d0 * 10 + d1;
    const h = h0 * 10 + h1;
    const mi = i0 * 10 + i1;
    const sec = s0 * 10 + s1;
    const leap = (y & 3) === 0 && (y % 100 !== 0 || y % 400 === 0);
    if (
      bad >= 0 &&
      y >= 1970 &&
      mo >= 1 &&
      mo <= 12 &&
      d >= 1 &&
      d <= DAYS_IN_MONTH[mo] &&
      (d !== 29 || mo !== 2 || leap) &&
      h <= 23 &&
      mi <= 59 &&
      sec <= 59
    ) {
      // Leap days in [1970, y): multiples of 4, minus centuries, plus 400s.
      const yp = y - 1;
      const leaps = ((yp / 4) | 0) - ((yp / 100) | 0) + ((yp / 400) | 0) - 477;
      const days = (y - 1970) * 365 + leaps + DAYS_BEFORE[mo] + (mo > 2 && leap ? 1 : 0) + d - 1;
      return days * DAY_MS + h * 3_600_000 + mi * 60_000 + sec * 1000 + f0 * 100 + f1 * 10 + f2;
    }
  }
  // Unusual shapes, early years and impossible dates (Feb 30): let the platform decide.
  return Date.parse(s);
}

/** Whole days between two epoch-ms instants, rounded down; 0 when `later` is earlier. */
export function daysBetween(earlierMs: number, laterMs: number): number {
  return laterMs > earlierMs ? Math.floor((laterMs - earlierMs) / DAY_MS) : 0;
}
