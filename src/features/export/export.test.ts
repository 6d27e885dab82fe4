import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient } from "../../../test/api.js";
import { testDatabase } from "../../../test/db.js";
import type { Bundle } from "../../core/bundle.js";
import type { Database } from "../../platform/db/connect.js";
import { bundleToCsv, CSV_TABLES, neutraliseFormula } from "./export.js";

/** Text a spreadsheet would run as a formula, and what the CSV export must write instead. */
const FORMULAS: [string, string][] = [
  ['=HYPERLINK("http://x")', `'=HYPERLINK("http://x")`],
  ["+1", "'+1"],
  ["-2+3", "'-2+3"],
  ["@SUM(A1)", "'@SUM(A1)"],
  ["\tx", "'\tx"],
  ["\rx", "'\rx"],
];

const rows = (csv: string) => parse(csv, { columns: true }) as Record<string, string>[];

describe("neutraliseFormula", () => {
  it("prefixes text that starts a formula, and only that", () => {
    for (const [text, safe] of FORMULAS) expect(neutraliseFormula(text)).toBe(safe);
    for (const text of ["Grow revenue", "1+1", " =x", "", "a=b", "'=already"])
      expect(neutraliseFormula(text)).toBe(text);
  });
});

describe("CSV export of a bundle", () => {
  const ids = { org: "o", unit: "u", person: "p", cycle: "c", node: "n", edge: "e", checkin: "k" };
  const bundleWith = (text: string): Bundle => ({
    organization: { id: ids.org, slug: "x", name: text, vision: text },
    units: [
      {
        id: ids.unit,
        parentId: null,
        name: text,
        kind: "team",
        leaderId: ids.person,
        cadenceDays: 7,
      },
    ],
    people: [
      {
        id: ids.person,
        externalId: text,
        name: text,
        email: null,
        title: text,
        managerId: null,
      },
    ],
    memberships: [{ personId: ids.person, unitId: ids.unit, share: 1 }],
    cycles: [
      {
        id: ids.cycle,
        parentId: null,
        name: text,
        kind: "quarter",
        startsOn: "2026-01-01",
        endsOn: "2026-03-31",
      },
    ],
    nodes: [
      {
        id: ids.node,
        kind: "key_result",
        title: text,
        description: text,
        ownerUnitId: ids.unit,
        ownerPersonId: null,
        cycleId: ids.cycle,
        baseline: -5,
        target: -1.5,
        current: -3,
        metricUnit: text,
        direction: "increase",
        status: "active",
        confidence: 0.5,
        priority: null,
        standalone: true,
        standaloneReason: text,
        createdAt: "2026-01-02T00:00:00.000Z",
      },
    ],
    edges: [
      {
        id: ids.edge,
        kind: "depends_on",
        fromId: ids.node,
        toId: ids.node,
        weight: 1,
        state: null,
        note: text,
        createdAt: "2026-01-02T00:00:00.000Z",
        updatedAt: "2026-01-02T00:00:00.000Z",
      },
    ],
    checkins: [
      {
        id: ids.checkin,
        nodeId: ids.node,
        value: -5,
        confidence: null,
        note: text,
        authorId: ids.person,
        createdAt: "2026-01-03T00:00:00.000Z",
      },
    ],
  });
  /** The columns that carry the text in each table. */
  const TEXT_COLUMNS: Record<(typeof CSV_TABLES)[number], string[]> = {
    people: ["id", "name", "title", "team"],
    goals: ["title", "owner_unit", "cycle", "unit", "standalone_reason"],
    units: ["name", "leader"],
    edges: ["note"],
    checkins: ["note", "author"],
  };

  it("neutralises every text cell that would start a formula, in every table", () => {
    for (const [text, safe] of FORMULAS) {
      const b = bundleWith(text);
      for (const table of CSV_TABLES) {
        const [row] = rows(bundleToCsv(b, table));
        for (const column of TEXT_COLUMNS[table]) {
          expect(row![column], `${table}.${column} of ${JSON.stringify(text)}`).toBe(safe);
        }
      }
    }
  });

  it("leaves numbers alone: a negative value stays a number", () => {
    const b = bundleWith("Plain text");
    const [goal] = rows(bundleToCsv(b, "goals"));
    expect(goal).toMatchObject({
      baseline: "-5",
      target: "-1.5",
      current: "-3",
      title: "Plain text",
    });
    const [checkin] = rows(bundleToCsv(b, "checkins"));
    expect(checkin).toMatchObject({ value: "-5", note: "Plain text" });
    expect(bundleToCsv(b, "checkins").split("\n")[1]).toContain(",-5,");
  });
});

describe("CSV export through the API", () => {
  let database: Database;
  let api: ReturnType<typeof apiClient>;
  const O = "/api/orgs/sheets";
  beforeAll(async () => {
    database = await testDatabase();
    api = apiClient(database.db);
    expect((await api.post("/api/orgs", { slug: "sheets", name: "Sheets" })).status).toBe(201);
  });
  afterAll(() => database.close());

  it("neutralises formulas in downloaded goals and check-ins, and keeps -5 a number", async () => {
    // Titles are trimmed on the way in, so a leading tab or CR never reaches a title.
    const titles = FORMULAS.filter(([text]) => text.trim() === text);
    const krs: string[] = [];
    for (const [title] of titles) {
      const kr = await api.post(`${O}/nodes`, {
        kind: "key_result",
        title,
        baseline: 0,
        target: -10,
        direction: "decrease",
      });
      expect(kr.status, title).toBe(201);
      krs.push(kr.body.id);
    }
    for (const [i, [note]] of FORMULAS.entries()) {
      const ci = await api.post(`${O}/nodes/${krs[i % krs.length]}/checkins`, { value: -5, note });
      expect(ci.status, note).toBe(201);
    }
    const goals = await api.get(`${O}/export?format=csv&table=goals`);
    expect(goals.status).toBe(200);
    expect(goals.headers.get("content-type")).toMatch(/text\/csv/);
    const goalRows = rows(goals.text);
    expect(goalRows.map((r) => r.title).sort()).toEqual(titles.map(([, safe]) => safe).sort());
    for (const r of goalRows) expect(r).toMatchObject({ baseline: "0", target: "-10" });

    const checkins = await api.get(`${O}/export?format=csv&table=checkins`);
    expect(checkins.status).toBe(200);
    const checkinRows = rows(checkins.text);
    expect(checkinRows.map((r) => r.note).sort()).toEqual(FORMULAS.map(([, safe]) => safe).sort());
    for (const r of checkinRows) expect(r.value).toBe("-5");
  });
});
