import { randomUUID } from "node:crypto";
import type { MembershipWrite, UnitState, UnitWrite } from "./org-csv.repo.js";
import { LEVELS, type OrgRowData } from "./org-rows.js";
import { nameKey } from "./report.js";
import type { RowPacer } from "./row-pacer.js";

/** Where an org chart puts people: the units their rows name, and their memberships. */

/**
 * Units: division ⇒ department ⇒ team under the company unit, matched by name under the
 * same parent; a name not found there is a new unit. `pathOf[i]` is row i's units from the
 * company down, or null when the row names none.
 */
export async function planUnits(
  state: { orgName: string; units: UnitState[] },
  data: (OrgRowData | null)[],
  hasUnitColumns: boolean,
  pacer: RowPacer,
) {
  const unitsById = new Map<string, UnitState | UnitWrite>(state.units.map((u) => [u.id, u]));
  const children = new Map<string, Map<string, string>>();
  const childrenOf = (parent: string) => {
    let map = children.get(parent);
    if (!map) {
      map = new Map();
      children.set(parent, map);
    }
    return map;
  };
  for (const u of state.units) {
    const siblings = childrenOf(u.parent_id ?? "");
    if (!siblings.has(nameKey(u.name))) siblings.set(nameKey(u.name), u.id);
  }
  const newUnits: UnitWrite[] = [];
  let rootId = state.units.find((u) => u.parent_id === null && u.kind === "company")?.id;
  const root = () => {
    if (rootId) return rootId;
    const unit: UnitWrite = {
      id: randomUUID(),
      parent_id: null,
      name: state.orgName,
      kind: "company",
      leader_id: null,
    };
    newUnits.push(unit);
    unitsById.set(unit.id, unit);
    rootId = unit.id;
    return rootId;
  };
  const pathOf: (string[] | null)[] = await pacer.map(data, (d) => {
    if (!d || !hasUnitColumns || LEVELS.every((l) => d[l] === undefined)) return null;
    const path = [root()];
    for (const level of LEVELS) {
      const name = d[level];
      if (name === undefined) continue;
      const parent = path[path.length - 1];
      const siblings = childrenOf(parent);
      let id = siblings.get(nameKey(name));
      if (!id) {
        const unit: UnitWrite = {
          id: randomUUID(),
          parent_id: parent,
          name: name.replace(/\s+/g, " "),
          kind: level,
          leader_id: null,
        };
        newUnits.push(unit);
        unitsById.set(unit.id, unit);
        siblings.set(nameKey(name), unit.id);
        id = unit.id;
      }
      path.push(id);
    }
    return path;
  });
  return { unitsById, newUnits, pathOf };
}

/**
 * Memberships: replaced for people in the file, when the file has unit columns at all.
 * A person keeps theirs untouched when the file puts them where they already are.
 */
export async function planMemberships(
  existing: { person_id: string; unit_id: string; share: number }[],
  data: (OrgRowData | null)[],
  personId: string[],
  pathOf: (string[] | null)[],
  hasUnitColumns: boolean,
  pacer: RowPacer,
) {
  const current = new Map<string, { unit_id: string; share: number }[]>();
  for (const m of existing) {
    const list = current.get(m.person_id) ?? [];
    list.push(m);
    current.set(m.person_id, list);
  }
  const replaceMemberships: string[] = [];
  const memberships: MembershipWrite[] = [];
  let membershipsAdded = 0;
  let membershipsChanged = 0;
  if (hasUnitColumns) {
    await pacer.each(data, (d, i) => {
      if (!d) return;
      const path = pathOf[i];
      const wanted = path ? [{ unit_id: path[path.length - 1], share: d.share ?? 1 }] : [];
      const had = current.get(personId[i]) ?? [];
      const same =
        had.length === wanted.length &&
        wanted.every((w) =>
          had.some((h) => h.unit_id === w.unit_id && Math.abs(h.share - w.share) < 1e-9),
        );
      if (same) return;
      if (had.length > 0) replaceMemberships.push(personId[i]);
      for (const w of wanted) {
        memberships.push({ person_id: personId[i], ...w });
        if (!had.some((h) => h.unit_id === w.unit_id)) membershipsAdded++;
      }
      membershipsChanged += had.filter(
        (h) => !wanted.some((w) => w.unit_id === h.unit_id && Math.abs(h.share - w.share) < 1e-9),
      ).length;
    });
  }
  return { replaceMemberships, memberships, membershipsAdded, membershipsChanged };
}
