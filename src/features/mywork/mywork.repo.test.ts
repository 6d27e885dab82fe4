import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabase } from "../../../test/db.js";
import type { DependencyState, NodeStatus } from "../../core/types.js";
import type { Database } from "../../platform/db/connect.js";
import { myworkRepo } from "./mywork.repo.js";

/**
 * The "my work" repository's SQL against a real database (PGlite or TEST_DATABASE_URL),
 * with numbers worked out by hand. Weeks start on Monday 00:00 UTC.
 */

let database: Database;
const db = () => database.db;

async function newOrg(): Promise<string> {
  const id = randomUUID();
  await db()
    .insertInto("organizations")
    .values({ id, slug: `o-${id.slice(0, 8)}`, name: "Org" })
    .execute();
  return id;
}

interface NodeSpec {
  title?: string;
  baseline?: number | null;
  target: number | null;
  direction?: "increase" | "decrease";
  status?: NodeStatus;
}
async function node(orgId: string, n: NodeSpec): Promise<string> {
  const id = randomUUID();
  await db()
    .insertInto("nodes")
    .values({
      org_id: orgId,
      id,
      kind: "key_result",
      title: n.title ?? "kr",
      baseline: n.baseline ?? null,
      target: n.target,
      direction: n.direction ?? "increase",
      status: n.status ?? "active",
    })
    .execute();
  return id;
}
async function checkin(
  orgId: string,
  nodeId: string,
  at: string,
  value: number | null,
  confidence: number | null,
) {
  await db()
    .insertInto("checkins")
    .values({
      org_id: orgId,
      id: randomUUID(),
      node_id: nodeId,
      value,
      confidence,
      created_at: new Date(at),
    })
    .execute();
}

beforeAll(async () => {
  database = await testDatabase();
});
afterAll(() => database.close());

describe("weeklyTrends", () => {
  // Wednesday 18 March 2026; with 4 weeks: the weeks of 23 Feb, 2, 9 and 16 March.
  const END = new Date("2026-03-18T12:00:00Z");
  let org: string;

  beforeAll(async () => {
    org = await newOrg();
    const up = await node(org, { baseline: 0, target: 100 });
    const down = await node(org, { baseline: 100, target: 50, direction: "decrease" });
    const flat = await node(org, { baseline: null, target: 0 }); // target = baseline (0)
    const done = await node(org, {
      baseline: null,
      target: -10,
      direction: "decrease",
      status: "done",
    });
    const draft = await node(org, { baseline: 0, target: 100, status: "draft" });
    const unmeasured = await node(org, { target: null });

    // Check-ins deliberately inserted out of time order.
    await checkin(org, up, "2026-03-11T08:00:00Z", 40, 0.7);
    await checkin(org, up, "2026-03-03T10:00:00Z", 20, 0.5);
    await checkin(org, up, "2026-03-10T08:00:00Z", 60, 0.9);
    await checkin(org, up, "2026-03-17T08:00:00Z", null, 0.8); // confidence only
    await checkin(org, up, "2026-03-16T09:00:00Z", 150, null); // past the target: progress 1
    await checkin(org, down, "2026-02-20T10:00:00Z", 90, 0.1); // before the window
    await checkin(org, down, "2026-03-09T00:00:00Z", 75, 0.6); // the first instant of a week
    await checkin(org, flat, "2026-03-17T10:00:00Z", 0, 0.4);
    await checkin(org, done, "2026-03-10T12:00:00Z", -5, null);
    await checkin(org, draft, "2026-03-16T12:00:00Z", 100, 0.2); // counts for confidence only
    await checkin(org, unmeasured, "2026-03-02T00:00:00Z", 5, null);

    // Another organization's check-ins in the same weeks change nothing here.
    const other = await newOrg();
    const theirs = await node(other, { baseline: 0, target: 10 });
    await checkin(other, theirs, "2026-03-03T10:00:00Z", 0, 0);
    await checkin(other, theirs, "2026-03-17T10:00:00Z", 0, 0);
  });

  it("gives each week the mean progress as of its end and the mean confidence of its check-ins", async () => {
    const rows = await myworkRepo.weeklyTrends(db(), org, END, 4);
    const expected = [
      // Only `down` has a value yet (90 of 100→50: 0.2); no check-in this week.
      { week: "2026-02-23", progress: 0.2, confidence: null, checkins: 0 },
      // up 20/100 = 0.2, down still 0.2; up's check-in at 0.5 and `unmeasured`'s without one.
      { week: "2026-03-02", progress: 0.2, confidence: 0.5, checkins: 2 },
      // up 40 (its latest, not its largest): 0.4; down 75: 0.5; done -5 of 0→-10: 0.5.
      {
        week: "2026-03-09",
        progress: (0.4 + 0.5 + 0.5) / 3,
        confidence: (0.6 + 0.9 + 0.7) / 3,
        checkins: 4,
      },
      // up 150 → 1 (clamped; the later check-in has no value); down 0.5; flat 0 ≥ 0 → 1; done
      // 0.5; the draft is not measured. Confidence: 0.8, 0.4 and the draft's 0.2.
      {
        week: "2026-03-16",
        progress: (1 + 0.5 + 1 + 0.5) / 4,
        confidence: (0.8 + 0.4 + 0.2) / 3,
        checkins: 4,
      },
    ];
    expect(rows.map((r) => r.week)).toEqual(expected.map((e) => e.week));
    rows.forEach((r, i) => {
      const e = expected[i]!;
      expect(Number(r.checkins), e.week).toBe(e.checkins);
      for (const field of ["progress", "confidence"] as const) {
        if (e[field] === null) expect(r[field], `${e.week} ${field}`).toBeNull();
        else expect(r[field], `${e.week} ${field}`).toBeCloseTo(e[field], 10);
      }
    });
  });

  it("gives the same weeks whatever the session's time zone", async () => {
    const utc = await myworkRepo.weeklyTrends(db(), org, END, 4);
    const elsewhere = await db()
      .transaction()
      .execute(async (tx) => {
        await sql`set local time zone 'America/Los_Angeles'`.execute(tx);
        return myworkRepo.weeklyTrends(tx, org, END, 4);
      });
    expect(elsewhere).toEqual(utc);
  });

  it("gives as many weeks as asked, ending with the week of the end date", async () => {
    const rows = await myworkRepo.weeklyTrends(db(), org, new Date("2026-03-08T23:59:59Z"), 2);
    expect(rows.map((r) => r.week)).toEqual(["2026-02-23", "2026-03-02"]);
    expect(rows.map((r) => Number(r.checkins))).toEqual([0, 2]);
  });

  it("gives empty weeks for an organization without check-ins", async () => {
    const empty = await newOrg();
    await node(empty, { target: 10 });
    const rows = await myworkRepo.weeklyTrends(db(), empty, END, 3);
    expect(rows.map((r) => ({ ...r, checkins: Number(r.checkins) }))).toEqual([
      { week: "2026-03-02", progress: null, confidence: null, checkins: 0 },
      { week: "2026-03-09", progress: null, confidence: null, checkins: 0 },
      { week: "2026-03-16", progress: null, confidence: null, checkins: 0 },
    ]);
  });
});

describe("requestsWaitingOn", () => {
  it("lists open dependency requests on these nodes, oldest change first, with both titles", async () => {
    const org = await newOrg();
    const mine = await node(org, { title: "Mine", target: 1 });
    const alsoMine = await node(org, { title: "Also mine", target: 1 });
    const notMine = await node(org, { title: "Not mine", target: 1 });
    const [a, b, c] = await Promise.all(
      ["Asker A", "Asker B", "Asker C"].map((title) => node(org, { title, target: 1 })),
    );
    const edge = async (from: string, to: string, state: DependencyState, updatedAt: string) => {
      const id = randomUUID();
      await db()
        .insertInto("edges")
        .values({
          org_id: org,
          id,
          kind: "depends_on",
          from_id: from,
          to_id: to,
          state,
          updated_at: new Date(updatedAt),
        })
        .execute();
      return id;
    };
    const late = await edge(a, mine, "requested", "2026-03-05T00:00:00Z");
    const early = await edge(b, alsoMine, "requested", "2026-03-01T00:00:00Z");
    await edge(c, mine, "accepted", "2026-02-01T00:00:00Z"); // answered
    await edge(a, notMine, "requested", "2026-02-01T00:00:00Z"); // someone else's
    const middle = await edge(c, alsoMine, "requested", "2026-03-03T00:00:00Z");
    // A contributes_to link is no request.
    await db()
      .insertInto("edges")
      .values({ org_id: org, id: randomUUID(), kind: "contributes_to", from_id: b, to_id: mine })
      .execute();

    const rows = await myworkRepo.requestsWaitingOn(db(), org, [mine, alsoMine]);
    expect(rows.map((r) => [r.edge_id, r.from_title, r.to_title])).toEqual([
      [early, "Asker B", "Also mine"],
      [middle, "Asker C", "Also mine"],
      [late, "Asker A", "Mine"],
    ]);
    expect(rows.map((r) => [r.from_id, r.to_id])).toEqual([
      [b, alsoMine],
      [c, alsoMine],
      [a, mine],
    ]);
    expect(await myworkRepo.requestsWaitingOn(db(), org, [])).toEqual([]);
    expect(await myworkRepo.requestsWaitingOn(db(), await newOrg(), [mine])).toEqual([]);
  });
});

/**
 * The trends as computed from every check-in, the way they were read before the database
 * kept weekly sums: for each week, the latest value of each measured item as of the week's
 * end, with the item's current baseline, target and direction.
 */
async function trendsFromEveryCheckin(orgId: string, end: Date, weeks: number) {
  const at = end.toISOString();
  const { rows } = await sql<{
    week: string;
    progress: number | null;
    confidence: number | null;
    checkins: number;
  }>`
    with weeks as (
      select generate_series(date_trunc('week', ${at}::timestamptz) - ${`${weeks - 1} weeks`}::interval,
        date_trunc('week', ${at}::timestamptz), interval '1 week') as week
    )
    select to_char(w.week, 'YYYY-MM-DD') as week,
      (select avg(p)::float8 from (
        select distinct on (c.node_id) greatest(0, least(1,
          case when n.target = coalesce(n.baseline, 0) then (case when (n.direction = 'increase' and c.value >= n.target) or (n.direction = 'decrease' and c.value <= n.target) then 1 else 0 end)
               when n.direction = 'increase' then (c.value - coalesce(n.baseline, 0)) / (n.target - coalesce(n.baseline, 0))
               else (coalesce(n.baseline, 0) - c.value) / (coalesce(n.baseline, 0) - n.target) end)) as p
        from checkins c join nodes n on n.org_id = c.org_id and n.id = c.node_id
        where c.org_id = ${orgId} and c.value is not null and c.created_at < w.week + interval '1 week'
          and n.target is not null and n.status in ('active', 'done')
        order by c.node_id, c.created_at desc, c.id desc) latest) as progress,
      (select avg(confidence)::float8 from checkins c where c.org_id = ${orgId}
        and c.created_at >= w.week and c.created_at < w.week + interval '1 week') as confidence,
      (select count(*)::int from checkins c where c.org_id = ${orgId}
        and c.created_at >= w.week and c.created_at < w.week + interval '1 week') as checkins
    from weeks w order by w.week`.execute(db());
  return rows;
}

describe("the weekly sums behind the trends", () => {
  it("agree with every check-in read afresh, after any sequence of writes", async () => {
    // A small deterministic generator (xorshift), so a failure can be replayed.
    let seed = 20261207;
    const rand = () => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) / 2 ** 32;
    };
    const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
    const END = new Date("2026-06-17T12:00:00Z");
    const day = (d: number) => new Date(END.getTime() - d * 86_400_000).toISOString();
    const org = await newOrg();
    const items: string[] = [];
    for (let i = 0; i < 8; i++) {
      items.push(
        await node(org, {
          baseline: pick([null, 0, 10]),
          target: pick([null, 0, 50, 100]),
          direction: pick(["increase", "decrease"]),
          status: pick(["active", "active", "done", "draft"]),
        }),
      );
    }
    const check = async (what: string) => {
      for (const weeks of [3, 12]) {
        const kept = await myworkRepo.weeklyTrends(db(), org, END, weeks);
        const truth = await trendsFromEveryCheckin(org, END, weeks);
        expect(
          kept.map((r) => r.week),
          what,
        ).toEqual(truth.map((r) => r.week));
        kept.forEach((r, i) => {
          const t = truth[i]!;
          expect(Number(r.checkins), `${what}: ${r.week} check-ins`).toBe(Number(t.checkins));
          for (const f of ["progress", "confidence"] as const) {
            if (t[f] === null) expect(r[f], `${what}: ${r.week} ${f}`).toBeNull();
            else expect(r[f], `${what}: ${r.week} ${f}`).toBeCloseTo(t[f], 9);
          }
        });
      }
    };
    for (let step = 0; step < 60; step++) {
      const r = rand();
      const item = pick(items);
      if (r < 0.55) {
        // A check-in, now or back-dated (an import), with or without a value.
        await checkin(
          org,
          item,
          day(Math.floor(rand() * 100)),
          pick([null, 0, 5, 30, 60, 120]),
          pick([null, 0.3, 0.8]),
        );
      } else if (r < 0.7) {
        const one = await db()
          .selectFrom("checkins")
          .select("id")
          .where("org_id", "=", org)
          .limit(1)
          .executeTakeFirst();
        if (one)
          await db()
            .deleteFrom("checkins")
            .where("org_id", "=", org)
            .where("id", "=", one.id)
            .execute();
      } else if (r < 0.9) {
        await db()
          .updateTable("nodes")
          .set(
            pick([
              { target: pick([null, 0, 40, 100]) },
              { baseline: pick([null, 0, 20]) },
              { direction: pick(["increase", "decrease"]) },
              { status: pick(["active", "done", "draft", "cancelled"]) },
              { title: `renamed ${step}` },
            ]),
          )
          .where("org_id", "=", org)
          .where("id", "=", item)
          .execute();
      } else if (items.length > 3) {
        items.splice(items.indexOf(item), 1);
        await db().deleteFrom("nodes").where("org_id", "=", org).where("id", "=", item).execute();
      }
      if (step % 6 === 5) await check(`after step ${step}`);
    }
    await check("at the end");
    // Several check-ins in one statement (as an import writes them), then the organization goes.
    await db()
      .insertInto("checkins")
      .values(
        items.map((nodeId, i) => ({
          org_id: org,
          id: randomUUID(),
          node_id: nodeId,
          value: i * 7,
          confidence: null,
          created_at: new Date(day(i * 3)),
        })),
      )
      .execute();
    await check("after a statement of several check-ins");
    await db().deleteFrom("organizations").where("id", "=", org).execute();
    const left = await db()
      .selectFrom("trend_steps")
      .select("org_id")
      .where("org_id", "=", org)
      .execute();
    expect(left).toEqual([]);
  });
});
