import type { PersonState, UnitState, UnitWrite } from "./org-csv.repo.js";
import type { OrgRowData } from "./org-rows.js";
import { findLoops, type ImportIssue } from "./report.js";
import { firstPositions, type RowPacer } from "./row-pacer.js";

/** Manager chains: they must not loop, and a unit's leader is found by following them. */

/**
 * A manager chain must not loop. The chain runs through the file's rows and through
 * existing people the file does not mention (whose managers stay as they are).
 */
export async function reportManagerLoops(
  lines: ArrayLike<number>,
  data: (OrgRowData | null)[],
  personId: string[],
  managerOf: (i: number) => string | null,
  people: PersonState[],
  fileIndex: (externalId: string) => number | undefined,
  issues: ImportIssue[],
  pacer: RowPacer,
) {
  const labels: string[] = [];
  const ids: (string | undefined)[] = [];
  await pacer.each(data, (d, i) => {
    labels.push(d ? `${d.id} (line ${lines[i]})` : "");
    ids.push(d ? personId[i] : undefined);
  });
  const outside = people.filter(
    (p) => p.external_id === null || fileIndex(p.external_id) === undefined,
  );
  for (const p of outside) {
    ids.push(p.id);
    labels.push(`${p.external_id ?? p.name} (not in the file)`);
  }
  const positionOf = await firstPositions(ids, pacer);
  const index = { get: (id: string) => (positionOf(id) < 0 ? undefined : positionOf(id)) };
  const next = new Int32Array(labels.length).fill(-1);
  await pacer.each(data, (d, i) => {
    const m = d ? managerOf(i) : null;
    if (m !== null) next[i] = index.get(m) ?? -1;
  });
  outside.forEach((p, k) => {
    if (p.manager_id !== null) next[data.length + k] = index.get(p.manager_id) ?? -1;
  });
  for (const loop of findLoops(next)) {
    const inFile = loop.filter((i) => i < data.length);
    if (inFile.length === 0) continue;
    const first = Math.min(...inFile);
    const at = loop.indexOf(first);
    const ordered = [...loop.slice(at), ...loop.slice(0, at), first];
    issues.push({
      line: lines[first],
      field: "manager_id",
      message: `managers form a loop: ${ordered.map((i) => labels[i]).join(" → ")}; someone in it must report outside the loop`,
    });
  }
}

/**
 * The leader of a unit is the person who heads the largest group of its members: members
 * (of the unit or its sub-units) are followed up their manager chain while the manager is
 * still a member; the person where the chain leaves the unit heads that member.
 * Memoised per unit, so the cost is about the number of (person, unit on their path) pairs.
 * Only units without a leader get one.
 */
export async function chooseLeaders(
  data: (OrgRowData | null)[],
  personId: string[],
  managerOf: (i: number) => string | null,
  pathOf: (string[] | null)[],
  unitsById: Map<string, UnitState | UnitWrite>,
  newUnits: UnitWrite[],
  pacer: RowPacer,
): Promise<{ id: string; leader_id: string }[]> {
  const rowWith = await firstPositions(
    await pacer.map(data, (d, i) => (d ? personId[i] : undefined)),
    pacer,
  );
  const rowOf = { get: (id: string) => (rowWith(id) < 0 ? undefined : rowWith(id)) };
  const manager = await pacer.map(data, (d, i) => {
    const m = d ? managerOf(i) : null;
    return m === null ? -1 : (rowOf.get(m) ?? -1);
  });
  const members = new Map<string, number[]>();
  await pacer.each(pathOf, (path, i) => {
    for (const unit of path ?? []) {
      const list = members.get(unit) ?? [];
      list.push(i);
      members.set(unit, list);
    }
  });
  const fresh = new Set(newUnits.map((u) => u.id));
  const updates: { id: string; leader_id: string }[] = [];
  for (const [unitId, rows] of members) {
    const unit = unitsById.get(unitId);
    if (!unit || unit.leader_id !== null) continue;
    const inUnit = (j: number) => pathOf[j]?.includes(unitId) ?? false;
    const head = new Map<number, number>();
    const count = new Map<number, number>();
    for (const r of rows) {
      const pause = pacer.tick();
      if (pause) await pause;
      const chain: number[] = [];
      let v = r;
      let top = -1;
      while (top === -1) {
        const known = head.get(v);
        if (known !== undefined) top = known;
        else {
          chain.push(v);
          const m = manager[v];
          // Loops were rejected before; the length guard only keeps a bug from hanging.
          if (m === -1 || !inUnit(m) || chain.length > rows.length) top = v;
          else v = m;
        }
      }
      for (const c of chain) head.set(c, top);
      count.set(top, (count.get(top) ?? 0) + 1);
    }
    let best = -1;
    for (const [candidate, n] of count) {
      const bestN = best === -1 ? 0 : (count.get(best) ?? 0);
      if (n > bestN || (n === bestN && candidate < best)) best = candidate;
    }
    if (best === -1) continue;
    unit.leader_id = personId[best];
    if (!fresh.has(unitId)) updates.push({ id: unitId, leader_id: personId[best] });
  }
  return updates;
}
