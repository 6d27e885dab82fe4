/**
 * Numbers typed into text inputs. The API is the authority on what is valid: a value that
 * is not a number is sent as typed, so that the API's message about it appears at the field.
 */

/** "" → null; "1 200,5" → 1200.5; "abc" → "abc" (left for the API to refuse). */
export function numberOrRaw(text: string): number | string | null {
  const t = text.trim();
  if (t === "") return null;
  const normalised = t.replace(/[\s_]/g, "").replace(/^(-?\d+),(\d+)$/, "$1.$2");
  const n = Number(normalised);
  return Number.isFinite(n) ? n : t;
}

/** A number shown back in an input: 1200.5 → "1200.5", null → "". */
export const numberText = (n: number | null | undefined) =>
  n === null || n === undefined ? "" : String(n);
