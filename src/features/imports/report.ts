import { type Options as CsvOptions, parse as csvParser } from "csv-parse";
import { z } from "zod";
import { AppError } from "../../core/errors.js";
import { paced } from "../../core/sliced-sort.js";
import { RowPacer } from "./row-pacer.js";

/**
 * What the CSV imports share: the report they return, reading a CSV into rows that know
 * their line in the file, zod helpers for text cells, and the all-or-nothing failure.
 */

/** One problem with the file. `line` is 1-based and counts the header as line 1. */
export interface ImportIssue {
  line: number;
  /** The column (snake_case), or null when the problem is with the line as a whole. */
  field: string | null;
  message: string;
}

export interface ImportReport {
  kind: "org" | "goals";
  dryRun: boolean;
  /** Data rows read (blank lines are not rows). */
  rows: number;
  /** Every problem found, sorted by line; empty when the file can be imported. */
  issues: ImportIssue[];
  /** Rows added per table, e.g. { people: 12, units: 4, memberships: 12 }. In a dry run: what would be added. */
  created: Record<string, number>;
  /** Rows changed per table (memberships: removed or with another share). In a dry run: what would change. */
  updated: Record<string, number>;
  /** The first rows as understood (normalised), each with its `line` and whether it is `valid`. */
  preview: Record<string, unknown>[];
}

export interface ImportOptions {
  /** Check and count everything, write nothing. */
  dryRun?: boolean;
  /** Called as rows are written: `done` of `total` writes. */
  onProgress?: (done: number, total: number) => void;
}

export const PREVIEW_ROWS = 20;

/** Column names are matched case-insensitively in snake_case or camelCase: `managerId`, `Manager ID`. */
export function columnKey(header: string): string {
  return header
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
}

/** A row's cells: non-blank cells of known columns, by column key; blank cells are left out. */
export type CsvCells = Record<string, string>;

export interface CsvTable {
  /** The known columns the header has. */
  columns: Set<string>;
  /** Data rows read, including rows the parser could not read. */
  count: number;
  /** False when the header itself is unusable (empty file, a required column missing). */
  usable: boolean;
}

/**
 * The rows of a file as an import keeps them: a row's cells are looked at once, as the file
 * is read, and only what the checks need afterwards is kept (a million rows of cells took
 * about 400 MB of heap, and every collection went through them).
 */
export interface ImportRows<Data> {
  /** The line each row starts on (a quoted value may span several lines). */
  lines: Int32Array;
  /** The row as understood, or null when a cell is not valid (its issues are reported). */
  data: (Data | null)[];
  /** Each row's own cell of the key column (an id, a key), also for a row that is not valid. */
  keys: (string | undefined)[];
  /** What the import's `flag` said of each row's cells (1 or 0). */
  flags: Uint8Array;
  /** The cells of the first PREVIEW_ROWS rows, for the preview of rows that are not valid. */
  head: CsvCells[];
}

/**
 * Reads a whole CSV, handing each row's cells to `onRow` with the line it starts on (when
 * the header has every required column). `onLines` hears the file's number of lines (more
 * than its rows) before any row.
 * Problems with the file itself (a value with an unclosed quote, a row with more or fewer
 * fields than the header, a missing required column) are added to `issues` with their line;
 * reading goes on so that every bad line is reported.
 */
export async function readCsv(
  text: CsvText,
  spec: { required: readonly string[]; known: readonly string[] },
  issues: ImportIssue[],
  onRow: (line: number, cells: CsvCells) => void,
  onLines?: (lines: number) => void,
): Promise<CsvTable> {
  const pacer = new RowPacer();
  const csv = new Pieces(text);
  // Where each line starts (not the lines themselves: a million strings split at once held
  // the event loop for 140 ms).
  const starts = await lineStarts(csv, pacer);
  const lineCount = starts.length;
  onLines?.(lineCount);
  const blank = (line: number) =>
    line > lineCount ||
    isBlank(csv, starts[line - 1], line < lineCount ? starts[line] - 1 : csv.length);
  // The line after `end` where the next record starts (the parser skips blank lines).
  const nextStart = (end: number) => {
    let line = end + 1;
    while (line < lineCount && blank(line)) line++;
    return line;
  };

  const known = new Set(spec.known);
  const columns = new Set<string>();
  let header: string[] | null = null;
  let headerLine = 1;
  let lastEnd = 0;
  let count = 0;
  let complete = false;

  // (csv-parse types a record as an array; with `columns` it is an object.)
  const options = {
    bom: true,
    trim: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    columns: (names: string[]) => {
      headerLine = nextStart(0);
      header = names;
      const keys = names.map((name) => {
        const key = columnKey(name);
        if (!known.has(key)) return false; // unknown columns are ignored
        if (columns.has(key)) {
          issues.push({
            line: headerLine,
            field: key,
            message: `the column "${key}" appears twice in the header`,
          });
          return false;
        }
        columns.add(key);
        return key;
      });
      complete = spec.required.every((c) => columns.has(c));
      return keys;
    },
    on_record: (record: Record<string, string>, info: { lines: number }) => {
      const line = nextStart(lastEnd === 0 ? headerLine : lastEnd);
      lastEnd = info.lines;
      const values: Record<string, string> = {};
      let any = false;
      for (const [key, value] of Object.entries(record)) {
        if (value !== "") {
          values[key] = unneutralise(value);
          any = true;
        }
      }
      // A row of empty cells (",,,," from a spreadsheet) is a blank line, not a row.
      if (!any && Object.keys(record).length > 0) return null;
      count++;
      // Under a header without a required column, rows are counted, not checked.
      if (complete) onRow(line, values);
      return null;
    },
    on_skip: (err: (Error & { code: string }) | undefined) => {
      if (!err) return undefined;
      const e = err as typeof err & { lines: number; record?: unknown[] };
      const line = nextStart(lastEnd === 0 && header ? headerLine : lastEnd);
      lastEnd = Math.max(lastEnd, e.lines);
      if (header) count++;
      issues.push({ line, field: null, message: csvProblem(e.code, e.record, header) });
      return undefined;
    },
  } as unknown as CsvOptions;
  await parsePaced(csv, options);

  if (!header) {
    if (issues.length === 0) {
      issues.push({
        line: 1,
        field: null,
        message: `the file is empty: expected a header line naming the columns (${spec.known.join(", ")})`,
      });
    }
    return { columns, count, usable: false };
  }
  const missing = spec.required.filter((c) => !columns.has(c));
  for (const column of missing) {
    issues.push({
      line: headerLine,
      field: column,
      message: `the required column "${column}" is missing (the header has: ${(header as string[]).join(", ")})`,
    });
  }
  if (count === 0 && missing.length === 0) {
    issues.push({
      line: headerLine,
      field: null,
      message: "the file has a header but no data rows",
    });
  }
  return { columns, count, usable: missing.length === 0 };
}

/**
 * A file's text: one string (a file read from disk), or the pieces a request's body was
 * decoded in (platform/http/body.ts), which are never joined: joining 85 MB held the event
 * loop for 50-60 ms. No piece ends inside a character.
 */
export type CsvText = string | readonly string[];

/** A CsvText read by offset across its pieces. */
class Pieces {
  readonly parts: readonly string[];
  /** Where each piece starts in the whole text. */
  readonly offsets: number[] = [];
  readonly length: number;
  /** The piece the last read fell in: reads move forward through the file. */
  private at = 0;

  constructor(text: CsvText) {
    this.parts = typeof text === "string" ? [text] : text;
    let length = 0;
    for (const p of this.parts) {
      this.offsets.push(length);
      length += p.length;
    }
    this.length = length;
  }

  charCodeAt(i: number): number {
    const { offsets, parts } = this;
    let k = this.at;
    if (i < offsets[k] || i >= offsets[k] + parts[k].length) {
      // Binary search: the last piece starting at or before i.
      let lo = 0;
      let hi = parts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (offsets[mid] <= i) lo = mid;
        else hi = mid - 1;
      }
      k = lo;
      this.at = k;
    }
    return parts[k].charCodeAt(i - offsets[k]);
  }
}

/** The offset where each line of the text starts (lines end at "\n"), in paced steps. */
async function lineStarts(text: Pieces, pacer: RowPacer): Promise<Int32Array> {
  let starts = new Int32Array(1024);
  let n = 1; // line 1 starts at 0
  for (let k = 0; k < text.parts.length; k++) {
    const part = text.parts[k];
    const offset = text.offsets[k];
    for (let at = part.indexOf("\n"); at !== -1; at = part.indexOf("\n", at + 1)) {
      if (n === starts.length) {
        const grown = new Int32Array(n * 2);
        grown.set(starts);
        starts = grown;
      }
      starts[n++] = offset + at + 1;
      const pause = pacer.tick();
      if (pause) await pause;
    }
  }
  return starts.subarray(0, n);
}

/** True when text[from, to) holds only white space (as `trim` sees it). */
function isBlank(text: Pieces, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || (c >= 9 && c <= 13)) continue;
    if (c < 128 || !/\s/.test(String.fromCharCode(c))) return false;
  }
  return true;
}

/** Characters of the file parsed between two turns of the event loop. */
const PIECE = 32 * 1024;

/**
 * Parses the file a piece at a time, giving the event loop a turn between pieces once a few
 * milliseconds have gone by: a file of a million lines takes seconds to parse, and the
 * server keeps answering meanwhile. The options' callbacks see every record, in order.
 */
async function parsePaced(text: Pieces, options: CsvOptions): Promise<void> {
  const parser = csvParser(options);
  let failed: Error | null = null;
  parser.on("error", (err) => {
    failed = err;
  });
  // Records are taken by on_record (which emits none); keep the stream flowing regardless.
  parser.on("data", () => {});
  const done = new Promise<void>((resolve) => parser.on("end", resolve));
  const step = paced(() => new Promise<void>((resolve) => setImmediate(resolve)));
  for (const csv of text.parts) {
    for (let at = 0; at < csv.length && !failed; ) {
      let end = Math.min(csv.length, at + PIECE);
      // Never between the two halves of a character outside the BMP (an emoji): the parser
      // would turn each half into U+FFFD.
      const last = csv.charCodeAt(end - 1);
      if (end < csv.length && last >= 0xd800 && last <= 0xdbff) end--;
      parser.write(csv.slice(at, end));
      at = end;
      const pause = step();
      if (pause) await pause;
    }
  }
  if (failed) throw failed;
  parser.end();
  await Promise.race([done, new Promise<void>((_, reject) => parser.on("error", reject))]);
}

/**
 * Takes back the `'` our CSV export (and spreadsheets) put before text that would start a
 * formula (=, +, -, @, tab, CR), so that an exported file imports as the same text.
 */
const unneutralise = (cell: string) => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);

function csvProblem(code: string, record: unknown[] | undefined, header: string[] | null): string {
  switch (code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return 'a quoted value that starts on this line is never closed, so the rest of the file cannot be read (add the missing ")';
    case "CSV_RECORD_INCONSISTENT_COLUMNS":
    case "CSV_RECORD_INCONSISTENT_FIELDS_LENGTH":
      return `the line has ${record?.length ?? "a different number of"} values but the header has ${header?.length ?? "another number"} (a value containing a comma must be in double quotes)`;
    case "CSV_INVALID_CLOSING_QUOTE":
      return 'a quote inside a quoted value must be doubled ("")';
    case "CSV_INVALID_OPENING_QUOTE":
      return 'a value containing a quote must itself be in double quotes, with the quote doubled ("")';
    default:
      return `the line cannot be read as CSV (${code})`;
  }
}

/** Turns a row's zod failure into issues naming the row's line and the column. */
export function rowIssues(line: number, error: z.ZodError): ImportIssue[] {
  return error.issues.map((i) => ({
    line,
    field: i.path.length > 0 ? String(i.path[0]) : null,
    message: i.message,
  }));
}

export const issueText = (i: ImportIssue) =>
  `Line ${i.line}: ${i.field ? `${i.field}: ` : ""}${i.message}`;

const sortIssues = (issues: ImportIssue[]) =>
  issues.sort((a, b) => a.line - b.line || (a.field ?? "").localeCompare(b.field ?? ""));

/** The error a failed import throws: nothing was written, every issue is in the details. */
export function importFailed(issues: ImportIssue[], rows: number): AppError {
  sortIssues(issues);
  const lines = new Set(issues.map((i) => i.line)).size;
  const shown = issues.slice(0, 3).map(issueText).join("; ");
  const more = issues.length > 3 ? `; and ${issues.length - 3} more` : "";
  const what = lines === 1 ? "1 line is invalid" : `${lines} lines are invalid`;
  return new AppError("import_failed", `${what}; nothing was written. ${shown}${more}`, {
    issues,
    rows,
  });
}

export function newReport(kind: ImportReport["kind"], opts: ImportOptions): ImportReport {
  return {
    kind,
    dryRun: opts.dryRun ?? false,
    rows: 0,
    issues: [],
    created: {},
    updated: {},
    preview: [],
  };
}

/** Returns the report of a dry run, or throws when a real import found issues. */
export function finishChecks(report: ImportReport): ImportReport | null {
  sortIssues(report.issues);
  if (report.issues.length === 0) return null;
  if (report.dryRun) return report;
  throw importFailed(report.issues, report.rows);
}

/** Reports progress after each chunk; the total is known before writing starts. */
export function progress(total: number, onProgress?: (done: number, total: number) => void) {
  let done = 0;
  onProgress?.(0, total);
  return (n: number) => {
    done = Math.min(total, done + n);
    onProgress?.(done, total);
  };
}

/**
 * Every loop of a graph in which each item points to at most one other (a manager, a
 * parent): `next[i]` is the index i points to, or -1. Each file row names one manager or
 * one parent, so the links form such a "functional graph" and all of its loops can be
 * listed in one pass (checkAcyclic in core/cycles.ts stops at the first loop).
 * Algorithm: walk from each unvisited item, stamping items with the walk's number; a walk
 * that meets its own stamp has found a new loop. Every item is stamped once: O(n).
 */
export function findLoops(next: ArrayLike<number>): number[][] {
  const n = next.length;
  const stamp = new Int32Array(n);
  const loops: number[][] = [];
  for (let start = 0; start < n; start++) {
    if (stamp[start] !== 0) continue;
    const walk = start + 1;
    let v = start;
    while (v !== -1 && stamp[v] === 0) {
      stamp[v] = walk;
      v = next[v];
    }
    if (v !== -1 && stamp[v] === walk) {
      const loop = [v];
      for (let w = next[v]; w !== v; w = next[w]) loop.push(w);
      loops.push(loop);
    }
  }
  return loops;
}

// ---- zod helpers for text cells (blank cells never reach them: see CsvCells) ----

const quote = (v: string) => JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v);

/**
 * Text with a length limit. Blank cells are left out of a row, so a required cell that is
 * blank fails here with "is required"; `.optional()` makes it optional.
 */
export const cellText = (max: number) =>
  z.string({ error: "is required" }).max(max, { error: `must be at most ${max} characters` });

/** Parses "1234", "-3.5", "1,250,000", "1e3"; null when it is not a number. */
export function toNumber(raw: string): number | null {
  const s = raw.replace(/^\+/, "");
  const plain = /^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
  const grouped = /^-?\d{1,3}(,\d{3})+(\.\d+)?$/;
  if (!plain.test(s) && !grouped.test(s)) return null;
  const n = Number(s.replace(/,/g, ""));
  return Number.isFinite(n) ? n : null;
}

/** A number cell, optionally within bounds. A trailing "%" is allowed and dropped. */
export const cellNumber = (bounds: { gt?: number; min?: number; max?: number } = {}) =>
  z.string({ error: "is required" }).transform((raw, ctx) => {
    const n = toNumber(raw.replace(/\s*%$/, ""));
    const fail = (message: string) => {
      ctx.issues.push({ code: "custom", message, input: raw });
      return z.NEVER;
    };
    if (n === null) return fail(`must be a number, got ${quote(raw)}`);
    if (bounds.gt !== undefined && !(n > bounds.gt))
      return fail(`must be more than ${bounds.gt}, got ${raw}`);
    if (bounds.min !== undefined && n < bounds.min)
      return fail(`must be at least ${bounds.min}, got ${raw}`);
    if (bounds.max !== undefined && n > bounds.max)
      return fail(`must be at most ${bounds.max}, got ${raw}`);
    return n;
  });

/** A whole number cell within bounds. */
export const cellInt = (min: number, max: number) =>
  z.string({ error: "is required" }).transform((raw, ctx) => {
    const n = toNumber(raw);
    if (n === null || !Number.isInteger(n) || n < min || n > max) {
      ctx.issues.push({
        code: "custom",
        message: `must be a whole number from ${min} to ${max}, got ${quote(raw)}`,
        input: raw,
      });
      return z.NEVER;
    }
    return n;
  });

/** A fraction 0..max (or gt 0) written as "0.7" or "70%". */
export const cellFraction = (opts: { gtZero?: boolean }) =>
  z.string({ error: "is required" }).transform((raw, ctx) => {
    const percent = /%\s*$/.test(raw);
    const n = toNumber(raw.replace(/\s*%\s*$/, ""));
    const value = n === null ? null : percent ? n / 100 : n;
    const low = opts.gtZero ? "more than 0" : "from 0";
    if (value === null || value > 1 || value < 0 || (opts.gtZero && value === 0)) {
      ctx.issues.push({
        code: "custom",
        message: `must be a number ${low} to 1 or a percentage like 70%, got ${quote(raw)}`,
        input: raw,
      });
      return z.NEVER;
    }
    return value;
  });

/** One of a fixed set of words, case-insensitive; spaces and dashes count as "_". */
export const cellEnum = <T extends string>(values: readonly T[], aliases: Record<string, T> = {}) =>
  z.string({ error: "is required" }).transform((raw, ctx): T => {
    const key = raw
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, "_");
    const found = (values as readonly string[]).includes(key) ? (key as T) : aliases[key];
    if (found === undefined) {
      ctx.issues.push({
        code: "custom",
        message: `must be one of ${values.join(", ")}; got ${quote(raw)}`,
        input: raw,
      });
      return z.NEVER;
    }
    return found;
  });

export { isUuid } from "../../core/id-column.js";

/** "Sales  Ops " and "sales ops" name the same unit. */
export const nameKey = (s: string) => s.trim().replace(/\s+/g, " ").toLowerCase();

/** Splits a list into chunks for statements that take one array parameter per column. */
export function* chunks<T>(items: readonly T[], size = 5000): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

//END
