import { describe, expect, it } from "vitest";
import { type CsvCells, type ImportIssue, readCsv } from "./report.js";

const spec = { required: ["id"], known: ["id", "name"] };

/** readCsv's rows, kept (an import keeps only what it needs of each). */
async function read(csv: string, issues: ImportIssue[]) {
  const rows: { line: number; values: CsvCells }[] = [];
  const table = await readCsv(csv, spec, issues, (line, values) => rows.push({ line, values }));
  return { ...table, rows };
}

describe("readCsv", () => {
  it("reads a file of many pieces as one: characters, quotes and line numbers across the seams", async () => {
    // Rows of every length, so that the pieces (32 KB) end inside names, quotes and emoji.
    const build = (pad: number) => {
      const names: string[] = [];
      const lines = ["id,name"];
      for (let i = 0; i < 6_000; i++) {
        const name =
          i === 1
            ? `Padding ${"p".repeat(pad)}`
            : i % 3 === 0
              ? `Ana 😀 ${"é".repeat(i % 37)} 🚀`
              : i % 3 === 1
                ? `"Quoted, with a comma and ""quotes"" ${"x".repeat(i % 41)}"`
                : `Plain ${"y".repeat(i % 43)}`;
        // (Cells are trimmed, except inside quotes.)
        names.push(name.startsWith('"') ? name.slice(1, -1).replaceAll('""', '"') : name.trim());
        lines.push(`p${i},${name}`);
        if (i % 500 === 0) lines.push(""); // blank lines are skipped but counted
      }
      return { names, lines, csv: lines.join("\n") };
    };
    // Padded so that the seam at 64 KB falls between the two halves of an emoji.
    const first = build(0).csv.indexOf("😀", 64 * 1024 - 200);
    const { names, lines, csv } = build(64 * 1024 - 1 - first);
    expect(csv.slice(64 * 1024 - 1, 64 * 1024 + 1)).toBe("😀");
    expect(csv.length).toBeGreaterThan(3 * 64 * 1024);
    const issues: ImportIssue[] = [];
    const table = await read(csv, issues);
    expect(issues).toEqual([]);
    expect(table.count).toBe(6_000);
    expect(table.rows.map((r) => r.values.name)).toEqual(names);
    // Each row knows its line in the file (the header is line 1, blank lines count).
    for (const row of table.rows) {
      expect(lines[row.line - 1]!.startsWith(`${row.values.id},`)).toBe(true);
    }
  });

  it("names the line of a bad row after many pieces", async () => {
    const lines = ["id,name"];
    for (let i = 0; i < 5_000; i++) lines.push(`p${i},Person ${i} ${"z".repeat(30)}`);
    lines[4_000] = "p3999,one,two"; // line 4,001: a value too many
    const issues: ImportIssue[] = [];
    const table = await read(lines.join("\n"), issues);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.line).toBe(4_001);
    expect(issues[0]!.message).toMatch(/3 values but the header has 2/);
    expect(table.rows.find((r) => r.line === 4_002)?.values.id).toBe("p4000");
  });
});
