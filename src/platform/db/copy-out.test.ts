import fs from "node:fs";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type Database, openDatabase } from "./connect.js";
import { copyOutOf, copyTextRowCount, copyTextRows } from "./copy-out.js";

/** Text that COPY's format must escape, and text that spans several bytes per character. */
const AWKWARD = [
  "plain",
  "tab\there",
  "new\nline",
  "carriage\rreturn",
  "back\\slash \\N not null",
  "\\",
  "",
  "Zoë → Ünïcödé 目標 🚀",
  "\b\f\v",
];

/** PGlite in process and in its thread, and a PostgreSQL server when the tests have one. */
const LABELS = [
  "PGlite in process",
  "PGlite in its worker thread",
  ...(process.env.TEST_DATABASE_URL ? ["PostgreSQL, read in a worker thread"] : []),
];
const databases: Database[] = [];

beforeAll(async () => {
  const tar = fs.readFileSync(inject("pgliteTemplate"));
  for (const thread of [false, true]) {
    databases.push(
      await openDatabase({
        url: "",
        dataDir: "memory://",
        loadDataDir: new Blob([tar]),
        thread,
      }),
    );
  }
  const url = process.env.TEST_DATABASE_URL;
  if (url) databases.push(await openDatabase({ url }));
});
afterAll(() => Promise.all(databases.map((d) => d.close())));

function read(buffer: ArrayBuffer, columns: number): (string | null)[][] {
  const rows: (string | null)[][] = [];
  const steps = copyTextRows(buffer, columns, (f) => rows.push(f.slice()));
  while (!steps.next().done);
  return rows;
}

describe("bulk reads with COPY", () => {
  for (const [i, label] of LABELS.entries()) {
    it(`gives back every value as a plain select does (${label})`, async () => {
      const { db } = databases[i];
      const copy = copyOutOf(db);
      if (!copy) throw new Error(`no COPY reader on ${label}`);
      // Enough rows to cross the 1 MB pieces the reader decodes at a time, some of them
      // with characters of several bytes right where a piece may end.
      const query = `
        select g as n, (array[${AWKWARD.map((s) => `E'${s.replace(/\\/g, "\\\\").replace(/'/g, "''").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r").replace(/\b/g, "\\b").replace(/\f/g, "\\f").replace(/\v/g, "\\v")}'`).join(", ")}])[1 + g % ${AWKWARD.length}] || repeat('é', g % 50) as s,
          case when g % 7 = 0 then null else g * 0.5 end as x
        from generate_series(1, 40000) g order by g`;
      const want = await sql.raw<{ n: number; s: string; x: number | null }>(query).execute(db);
      const buffer = await copy(query);
      expect(buffer.byteLength).toBeGreaterThan(1 << 20);
      const rows = read(buffer, 3);
      const count = copyTextRowCount(buffer);
      let r = count.next();
      while (!r.done) r = count.next();
      expect(r.value).toBe(40000);
      expect(rows).toHaveLength(40000);
      rows.forEach((row, k) => {
        const w = want.rows[k];
        expect(Number(row[0])).toBe(Number(w.n));
        expect(row[1]).toBe(w.s);
        expect(row[2] === null ? null : Number(row[2])).toBe(w.x === null ? null : Number(w.x));
      });
      expect(new Set(rows.map((x) => x[1]?.replace(/é+$/, ""))).size).toBe(AWKWARD.length);
    });
  }

  it("leaves nothing of a COPY that failed halfway for the next one", async () => {
    for (const { db } of databases) {
      const copy = copyOutOf(db)!;
      await expect(
        // 1 / (g - g), not 1 / 0: a constant division is folded (and fails) while planning,
        // before any row is copied.
        copy(
          "select case when g < 30000 then g else 1 / (g - g) end from generate_series(1, 40000) g",
        ),
      ).rejects.toThrow(/division by zero/);
      // Several at once (a load sends three), each whole.
      const [a, b, c] = await Promise.all(
        [3, 5, 2].map((k) => copy(`select g from generate_series(1, ${k}) g`)),
      );
      expect(read(a, 1)).toEqual([["1"], ["2"], ["3"]]);
      expect(read(b, 1)).toHaveLength(5);
      expect(read(c, 1)).toEqual([["1"], ["2"]]);
    }
  });

  it("leaves a raw column as bytes, and decodes it on demand like any other", () => {
    const text = "a\t0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d\n\\N\tx\\ty\nc\t\\N\n";
    const bytes = new TextEncoder().encode(text);
    const seen: [string | null, string | null, number, string | null][] = [];
    const steps = copyTextRows(
      bytes.buffer as ArrayBuffer,
      2,
      (f, raw) => seen.push([f[0], f[1], raw.end - raw.start, raw.text()]),
      1,
    );
    while (!steps.next().done);
    expect(seen).toEqual([
      ["a", null, 36, "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"],
      [null, null, 4, "x\ty"],
      ["c", null, 2, null],
    ]);
  });

  it("reads an empty result as no rows (an organization without edges)", async () => {
    for (const { db } of databases) {
      const buffer = await copyOutOf(db)!("select 1 where false");
      expect(read(buffer, 1)).toEqual([]);
    }
  });
});
