import type { z } from "zod";
import { type Ctx, inTx } from "../../platform/context.js";
import { analyzeAfterLoad } from "../../platform/db/bulk.js";
import type { DB } from "../../platform/db/schema.js";
import { collectWhenQuiet, LARGE_IMPORT_ROWS } from "../../platform/memory.js";
import {
  type CsvCells,
  type CsvTable,
  type CsvText,
  finishChecks,
  type ImportIssue,
  type ImportOptions,
  type ImportReport,
  type ImportRows,
  newReport,
  PREVIEW_ROWS,
  readCsv,
  rowIssues,
} from "./report.js";
import { RowPacer } from "./row-pacer.js";

/** What one kind of CSV import knows; `runImport` runs every kind the same way. */
export interface CsvImport<Data, Plan> {
  kind: ImportReport["kind"];
  columns: { required: readonly string[]; known: readonly string[] };
  /** A valid row; a row that fails it is reported and planned as null. */
  row: z.ZodType<Data>;
  /** The column whose raw cell each row keeps (`ImportRows.keys`): its key or id. */
  key: string;
  /** A fact about a row's raw cells worth keeping (`ImportRows.flags`). */
  flag?: (cells: CsvCells) => boolean;
  /**
   * Checks the rows against the database and decides every write; problems go to `issues`.
   * Its loops over the rows pause as `pacer` says.
   */
  plan(
    ctx: Ctx,
    orgId: string,
    table: CsvTable,
    rows: ImportRows<Data>,
    issues: ImportIssue[],
    pacer: RowPacer,
  ): Promise<Plan>;
  /** What the plan writes, for the report (in a dry run: what it would write). */
  summary(plan: Plan): Pick<ImportReport, "preview" | "created" | "updated">;
  write(
    ctx: Ctx,
    orgId: string,
    plan: Plan,
    onProgress?: (done: number, total: number) => void,
  ): Promise<void>;
  /** The tables a large import fills, to analyze afterwards. */
  tables: (keyof DB)[];
}

/**
 * Reads and checks every row, plans, then stops with the report (a dry run, or nothing to
 * write because of issues: a real import throws them) or writes the whole plan.
 */
export async function runImport<Data, Plan>(
  ctx: Ctx,
  orgId: string,
  csv: CsvText,
  opts: ImportOptions,
  spec: CsvImport<Data, Plan>,
): Promise<ImportReport> {
  const report = newReport(spec.kind, opts);
  // Reading and checking the rows takes seconds for a million of them: in paced steps, so
  // the server keeps answering meanwhile. Each row is checked as it is read, and only what
  // the plan needs of it is kept (ImportRows), in arrays sized by the file's lines before
  // the first row (an array grown by push copies itself as it grows: tens of milliseconds
  // at once near a million items), trimmed afterwards.
  const sized = (lines: number): ImportRows<Data> => ({
    lines: new Int32Array(lines),
    data: new Array(lines),
    keys: new Array(lines),
    flags: new Uint8Array(lines),
    head: [],
  });
  let rows = sized(0);
  let n = 0;
  const table = await readCsv(
    csv,
    spec.columns,
    report.issues,
    (line, cells) => {
      rows.lines[n] = line;
      rows.keys[n] = cells[spec.key];
      rows.flags[n] = spec.flag?.(cells) ? 1 : 0;
      if (rows.head.length < PREVIEW_ROWS) rows.head.push(cells);
      const result = spec.row.safeParse(cells);
      if (result.success) rows.data[n] = result.data;
      else {
        report.issues.push(...rowIssues(line, result.error));
        rows.data[n] = null;
      }
      n++;
    },
    (lines) => {
      rows = sized(lines);
    },
  );
  rows.lines = rows.lines.subarray(0, n);
  rows.flags = rows.flags.subarray(0, n);
  rows.data.length = n;
  rows.keys.length = n;
  report.rows = table.count;
  if (!table.usable) return finishChecks(report) ?? report;

  const pacer = new RowPacer();
  const run = async (db: Ctx) => {
    const plan = await spec.plan(db, orgId, table, rows, report.issues, pacer);
    Object.assign(report, spec.summary(plan));
    if (finishChecks(report) || report.dryRun) return report;
    await spec.write(db, orgId, plan, opts.onProgress);
    return report;
  };
  try {
    // A dry run only reads; a real import plans inside its transaction so it sees what it writes over.
    if (report.dryRun) return await run(ctx);
    const done = await inTx(ctx, run);
    await analyzeAfterLoad(ctx.db, spec.tables, report.rows);
    return done;
  } finally {
    // Its rows, checks and plan are garbage once the report has gone out: give the memory
    // back then rather than whenever V8 next needs room (a quiet server never would). Not at
    // once: one second after, the request's text and the parser's pieces were still held
    // (200,000 lines: 120 MB of heap left after a collection at 1 s, 26 MB at 5 s).
    if (report.rows >= LARGE_IMPORT_ROWS) collectWhenQuiet(5_000);
  }
}
