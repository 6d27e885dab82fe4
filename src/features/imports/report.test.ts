import { describe, expect, it } from "vitest";
import { type CsvCells, type CsvText, type ImportIssue, readCsv } from "./report.js";

const spec = { required: ["id"], known: ["id", "name"] };

/** readCsv's rows, kept (an import keeps only what it needs of each). */
async function read(csv: CsvText, issues: ImportIssue[]) {
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

describe("readCsv on the pieces a request's body arrived in", () => {
  it("reads them as the one string they make: rows, lines and problems across the seams", async () => {
    const lines = ["id,name"];
    for (let i = 0; i < 3_000; i++) {
      lines.push(i % 7 === 0 ? `p${i},"Quoted, 😀 ${i}"` : `p${i},Person ${"é".repeat(i % 11)}`);
      if (i % 400 === 0) lines.push("   ");
    }
    lines[1_500] = "p1499,one,two"; // a value too many
    const csv = lines.join("\r\n");
    // Seams everywhere: inside values, quotes, line ends and blank lines (never inside a
    // character, as a decoder's pieces never are).
    const pieces: string[] = [];
    for (let at = 0, k = 1; at < csv.length; k = (k * 7 + 3) % 97) {
      let end = Math.min(csv.length, at + 1 + k * 7);
      const last = csv.charCodeAt(end - 1);
      if (end < csv.length && last >= 0xd800 && last <= 0xdbff) end++;
      pieces.push(csv.slice(at, end));
      at = end;
    }
    expect(pieces.length).toBeGreaterThan(100);
    const whole: ImportIssue[] = [];
    const parts: ImportIssue[] = [];
    const a = await read(csv, whole);
    const b = await read(pieces, parts);
    expect(b.rows).toEqual(a.rows);
    expect(b.count).toBe(a.count);
    expect(parts).toEqual(whole);
    expect(whole).toHaveLength(1);
    expect(whole[0]!.line).toBe(1_501); // (the blank lines are lines of the file too)
    expect(a.rows.find((r) => r.values.id === "p7")?.values.name).toBe("Quoted, 😀 7");
  });
});
