/**
 * The synthetic enterprise: a seeded, deterministic organization of any size, as a Bundle.
 *
 * Shape: a company, divisions, departments (a fifth of them nested under another
 * department), teams; one leader per unit reporting to the leader of the parent unit, the
 * other people in one unit each (some with a second unit at a share). One year cycle and its
 * four quarters. 5–10 strategic objectives with 3–5 key results each; unit goals that
 * contribute to key results or to goals of the parent unit (sometimes of the grandparent
 * too); personal goals that contribute to goals of their unit and its parent; KPIs;
 * initiatives. Then `supports` and peer `depends_on` edges fill the edge budget.
 *
 * Acyclic by construction: nodes are made parents first and every vertical edge points
 * from a later node to an earlier one. Single pass, O(people + nodes + edges).
 */
import type { Bundle } from "../../../core/bundle.js";
import type {
  DependencyState,
  Direction,
  EdgeKind,
  NodeKind,
  NodeStatus,
  UnitKind,
} from "../../../core/types.js";
import { sampleCheckins } from "./checkins.js";
import { PairSet } from "./pair-set.js";
import { Rng } from "./random.js";
import {
  DEPARTMENTS,
  DIVISIONS,
  FIRST,
  JOBS,
  LAST,
  LEADER_TITLES,
  METRIC_UNITS,
  OBJECTIVES,
  TEAMS,
  THINGS,
  VERBS,
} from "./words.js";

export type SizeName = "S" | "M" | "L" | "XL";
export interface SizeSpec {
  people: number;
  units: number;
  /** Objectives, key results, goals, KPIs and initiatives together. */
  nodes: number;
  edges: number;
}

export const SIZES: Readonly<Record<SizeName, SizeSpec>> = {
  S: { people: 1_000, units: 80, nodes: 3_000, edges: 10_000 },
  M: { people: 10_000, units: 800, nodes: 30_000, edges: 100_000 },
  L: { people: 30_000, units: 2_400, nodes: 90_000, edges: 300_000 },
  XL: { people: 100_000, units: 8_000, nodes: 300_000, edges: 1_000_000 },
};
export const SIZE_NAMES = Object.keys(SIZES) as SizeName[];

/** The moment the generated organization is looked at: pass it to the engine as `now`. */
export const BENCH_NOW = new Date("2026-11-20T12:00:00.000Z");

type BNode = Bundle["nodes"][number];
type BEdge = Bundle["edges"][number];

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** The shortest window of days timestamps fall in (early in a year it reaches back into the last). */
const MIN_DAYS = 120;

/**
 * The calendar of an organization looked at on `now`: the year cycle is now's (UTC) year;
 * timestamps fall between the start of that year and now, or in the last MIN_DAYS days when
 * the year is younger than that.
 */
function calendarOf(now: Date) {
  const nowMs = now.getTime();
  const year = now.getUTCFullYear();
  const yearStart = Date.UTC(year, 0, 1);
  const sinceYearStart = Math.floor((nowMs - yearStart) / DAY);
  const days = Math.max(MIN_DAYS, sinceYearStart);
  const start = yearStart - (days - sinceYearStart) * DAY;
  const pad = (n: number) => String(n).padStart(2, "0");
  return {
    nowMs,
    year,
    /** Midnight (UTC) of the first day of the window. */
    start,
    /** Days from the start of the window to `now`. */
    days,
    quarterStarts: [1, 4, 7, 10].map((m) => `${year}-${pad(m)}-01`),
    quarterEnds: ["03-31", "06-30", "09-30", "12-31"].map((d) => `${year}-${d}`),
  };
}

const KIND_DIVISION = 1;
const KIND_DEPARTMENT = 2;
const KIND_TEAM = 3;
const UNIT_KIND_NAMES: UnitKind[] = ["company", "division", "department", "team"];
const STATUSES: NodeStatus[] = ["active", "done", "draft", "cancelled"];
const STATUS_WEIGHTS = [72, 15, 8, 5];
const DEP_STATES: DependencyState[] = ["requested", "accepted", "declined", "done"];
const DEP_STATE_WEIGHTS = [20, 55, 10, 15];
/** Parents per unit goal and per personal goal: 1, 2, 3 or 4, with these weights. */
const UNIT_GOAL_PARENTS = [35, 35, 20, 10];
const PERSONAL_GOAL_PARENTS = [15, 25, 35, 25];
const WEIGHTS = [1, 1, 1, 1, 1, 1, 0.5, 1.5, 2, 3];
const ORPHAN_SHARE = 0.05;
const UNOWNED_SHARE = 0.02;

function clamp(x: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, x));
}

export interface GenerateOptions {
  /** The moment the organization is looked at; its dates lead up to it. BENCH_NOW by default. */
  now?: Date;
  /** The organization's name (also its top unit's) and slug; by default named after the seed. */
  name?: string;
  slug?: string;
}

/**
 * Generates the organization for a size name or an explicit spec. Same seed and options,
 * same Bundle.
 */
export function generate(
  size: SizeName | SizeSpec,
  seed = 42,
  options: GenerateOptions = {},
): Bundle {
  const spec = typeof size === "string" ? SIZES[size] : size;
  if (spec.units < 6 || spec.people < spec.units || spec.nodes < spec.units * 8) {
    throw new Error("generate: need units >= 6, people >= units and nodes >= 8 * units");
  }
  return new Builder(spec, seed, options).build();
}

class Builder {
  private readonly rng: Rng;
  /** ISO strings for every hour of the year so far: cheap timestamps for a million rows. */
  private readonly isoPool: string[];
  private readonly organization: Bundle["organization"];
  private readonly cal: ReturnType<typeof calendarOf>;

  // Units, indexed; the company is 0 and every parent comes before its children.
  private readonly U: number;
  private nDiv = 0;
  private nDept = 0;
  private nTeam = 0;
  private deptBase = 0;
  private teamBase = 0;
  private readonly unitParent: Int32Array;
  private readonly unitKind: Uint8Array;
  private readonly unitIds: string[];
  private readonly unitNames: string[];
  private readonly unitChildren: number[][];
  /** Goals of each unit (the company's are its key results). */
  private readonly unitGoals: number[][];

  // People, indexed; person u (u < units) leads unit u.
  private readonly P: number;
  private readonly personIds: string[];
  private readonly personUnit: Int32Array;

  private readonly yearId: string;
  private readonly quarterIds: string[];

  // Nodes, indexed in creation order (parents first).
  private readonly N: number;
  private readonly nodes: BNode[] = [];
  /** The unit a node belongs to (owner unit, or the owner's unit); -1 when unowned. */
  private readonly nodeUnit: Int32Array;
  private readonly nodeDay: Int32Array;
  private readonly orphan: Uint8Array;
  private readonly edges: BEdge[] = [];
  private readonly vertical: PairSet;
  private readonly dependencies: PairSet;

  constructor(
    private readonly spec: SizeSpec,
    seed: number,
    options: GenerateOptions,
  ) {
    const rng = new Rng(seed);
    this.rng = rng;
    const cal = calendarOf(options.now ?? BENCH_NOW);
    this.cal = cal;
    this.isoPool = new Array<string>(cal.days * 24);
    for (let i = 0; i < this.isoPool.length; i++) {
      this.isoPool[i] = new Date(cal.start + i * HOUR).toISOString();
    }
    this.organization = {
      id: rng.uuid(),
      slug: options.slug ?? `synthetic-${seed}-${spec.nodes}`,
      name: options.name ?? `Synthetic Enterprise ${seed}`,
      vision:
        "Every runner finds the right shoe, and every colleague knows why their work matters.",
    };
    this.U = spec.units;
    this.unitParent = new Int32Array(this.U).fill(-1);
    this.unitKind = new Uint8Array(this.U);
    this.unitIds = Array.from({ length: this.U }, () => rng.uuid());
    this.unitNames = new Array<string>(this.U);
    this.unitChildren = Array.from({ length: this.U }, () => []);
    this.unitGoals = Array.from({ length: this.U }, () => []);
    this.P = spec.people;
    this.personIds = Array.from({ length: this.P }, () => rng.uuid());
    this.personUnit = new Int32Array(this.P);
    this.yearId = rng.uuid();
    this.quarterIds = [rng.uuid(), rng.uuid(), rng.uuid(), rng.uuid()];
    this.N = spec.nodes;
    this.nodeUnit = new Int32Array(this.N + 64);
    this.nodeDay = new Int32Array(this.N + 64);
    this.orphan = new Uint8Array(this.N + 64);
    this.vertical = new PairSet(spec.edges);
    this.dependencies = new PairSet(spec.edges / 4);
  }

  build(): Bundle {
    const units = this.buildUnits();
    const { people, memberships } = this.buildPeople();
    this.buildNodes();
    this.fillEdges();
    return {
      organization: this.organization,
      units,
      people,
      memberships,
      cycles: this.buildCycles(),
      nodes: this.nodes,
      edges: this.edges,
      checkins: this.buildCheckins(),
    };
  }

  private isoDay(day: number): string {
    return this.isoPool[clamp(day, 0, this.cal.days - 1) * 24 + this.rng.int(24)];
  }

  /** Company, divisions, departments (a fifth nested in another department), teams. */
  private buildUnits(): Bundle["units"] {
    const { rng, U, unitParent, unitKind, unitNames } = this;
    this.nDiv = clamp(Math.round(Math.sqrt(U) / 2.2), 3, 40);
    const rest = U - 1 - this.nDiv;
    this.nDept = clamp(Math.round(rest / 7), this.nDiv, rest - 1);
    this.nTeam = rest - this.nDept;
    this.deptBase = 1 + this.nDiv;
    this.teamBase = this.deptBase + this.nDept;
    const { nDiv, nDept, nTeam, deptBase, teamBase } = this;
    const topDepartments: number[] = [];
    unitNames[0] = this.organization.name;
    for (let i = 0; i < nDiv; i++) {
      const u = 1 + i;
      unitParent[u] = 0;
      unitKind[u] = KIND_DIVISION;
      unitNames[u] = DIVISIONS[i % DIVISIONS.length] + suffix(i, DIVISIONS.length);
    }
    for (let i = 0; i < nDept; i++) {
      const u = deptBase + i;
      unitKind[u] = KIND_DEPARTMENT;
      if (i >= nDiv && topDepartments.length > 0 && rng.chance(0.2)) {
        unitParent[u] = rng.pick(topDepartments);
      } else {
        unitParent[u] = i < nDiv ? 1 + i : 1 + rng.int(nDiv);
        topDepartments.push(u);
      }
      unitNames[u] = `${DEPARTMENTS[i % DEPARTMENTS.length]} ${i + 1}`;
    }
    for (let i = 0; i < nTeam; i++) {
      const u = teamBase + i;
      unitKind[u] = KIND_TEAM;
      // The first nDept teams give every department at least one team.
      unitParent[u] = i < nDept ? deptBase + i : deptBase + rng.int(nDept);
      unitNames[u] = `Team ${TEAMS[i % TEAMS.length]} ${i + 1}`;
    }
    for (let u = 1; u < U; u++) this.unitChildren[unitParent[u]].push(u);
    return this.unitIds.map((id, u) => ({
      id,
      parentId: unitParent[u] >= 0 ? this.unitIds[unitParent[u]] : null,
      name: unitNames[u],
      kind: UNIT_KIND_NAMES[unitKind[u]],
      leaderId: this.personIds[u],
      cadenceDays: [90, 30, 14, rng.pick([7, 14])][unitKind[u]],
    }));
  }

  /** Person u leads unit u and reports to the parent unit's lead; the rest join a unit. */
  private buildPeople() {
    const { rng, U, P, personIds, personUnit, unitIds, teamBase, nTeam } = this;
    const people: Bundle["people"] = new Array(P);
    const memberships: Bundle["memberships"] = [];
    for (let i = 0; i < P; i++) {
      const leader = i < U;
      const unit = leader ? i : rng.chance(0.85) ? teamBase + rng.int(nTeam) : rng.int(teamBase);
      personUnit[i] = unit;
      const manager = leader ? this.unitParent[i] : unit;
      const first = rng.pick(FIRST);
      const last = rng.pick(LAST);
      people[i] = {
        id: personIds[i],
        externalId: `E${String(i + 1).padStart(6, "0")}`,
        name: `${first} ${last}`,
        email: `${first}.${last}.${i + 1}@synthetic.example`.toLowerCase(),
        title: leader ? LEADER_TITLES[this.unitKind[i]] : rng.pick(JOBS),
        managerId: manager >= 0 ? personIds[manager] : null,
      };
      const second = !leader && rng.chance(0.08) ? teamBase + rng.int(nTeam) : unit;
      if (second !== unit) {
        const share = rng.pick([0.2, 0.3, 0.4]);
        memberships.push({ personId: personIds[i], unitId: unitIds[unit], share: 1 - share });
        memberships.push({ personId: personIds[i], unitId: unitIds[second], share });
      } else {
        memberships.push({ personId: personIds[i], unitId: unitIds[unit], share: 1 });
      }
    }
    return { people, memberships };
  }

  private buildCycles(): Bundle["cycles"] {
    const { year, quarterStarts, quarterEnds } = this.cal;
    return [
      {
        id: this.yearId,
        parentId: null,
        name: `FY${year}`,
        kind: "year",
        startsOn: `${year}-01-01`,
        endsOn: `${year}-12-31`,
      },
      ...this.quarterIds.map((id, q) => ({
        id,
        parentId: this.yearId,
        name: `FY${year} Q${q + 1}`,
        kind: "quarter" as const,
        startsOn: quarterStarts[q],
        endsOn: quarterEnds[q],
      })),
    ];
  }

  private metric(status: NodeStatus) {
    const rng = this.rng;
    const direction: Direction = rng.chance(0.25) ? "decrease" : "increase";
    const baseline = rng.between(0, 100);
    if (rng.chance(0.01)) {
      // A binary goal (target equals baseline): met or not.
      const current = baseline - (rng.chance(0.5) ? 1 : 0);
      return { baseline, target: baseline, current, direction };
    }
    const span = rng.between(10, 100);
    const target = direction === "increase" ? baseline + span : baseline - span;
    const share = status === "done" ? 1 + rng.next() * 0.1 : rng.next() * 1.15 - 0.05;
    const moved = Math.round(share * span * 100) / 100;
    const current = rng.chance(0.05)
      ? null
      : direction === "increase"
        ? baseline + moved
        : baseline - moved;
    return { baseline, target, current, direction };
  }

  private addNode(
    kind: NodeKind,
    title: string,
    unit: number,
    person: number,
    cycleId: string | null,
    withMetric: boolean,
    status: NodeStatus,
    day: number,
  ): number {
    const rng = this.rng;
    const m = withMetric ? this.metric(status) : null;
    const unowned = kind !== "objective" && kind !== "key_result" && rng.chance(UNOWNED_SHARE);
    const index = this.nodes.length;
    this.nodes.push({
      id: rng.uuid(),
      kind,
      title,
      description: "",
      ownerUnitId: unowned || unit < 0 ? null : this.unitIds[unit],
      ownerPersonId: unowned || person < 0 ? null : this.personIds[person],
      cycleId,
      baseline: m ? m.baseline : null,
      target: m ? m.target : null,
      current: m ? m.current : null,
      metricUnit: m ? rng.pick(METRIC_UNITS) : null,
      direction: m ? m.direction : "increase",
      status,
      confidence: rng.chance(0.1)
        ? null
        : Math.round((0.2 + 0.8 * Math.sqrt(rng.next())) * 20) / 20,
      priority: rng.chance(0.5) ? null : rng.between(1, 5),
      standalone: false,
      standaloneReason: null,
      createdAt: this.isoDay(day),
    });
    this.nodeUnit[index] = unowned
      ? -1
      : unit >= 0
        ? unit
        : person >= 0
          ? this.personUnit[person]
          : -1;
    this.nodeDay[index] = day;
    return index;
  }

  private pushEdge(
    kind: EdgeKind,
    from: number,
    to: number,
    weight: number,
    state: DependencyState | null,
  ) {
    const created = this.rng.int(this.cal.days);
    this.edges.push({
      id: this.rng.uuid(),
      kind,
      fromId: this.nodes[from].id,
      toId: this.nodes[to].id,
      weight,
      state,
      note: "",
      createdAt: this.isoDay(created),
      updatedAt: this.isoDay(created + this.rng.int(60)),
    });
  }

  /** A vertical edge child → parent, only from a later node to an earlier one: no cycle. */
  private addVertical(
    kind: "contributes_to" | "supports",
    from: number,
    to: number,
    weight: number,
  ) {
    if (from <= to || !this.vertical.add(from, to)) return false;
    this.pushEdge(kind, from, to, weight, null);
    return true;
  }

  /** Contributes `child` to `k` distinct parents drawn from two pools (`b` may be empty). */
  private contribute(child: number, k: number, a: readonly number[], b: readonly number[]) {
    const rng = this.rng;
    const m = a.length + b.length;
    if (k >= m) {
      for (const p of a) this.addVertical("contributes_to", child, p, rng.pick(WEIGHTS));
      for (const p of b) this.addVertical("contributes_to", child, p, rng.pick(WEIGHTS));
      return;
    }
    for (let made = 0, tries = 0; made < k && tries < 4 * k; tries++) {
      const i = rng.int(m);
      const parent = i < a.length ? a[i] : b[i - a.length];
      if (this.addVertical("contributes_to", child, parent, rng.pick(WEIGHTS))) made++;
    }
  }

  private status(): NodeStatus {
    return STATUSES[this.rng.weighted(STATUS_WEIGHTS)];
  }

  private title(): string {
    return `${this.rng.pick(VERBS)} ${this.rng.pick(THINGS)}`;
  }

  /** Objectives, key results, initiatives, unit goals, KPIs, personal goals: parents first. */
  private buildNodes() {
    const { rng, U, N, nDiv, nDept, unitKind, unitParent, unitGoals, unitNames, yearId } = this;
    const quarter = () => this.quarterIds[rng.int(4)];

    // Objectives and key results belong to the company; key results mostly have metrics.
    const nObjectives = rng.between(5, 10);
    const objectives: number[] = [];
    for (let o = 0; o < nObjectives; o++) {
      const i = this.addNode(
        "objective",
        OBJECTIVES[o],
        0,
        0,
        yearId,
        false,
        "active",
        rng.int(10),
      );
      this.nodes[i].priority = o + 1;
      objectives.push(i);
    }
    const keyResults: number[] = [];
    for (const [o, objective] of objectives.entries()) {
      const count = rng.between(3, 5);
      for (let k = 0; k < count; k++) {
        const owner = 1 + rng.int(nDiv); // a division head owns each key result
        const title = `KR ${o + 1}.${k + 1}: ${this.title()}`;
        const i = this.addNode(
          "key_result",
          title,
          0,
          owner,
          yearId,
          rng.chance(0.8),
          this.status(),
          rng.int(20),
        );
        this.addVertical("contributes_to", i, objective, 1);
        keyResults.push(i);
      }
    }
    unitGoals[0] = keyResults;

    // Initiatives: run by divisions and departments, serving key results.
    const initiatives: number[] = [];
    for (let j = Math.max(3, Math.round(N * 0.004)); j > 0; j--) {
      const unit = 1 + rng.int(nDiv + nDept);
      const i = this.addNode(
        "initiative",
        `Initiative: ${this.title()}`,
        unit,
        unit,
        yearId,
        rng.chance(0.3),
        this.status(),
        rng.int(this.cal.days - 60),
      );
      this.contribute(i, rng.between(1, 2), keyResults, []);
      initiatives.push(i);
    }

    // Unit goals, unit by unit (parents first), serving the parent unit's goals.
    const firstUnitGoal = this.nodes.length;
    for (let u = 1; u < U; u++) {
      const kind = unitKind[u];
      const count =
        kind === KIND_DIVISION
          ? rng.between(5, 8)
          : kind === KIND_DEPARTMENT
            ? rng.between(3, 6)
            : rng.between(2, 5);
      const parent = unitParent[u];
      const grand = unitParent[parent];
      for (let g = 0; g < count; g++) {
        const cycleId = kind === KIND_TEAM || rng.chance(0.4) ? quarter() : yearId;
        const i = this.addNode(
          "goal",
          `${this.title()} (${unitNames[u]})`,
          u,
          u,
          cycleId,
          rng.chance(0.55),
          this.status(),
          rng.int(this.cal.days - 30),
        );
        unitGoals[u].push(i);
        if (rng.chance(ORPHAN_SHARE)) {
          this.orphan[i] = 1;
          continue;
        }
        const extra = grand >= 0 && rng.chance(0.2) ? unitGoals[grand] : [];
        this.contribute(i, 1 + rng.weighted(UNIT_GOAL_PARENTS), unitGoals[parent], extra);
      }
    }
    const endUnitGoals = this.nodes.length;

    // KPIs: the health of the running business; half are standalone by design.
    for (let j = Math.round(N * 0.03); j > 0; j--) {
      const unit = 1 + rng.int(U - 1);
      const i = this.addNode(
        "kpi",
        `KPI: ${rng.pick(THINGS)} (${unitNames[unit]})`,
        unit,
        unit,
        null,
        true,
        "active",
        rng.int(this.cal.days - 30),
      );
      if (rng.chance(0.5)) {
        this.nodes[i].standalone = true;
        this.nodes[i].standaloneReason = "Run-the-business health metric, watched not cascaded.";
      } else {
        this.contribute(i, 1, unitGoals[unit], []);
      }
    }

    // Personal goals fill the node budget, serving goals of the owner's unit and its parent.
    const firstPersonal = this.nodes.length;
    while (this.nodes.length < N) {
      const person = rng.int(this.P);
      const unit = this.personUnit[person];
      const i = this.addNode(
        "goal",
        this.title(),
        -1,
        person,
        quarter(),
        rng.chance(0.6),
        this.status(),
        rng.int(this.cal.days - 14),
      );
      if (rng.chance(ORPHAN_SHARE)) {
        this.orphan[i] = 1;
        continue;
      }
      const parent = unitParent[unit];
      this.contribute(
        i,
        1 + rng.weighted(PERSONAL_GOAL_PARENTS),
        unitGoals[unit],
        parent >= 0 ? unitGoals[parent] : [],
      );
    }
    this.ranges = { initiatives, firstUnitGoal, endUnitGoals, firstPersonal };
  }

  private ranges = {
    initiatives: [] as number[],
    firstUnitGoal: 0,
    endUnitGoals: 0,
    firstPersonal: 0,
  };

  /** The rest of the edge budget: 60% supports (never count in progress), 40% depends_on. */
  private fillEdges() {
    const { rng, N, U, unitParent, unitChildren, unitGoals, nodeUnit } = this;
    const { initiatives, firstUnitGoal, endUnitGoals, firstPersonal } = this.ranges;
    const n = this.nodes.length;
    const remaining = Math.max(0, this.spec.edges - this.edges.length);
    const nSupports = Math.round(remaining * 0.6);
    for (let made = 0, tries = 0; made < nSupports && tries < nSupports * 4; tries++) {
      const child = firstUnitGoal + rng.int(n - firstUnitGoal);
      if (this.orphan[child]) continue; // an orphan stays an orphan
      const parent = rng.chance(0.5)
        ? rng.pick(initiatives)
        : firstUnitGoal + rng.int(Math.min(child, endUnitGoals) - firstUnitGoal);
      if (this.addVertical("supports", child, parent, 1)) made++;
    }
    const nDependencies = this.spec.edges - this.edges.length;
    for (let made = 0, tries = 0; made < nDependencies && tries < nDependencies * 4; tries++) {
      const from = rng.chance(0.5)
        ? firstUnitGoal + rng.int(endUnitGoals - firstUnitGoal)
        : firstPersonal + rng.int(N - firstPersonal);
      const unit = nodeUnit[from];
      if (unit <= 0) continue;
      // Mostly a peer (same parent unit), sometimes anyone in the company.
      const peers = unitChildren[unitParent[unit]];
      const other = rng.chance(0.6) && peers.length > 1 ? rng.pick(peers) : 1 + rng.int(U - 1);
      if (other === unit || unitGoals[other].length === 0) continue;
      const to = rng.pick(unitGoals[other]);
      if (nodeUnit[to] === unit || !this.dependencies.add(from, to)) continue;
      this.pushEdge("depends_on", from, to, 1, DEP_STATES[rng.weighted(DEP_STATE_WEIGHTS)]);
      made++;
    }
  }

  private buildCheckins(): Bundle["checkins"] {
    const { nodes, nodeDay, nodeUnit, personIds, rng } = this;
    const createdMs = new Float64Array(nodes.length);
    for (let i = 0; i < nodes.length; i++) createdMs[i] = this.cal.start + (nodeDay[i] + 1) * DAY;
    // Who checks in on a node nobody owns: the lead of its unit, else anyone.
    const author = (i: number) =>
      nodes[i].ownerPersonId ?? (nodeUnit[i] >= 0 ? personIds[nodeUnit[i]] : rng.pick(personIds));
    return sampleCheckins(rng, nodes, createdMs, author, this.cal.nowMs);
  }
}

function suffix(i: number, n: number): string {
  return i < n ? "" : ` ${Math.floor(i / n) + 1}`;
}
