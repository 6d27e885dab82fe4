/**
 * The Stride Athletics demo organization as a Bundle: a running-shoe maker built from the
 * seed stories (Jack raises running-shoe output with his peers, IT rolls out EAM, a
 * customer-experience transformation widens its circle of support), with deliberate gaps
 * so that every alignment finding has something real to show.
 * Pure and deterministic for a given `now`: ids come from a PRNG seeded by each record's
 * key, the content noise from one seeded stream, and every timestamp is relative to `now`.
 */
import type { Bundle } from "../../core/bundle.js";
import {
  DEPENDENCIES,
  FIRST_NAMES,
  LAST_NAMES,
  NAMED_PEOPLE,
  NODES,
  NOTES,
  type NodeSpec,
  ORGANIZATION,
  SPLITS,
  TEAM_STAFF,
  UNITS,
} from "./stride.data.js";

const DAY = 86_400_000;

/** mulberry32: a tiny 32-bit PRNG; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a, 32 bits: turns a record key into a PRNG seed. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A version-4-shaped UUID drawn from a PRNG seeded by `key`: the same key, the same id. */
export function demoId(key: string): string {
  const r = mulberry32(hash(`stride/${key}`));
  let hex = "";
  for (let i = 0; i < 4; i++) {
    hex += Math.floor(r() * 4294967296)
      .toString(16)
      .padStart(8, "0");
  }
  const variant = (8 + Math.floor(r() * 4)).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** `Chloé Dubois` → `chloe.dubois@stride.example`; `Tomasz van Dijk` → `tomasz.vandijk@…`. */
function emailOf(name: string): string {
  const parts = name
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .split(" ")
    .map((p) => p.replace(/[^a-z]/g, ""))
    .filter(Boolean);
  return `${parts[0]}.${parts.slice(1).join("")}@stride.example`;
}

const round = (x: number, dec: number) => {
  const f = 10 ** dec;
  return Math.round(x * f) / f;
};
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/** Days before `now` a node was created, by its place in the cascade. */
function createdDaysAgo(spec: NodeSpec, unitKind: string | null): number {
  if (spec.status === "draft") return 9;
  if (spec.cycle === "quarter") return 88;
  switch (spec.kind) {
    case "objective":
      return 210;
    case "key_result":
    case "kpi":
      return 206;
    case "initiative":
      return 204;
    default:
      if (unitKind === "department") return 200;
      if (unitKind === null && !spec.person) return 150;
      return 196;
  }
}

export function buildStrideDemo(now: Date = new Date()): Bundle {
  const t0 = now.getTime();
  const at = (daysAgo: number) => new Date(t0 - daysAgo * DAY).toISOString();
  const rand = mulberry32(0x57a1de);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

  const unitId = (key: string) => demoId(`unit/${key}`);
  const personId = (key: string) => demoId(`person/${key}`);
  const nodeId = (key: string) => demoId(`node/${key}`);
  const unitByKey = new Map(UNITS.map((u) => [u.key, u]));

  // ── People ─────────────────────────────────────────────────────────────────────────
  const people: Bundle["people"] = [];
  const memberships: Bundle["memberships"] = [];
  const homeUnit = new Map<string, string>();
  const names = new Set<string>();
  const emails = new Set<string>();
  const addPerson = (
    key: string,
    name: string,
    title: string,
    unit: string,
    manager: string | null,
  ) => {
    const email = emailOf(name);
    names.add(name);
    emails.add(email);
    homeUnit.set(key, unit);
    people.push({
      id: personId(key),
      externalId: `STR-${String(1001 + people.length)}`,
      name,
      email,
      title,
      managerId: manager === null ? null : personId(manager),
    });
  };
  for (const p of NAMED_PEOPLE) addPerson(p.key, p.name, p.title, p.unit, p.manager);
  for (const u of UNITS) {
    const staff = TEAM_STAFF[u.key];
    if (!staff) continue;
    for (let i = 0; i < staff.size; i++) {
      let name = "";
      do {
        name = `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}`;
      } while (names.has(name) || emails.has(emailOf(name)));
      addPerson(`${u.key}:${i}`, name, staff.titles[i % staff.titles.length]!, u.key, u.leader);
    }
  }
  const splitOf = new Map(SPLITS.map((s) => [s.person, s.unit]));
  for (const [key, unit] of homeUnit) {
    const other = splitOf.get(key);
    memberships.push({ personId: personId(key), unitId: unitId(unit), share: other ? 0.5 : 1 });
    if (other) memberships.push({ personId: personId(key), unitId: unitId(other), share: 0.5 });
  }

  // ── Units and cycles ───────────────────────────────────────────────────────────────
  const units: Bundle["units"] = UNITS.map((u) => ({
    id: unitId(u.key),
    parentId: u.parent === null ? null : unitId(u.parent),
    name: u.name,
    kind: u.kind,
    leaderId: personId(u.leader),
    cadenceDays: u.cadence,
  }));

  const year = now.getUTCFullYear();
  const quarter = Math.floor(now.getUTCMonth() / 3);
  const pad = (n: number) => String(n).padStart(2, "0");
  const lastDay = (month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
  const cycles: Bundle["cycles"] = [
    {
      id: demoId("cycle/year"),
      parentId: null,
      name: String(year),
      kind: "year",
      startsOn: `${year}-01-01`,
      endsOn: `${year}-12-31`,
    },
  ];
  for (let q = 0; q < 4; q++) {
    const end = q * 3 + 3;
    cycles.push({
      id: demoId(`cycle/q${q + 1}`),
      parentId: demoId("cycle/year"),
      name: `Q${q + 1} ${year}`,
      kind: "quarter",
      startsOn: `${year}-${pad(q * 3 + 1)}-01`,
      endsOn: `${year}-${pad(end)}-${pad(lastDay(end))}`,
    });
  }

  // ── Nodes and their check-ins ──────────────────────────────────────────────────────
  const specByKey = new Map(NODES.map((n) => [n.key, n]));
  const nodes: Bundle["nodes"] = [];
  const checkins: Bundle["checkins"] = [];
  const createdAtOf = new Map<string, string>();

  const parentUnitOf = (spec: NodeSpec): string | undefined => {
    const parent = spec.to?.[0] ? specByKey.get(spec.to[0][0]) : undefined;
    return parent?.unit ?? undefined;
  };
  /** Who checks in on a node: its owner, now and then the leader of the owning unit. */
  const authorsOf = (spec: NodeSpec): [string, string] => {
    const unitKey =
      spec.unit ?? (spec.person ? homeUnit.get(spec.person) : undefined) ?? parentUnitOf(spec);
    const leader = unitKey ? unitByKey.get(unitKey)!.leader : "ceo";
    return [spec.person ?? leader, leader];
  };

  for (const spec of NODES) {
    const ownerUnit = spec.unit === null ? null : unitByKey.get(spec.unit)!;
    const createdDays = createdDaysAgo(spec, ownerUnit?.kind ?? null) + rand() * 0.5;
    const status = spec.status ?? "active";
    const baseline = spec.baseline ?? null;
    const target = spec.target ?? null;
    const createdAt = at(createdDays);
    createdAtOf.set(spec.key, createdAt);

    // Check-in history, oldest first.
    const own: Bundle["checkins"] = [];
    const measured = target !== null || spec.kind === "key_result" || spec.kind === "kpi";
    if (spec.kind !== "objective" && status !== "draft" && measured) {
      const homeKey = spec.unit ?? (spec.person ? homeUnit.get(spec.person) : undefined);
      const step = homeKey ? unitByKey.get(homeKey)!.cadence : 14;
      const lastDays =
        status === "done"
          ? 12 + rand() * 10
          : status === "cancelled"
            ? 65 + rand() * 5
            : spec.staleDays !== undefined
              ? spec.staleDays + rand() * 0.8
              : 0.3 + rand() * 5.5;
      const days: number[] = [];
      for (let d = lastDays; d <= createdDays - 3; d += step + (rand() - 0.5) * 2) days.push(d);
      days.reverse();

      const done = status === "done";
      const prog = done ? 1 : (spec.prog ?? 0.4 + 0.35 * rand());
      const shape = 0.8 + 0.4 * rand();
      const finalConf = done ? 1 : (spec.conf ?? 0.6 + 0.28 * rand());
      const conf0 = 0.72 + (rand() - 0.5) * 0.1;
      const dec =
        spec.dec ?? (Number.isInteger(baseline ?? 0) && Number.isInteger(target ?? 0) ? 0 : 1);
      const [owner, leader] = authorsOf(spec);
      const span = target !== null ? target - (baseline ?? 0) : 0;
      const lo = Math.min(baseline ?? 0, target ?? 0);
      const hi = Math.max(baseline ?? 0, target ?? 0);
      const nonNegative = lo >= 0;

      days.forEach((d, i) => {
        const latest = i === days.length - 1;
        const frac = (createdDays - d) / (createdDays - lastDays);
        let value: number | null = null;
        if (target !== null) {
          const ideal = (baseline ?? 0) + span * prog * frac ** shape;
          const noise = latest ? 0 : (rand() - 0.5) * 0.1 * Math.abs(span);
          value = clamp(ideal + noise, lo - Math.abs(span) * 0.3, hi + Math.abs(span) * 0.05);
          if (nonNegative) value = Math.max(0, value);
          value = round(value, dec);
        } else if (spec.level !== undefined) {
          value = round(spec.level + (rand() - 0.5) * 4, dec);
        }
        const confidence = latest
          ? finalConf
          : round(clamp(conf0 + (finalConf - conf0) * frac + (rand() - 0.5) * 0.08, 0.3, 0.95), 2);
        const fromLatest = days.length - 1 - i;
        let note = "";
        if (latest && done) note = NOTES.done;
        else if (latest && status === "cancelled") note = NOTES.cancelled;
        else if (spec.notes?.[fromLatest]) note = spec.notes[fromLatest]!;
        else if (latest || rand() < 0.7) {
          note = pick(
            target === null && spec.level === undefined
              ? NOTES.unmeasured
              : confidence >= 0.65
                ? NOTES.good
                : confidence >= 0.45
                  ? NOTES.fair
                  : NOTES.poor,
          );
        }
        own.push({
          id: demoId(`checkin/${spec.key}/${i}`),
          nodeId: nodeId(spec.key),
          value,
          confidence,
          note,
          authorId: personId(i % 5 === 3 ? leader : owner),
          createdAt: at(d),
        });
      });
    }
    checkins.push(...own);
    const latest = own[own.length - 1];

    nodes.push({
      id: nodeId(spec.key),
      kind: spec.kind,
      title: spec.title,
      description: spec.desc ?? "",
      ownerUnitId: spec.unit === null ? null : unitId(spec.unit),
      ownerPersonId: spec.person ? personId(spec.person) : null,
      cycleId: spec.cycle === "year" ? demoId("cycle/year") : demoId(`cycle/q${quarter + 1}`),
      baseline,
      target,
      current: latest?.value ?? null,
      metricUnit: spec.metric ?? null,
      direction: spec.dir ?? "increase",
      status,
      confidence: latest?.confidence ?? null,
      priority: spec.priority ?? null,
      standalone: spec.standalone !== undefined,
      standaloneReason: spec.standalone ?? null,
      createdAt,
    });
  }

  // ── Edges ──────────────────────────────────────────────────────────────────────────
  const edges: Bundle["edges"] = [];
  for (const spec of NODES) {
    const createdAt = createdAtOf.get(spec.key)!;
    for (const [to, weight] of spec.to ?? []) {
      edges.push({
        id: demoId(`edge/contributes_to/${spec.key}/${to}`),
        kind: "contributes_to",
        fromId: nodeId(spec.key),
        toId: nodeId(to),
        weight,
        state: null,
        note: "",
        createdAt,
        updatedAt: createdAt,
      });
    }
    for (const to of spec.supports ?? []) {
      edges.push({
        id: demoId(`edge/supports/${spec.key}/${to}`),
        kind: "supports",
        fromId: nodeId(spec.key),
        toId: nodeId(to),
        weight: 1,
        state: null,
        note: "",
        createdAt,
        updatedAt: createdAt,
      });
    }
  }
  for (const d of DEPENDENCIES) {
    edges.push({
      id: demoId(`edge/depends_on/${d.from}/${d.to}`),
      kind: "depends_on",
      fromId: nodeId(d.from),
      toId: nodeId(d.to),
      weight: 1,
      state: d.state,
      note: d.note,
      createdAt: at(d.created),
      updatedAt: at(d.updated),
    });
  }

  return {
    organization: { id: demoId("organization"), ...ORGANIZATION },
    units,
    people,
    memberships,
    cycles,
    nodes,
    edges,
    checkins,
  };
}
