import { describe, expect, it } from "vitest";
import {
  type Actor,
  mayAdminister,
  mayChangeStatus,
  mayCreateNode,
  mayDeleteUnit,
  mayPlaceInUnit,
  mayReadAdmin,
  mayReadPrivate,
  mayWriteNode,
  mayWriteUnit,
  type Owned,
  type Role,
} from "./policy.js";

/** Sales (led by Lena) ⊃ Sales East (Milo is a member); Operations is someone else's. */
const LED = new Set(["sales", "sales-east"]);
const PEOPLE_OF_SALES = new Set(["lena", "milo"]);

const actor = (role: Role, o: { canWrite?: boolean; personId?: string } = {}): Actor => ({
  role,
  personId: o.personId ?? (role === "member" ? "milo" : role === "leader" ? "lena" : "ada"),
  canWrite: o.canWrite ?? true,
  leads: (u) => role === "leader" && u !== null && LED.has(u),
  leadsPerson: (p) => role === "leader" && p !== null && PEOPLE_OF_SALES.has(p),
});

const milosGoal = { ownerUnitId: null, ownerPersonId: "milo" };
const salesGoal = { ownerUnitId: "sales-east", ownerPersonId: null };
const opsGoal = { ownerUnitId: "ops", ownerPersonId: "otto" };

describe("the rules", () => {
  it("let nobody write with a read-only token, not even an admin", () => {
    const ro = (r: Role) => actor(r, { canWrite: false });
    for (const role of ["admin", "leader", "member"] as Role[]) {
      expect(mayWriteNode(ro(role), milosGoal).ok).toBe(false);
      expect(mayAdminister(ro(role)).ok).toBe(false);
      expect(mayWriteUnit(ro(role), { id: "sales-east", parentId: "sales" }).ok).toBe(false);
    }
    // …but an admin's read-only token still reads what admins read.
    expect(mayReadAdmin(ro("admin")).ok).toBe(true);
    expect(mayReadAdmin(actor("leader")).ok).toBe(false);
  });

  it("give leaders their subtree and its people, members their own goals, viewers nothing", () => {
    const table: [Role, Owned, boolean][] = [
      ["admin", opsGoal, true],
      ["leader", salesGoal, true],
      ["leader", milosGoal, true],
      ["leader", opsGoal, false],
      ["member", milosGoal, true],
      ["member", salesGoal, false],
      ["member", opsGoal, false],
      ["viewer", milosGoal, false],
    ];
    for (const [role, node, ok] of table) {
      expect(mayWriteNode(actor(role), node).ok, `${role} ${JSON.stringify(node)}`).toBe(ok);
    }
  });

  it("make a member's new goal a draft proposal of their own", () => {
    const m = actor("member");
    expect(mayCreateNode(m, { ...milosGoal, kind: "goal", status: "draft" }).ok).toBe(true);
    expect(mayCreateNode(m, { ...milosGoal, kind: "goal", status: "active" }).ok).toBe(false);
    expect(mayCreateNode(m, { ...milosGoal, kind: "objective", status: "draft" }).ok).toBe(false);
    expect(mayChangeStatus(m, "draft", "cancelled").ok).toBe(true);
    expect(mayChangeStatus(m, "draft", "done").ok).toBe(false);
    expect(mayChangeStatus(m, "active", "done").ok).toBe(true);
    expect(mayChangeStatus(m, "done", "active").ok).toBe(false);
    expect(mayChangeStatus(actor("leader"), "draft", "active").ok).toBe(true);
  });

  it("keep units and filing inside what a leader leads", () => {
    const l = actor("leader");
    expect(mayWriteUnit(l, { id: null, parentId: "sales" }).ok).toBe(true);
    expect(mayWriteUnit(l, { id: null, parentId: "ops" }).ok).toBe(false);
    expect(mayDeleteUnit(l, { id: "sales-east", parentId: "sales" }).ok).toBe(true);
    expect(mayDeleteUnit(l, { id: "sales", parentId: "company" }).ok).toBe(false);
    expect(mayWriteUnit(actor("member"), { id: "sales-east", parentId: "sales" }).ok).toBe(false);
    expect(mayPlaceInUnit(l, "sales-east", false).ok).toBe(true);
    expect(mayPlaceInUnit(actor("member"), "sales-east", true).ok).toBe(true);
    expect(mayPlaceInUnit(actor("member"), "ops", false).ok).toBe(false);
  });

  it("let the author, their manager chain and admins read a private note", () => {
    const chain = ["lena", "ada"];
    expect(mayReadPrivate({ role: "member", personId: "milo" }, "milo", chain)).toBe(true);
    expect(mayReadPrivate({ role: "leader", personId: "lena" }, "milo", chain)).toBe(true);
    expect(mayReadPrivate({ role: "viewer", personId: "ada" }, "milo", chain)).toBe(true);
    expect(mayReadPrivate({ role: "member", personId: "pia" }, "milo", chain)).toBe(false);
    expect(mayReadPrivate({ role: "admin", personId: null }, "milo", chain)).toBe(true);
    expect(mayReadPrivate({ role: "leader", personId: null }, null, [])).toBe(false);
  });
});
