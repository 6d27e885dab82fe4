import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeFindings, type FindingOptions, RULES, sortByTitleThenId } from "./findings.js";
import { buildGraph } from "./graph.js";
import { rollUp } from "./rollup.js";
import {
  daysAgo,
  dependsOn,
  edge,
  NOW,
  node,
  person,
  rollupNode,
  snapshot,
  unit,
} from "./testing.js";
import type { OrgSnapshot } from "./types.js";

const run = (s: OrgSnapshot, opts: Partial<FindingOptions> = {}) => {
  const g = buildGraph(s);
  return computeFindings(g, rollUp(g), { now: NOW, ...opts });
};
const ruleOf = (s: OrgSnapshot, rule: string, opts: Partial<FindingOptions> = {}) =>
  run(s, opts).filter((f) => f.rule === rule);

/** An objective, so that nodes linked to it are aligned. */
const objective = node({ id: "obj", kind: "objective", title: "Grow running", target: null });

describe("RULES", () => {
  it("lists every rule once, with a description", () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of RULES) expect(r.description.length).toBeGreaterThan(10);
  });
});

describe("orphan", () => {
  it("flags a goal with no path to an objective", () => {
    const s = snapshot({
      nodes: [objective, node({ id: "g", title: "Raise output of trail shoes" })],
    });
    const [f, ...rest] = ruleOf(s, "orphan");
    expect(rest).toEqual([]);
    expect(f).toMatchObject({
      severity: "warning",
      subject: { type: "node", id: "g", title: "Raise output of trail shoes" },
      unitId: "u-root",
      message: 'Goal "Raise output of trail shoes" has no path to a strategic objective.',
    });
  });

  it("accepts any chain of contributes_to or supports links up to an objective", () => {
    const s = snapshot({
      nodes: [objective, node({ id: "g" }), node({ id: "kr", kind: "key_result" })],
      edges: [edge("kr", "g"), edge("g", "obj", { kind: "supports" })],
    });
    expect(ruleOf(s, "orphan")).toEqual([]);
  });

  it("does not flag standalone, done or cancelled items", () => {
    const s = snapshot({
      nodes: [
        node({ id: "s", standalone: true, standaloneReason: "Legal duty" }),
        node({ id: "d", status: "done" }),
        node({ id: "c", status: "cancelled" }),
      ],
    });
    expect(ruleOf(s, "orphan")).toEqual([]);
  });

  it("treats a path through a cancelled item as broken", () => {
    const s = snapshot({
      nodes: [objective, node({ id: "dead", status: "cancelled" }), node({ id: "g" })],
      edges: [edge("g", "dead"), edge("dead", "obj")],
    });
    expect(ruleOf(s, "orphan").map((f) => f.subject.id)).toEqual(["g"]);
  });
});

describe("unowned", () => {
  it("is an error for an item with neither unit nor person", () => {
    const s = snapshot({ nodes: [node({ id: "x", ownerUnitId: null, title: "Lost" })] });
    const fs = ruleOf(s, "unowned");
    expect(fs).toHaveLength(1);
    expect(fs[0].severity).toBe("error");
    expect(fs[0].unitId).toBeNull();
    expect(fs[0].message).toBe('Goal "Lost" has no owner.');
  });

  it("accepts a person as owner", () => {
    const s = snapshot({
      people: [person("p")],
      nodes: [node({ ownerUnitId: null, ownerPersonId: "p" })],
    });
    expect(ruleOf(s, "unowned")).toEqual([]);
  });
});

describe("stale_checkin", () => {
  const units = [unit("u-root", null, { cadenceDays: 7 })];

  it("flags a metric not checked in within the unit's cadence, naming the days", () => {
    const s = snapshot({
      units,
      nodes: [node({ id: "k", title: "Pairs per day", lastCheckinAt: daysAgo(10) })],
    });
    const fs = ruleOf(s, "stale_checkin");
    expect(fs).toHaveLength(1);
    expect(fs[0].message).toBe(
      'Goal "Pairs per day" has had no check-in for 10 days; check-ins are due every 7 days.',
    );
  });

  it("uses the creation time when there was never a check-in", () => {
    const s = snapshot({
      units,
      nodes: [node({ lastCheckinAt: null, createdAt: daysAgo(20) })],
    });
    expect(ruleOf(s, "stale_checkin")[0].message).toContain("since it was created 20 days ago");
  });

  it("does not flag fresh check-ins, items without a metric, or drafts", () => {
    const s = snapshot({
      units,
      nodes: [
        node({ lastCheckinAt: daysAgo(6) }),
        rollupNode({ lastCheckinAt: daysAgo(60) }),
        node({ status: "draft", lastCheckinAt: daysAgo(60) }),
      ],
    });
    expect(ruleOf(s, "stale_checkin")).toEqual([]);
  });

  it("falls back to staleAfterDays without a unit, and skips cycles not started", () => {
    const s = snapshot({
      people: [person("p")],
      nodes: [
        node({ id: "a", ownerUnitId: null, ownerPersonId: "p", lastCheckinAt: daysAgo(5) }),
        node({ id: "b", cycleId: "q4", lastCheckinAt: null, createdAt: daysAgo(60) }),
      ],
    });
    const cycleEnds = new Map([["q4", { startsOn: "2026-10-01", endsOn: "2026-12-31" }]]);
    expect(
      ruleOf(s, "stale_checkin", { staleAfterDays: 3, cycleEnds }).map((f) => f.subject.id),
    ).toEqual(["a"]);
    expect(
      ruleOf(s, "stale_checkin", { staleAfterDays: 3 })
        .map((f) => f.subject.id)
        .sort(),
    ).toEqual(["a", "b"]);
  });
});

describe("dependency_at_risk", () => {
  const nodes = [
    node({ id: "mine", title: "Ship spring line" }),
    node({ id: "theirs", title: "Open new warehouse", kind: "initiative" }),
  ];

  it("is an error when the request was declined", () => {
    const s = snapshot({
      nodes,
      edges: [dependsOn("mine", "theirs", { id: "d1", state: "declined" })],
    });
    const [f] = ruleOf(s, "dependency_at_risk");
    expect(f).toMatchObject({
      severity: "error",
      subject: { type: "edge", id: "d1" },
      unitId: "u-root",
      message:
        'Goal "Ship spring line" relies on initiative "Open new warehouse", which was declined.',
    });
  });

  it("warns about a request unanswered for more than 14 days, not a fresh one", () => {
    const stalled = snapshot({
      nodes,
      edges: [dependsOn("mine", "theirs", { state: "requested", updatedAt: daysAgo(20) })],
    });
    const fresh = snapshot({
      nodes,
      edges: [dependsOn("mine", "theirs", { state: "requested", updatedAt: daysAgo(3) })],
    });
    expect(ruleOf(stalled, "dependency_at_risk")[0].message).toContain("waited 20 days");
    expect(ruleOf(fresh, "dependency_at_risk")).toEqual([]);
  });

  it("warns when an accepted dependency is unlikely or cancelled", () => {
    const weak = snapshot({
      nodes: [nodes[0], { ...nodes[1], confidence: 0.4 }],
      edges: [dependsOn("mine", "theirs")],
    });
    const gone = snapshot({
      nodes: [nodes[0], { ...nodes[1], status: "cancelled" }],
      edges: [dependsOn("mine", "theirs")],
    });
    expect(ruleOf(weak, "dependency_at_risk")[0].message).toContain("confidence is 40%");
    expect(ruleOf(gone, "dependency_at_risk")[0].message).toContain("was cancelled");
  });

  it("orders several dependency findings by their title, then id", () => {
    const s = snapshot({
      nodes: [
        node({ id: "b", title: "B" }),
        node({ id: "a", title: "A" }),
        node({ id: "z", title: "Z" }),
      ],
      edges: [
        dependsOn("b", "z", { id: "e3", state: "declined" }),
        dependsOn("a", "z", { id: "e2", state: "declined" }),
        dependsOn("a", "z", { id: "e1", state: "declined" }),
        dependsOn("a", "b", { id: "e0", state: "declined" }),
      ],
    });
    expect(ruleOf(s, "dependency_at_risk").map((f) => [f.subject.title, f.subject.id])).toEqual([
      ["A → B", "e0"],
      ["A → Z", "e1"],
      ["A → Z", "e2"],
      ["B → Z", "e3"],
    ]);
  });

  it("stays quiet for healthy dependencies and for items no longer active", () => {
    const s = snapshot({
      nodes: [...nodes, node({ id: "old", status: "done" })],
      edges: [dependsOn("mine", "theirs"), dependsOn("old", "theirs", { state: "declined" })],
    });
    expect(ruleOf(s, "dependency_at_risk")).toEqual([]);
  });
});

describe("too_many_goals", () => {
  const goals = (count: number, over: Partial<Parameters<typeof node>[0]> = {}) =>
    Array.from({ length: count }, () => node(over));

  it("flags a unit owning more than the limit of active goals", () => {
    const s = snapshot({ nodes: goals(8) });
    const fs = ruleOf(s, "too_many_goals");
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({
      subject: { type: "unit", id: "u-root", title: "Stride Athletics" },
      unitId: "u-root",
    });
    expect(fs[0].message).toContain("owns 8 active goals");
  });

  it("does not count sub-units, KPIs, objectives, drafts or a limit not exceeded", () => {
    const s = snapshot({
      units: [unit("u-root", null), unit("u-team", "u-root")],
      nodes: [
        ...goals(7),
        ...goals(5, { ownerUnitId: "u-team" }),
        ...goals(3, { kind: "kpi" }),
        ...goals(3, { status: "draft" }),
      ],
    });
    expect(ruleOf(s, "too_many_goals")).toEqual([]);
    expect(ruleOf(s, "too_many_goals", { maxActiveGoalsPerOwner: 6 })).toHaveLength(1);
  });
});

describe("no_metric", () => {
  it("warns for key results and KPIs without a target", () => {
    const s = snapshot({
      nodes: [
        rollupNode({ id: "kr", kind: "key_result" }),
        rollupNode({ id: "kpi", kind: "kpi" }),
        node({ id: "ok", kind: "key_result" }),
      ],
    });
    const fs = ruleOf(s, "no_metric");
    // Titles are "Item kpi" and "Item kr": sorted by title.
    expect(fs.map((f) => [f.subject.id, f.severity])).toEqual([
      ["kpi", "warning"],
      ["kr", "warning"],
    ]);
  });

  it("is info for a goal with neither metric nor contributors, silent when it has one", () => {
    const s = snapshot({
      nodes: [rollupNode({ id: "bare" }), rollupNode({ id: "parent" }), node({ id: "kr" })],
      edges: [edge("kr", "parent")],
    });
    const fs = ruleOf(s, "no_metric");
    expect(fs.map((f) => [f.subject.id, f.severity])).toEqual([["bare", "info"]]);
  });
});

describe("low_confidence", () => {
  it("flags active items below 30% confidence only", () => {
    const s = snapshot({
      nodes: [
        node({ id: "low", confidence: 0.2, title: "Cut returns" }),
        node({ id: "fine", confidence: 0.3 }),
        node({ id: "unsaid", confidence: null }),
        node({ id: "draft", confidence: 0.1, status: "draft" }),
      ],
    });
    const fs = ruleOf(s, "low_confidence");
    expect(fs.map((f) => f.subject.id)).toEqual(["low"]);
    expect(fs[0].message).toBe('Goal "Cut returns" has a confidence of 20%.');
  });
});

describe("computeFindings", () => {
  it("sorts by severity, then rule, then title, and gives every finding a fix", () => {
    const s = snapshot({
      nodes: [
        objective,
        node({ id: "b", title: "B", confidence: 0.1 }),
        node({ id: "a", title: "A", confidence: 0.1, ownerUnitId: null }),
        rollupNode({ id: "c", title: "C" }),
      ],
      edges: [edge("b", "obj")],
    });
    const fs = run(s);
    expect(fs.map((f) => `${f.severity}:${f.rule}:${f.subject.title}`)).toEqual([
      "error:unowned:A",
      "warning:low_confidence:A",
      "warning:low_confidence:B",
      "warning:orphan:A",
      "warning:orphan:C",
      "info:no_metric:C",
    ]);
    for (const f of fs) expect(f.fix.length).toBeGreaterThan(10);
  });

  it("produces nothing for done or cancelled items", () => {
    const s = snapshot({
      nodes: [
        rollupNode({ status: "done", ownerUnitId: null, confidence: 0, kind: "key_result" }),
        rollupNode({ status: "cancelled", ownerUnitId: null, confidence: 0, kind: "kpi" }),
      ],
    });
    expect(run(s)).toEqual([]);
  });
});

describe("sortByTitleThenId", () => {
  it("orders like a plain comparison of (title, id), ties and all", () => {
    const text = fc.string({ unit: fc.constantFrom("a", "b", "Z", "é", "😀"), maxLength: 4 });
    fc.assert(
      fc.property(fc.array(fc.tuple(text, text), { maxLength: 60 }), (pairs) => {
        const titles = pairs.map(([t]) => t);
        const ids = pairs.map(([, id], i) => `${id}#${i}`);
        const nodes = pairs.map((_, i) => i).reverse();
        const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
        const expected = [...nodes].sort(
          (a, b) => cmp(titles[a], titles[b]) || cmp(ids[a], ids[b]),
        );
        expect(sortByTitleThenId(nodes, titles, ids)).toEqual(expected);
      }),
    );
  });
});
