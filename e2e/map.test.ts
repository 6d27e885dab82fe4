import { randomUUID } from "node:crypto";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bumpRevision } from "../src/platform/changes/index.js";
import { type BulkColumn, bulkInsert } from "../src/platform/db/bulk.js";
import type { Schemas } from "../src/web/api/client.js";
import { axeViolations, type Harness, hasChromium, shot, startHarness } from "./harness.js";

type Node = Schemas["Node"];
type Edge = Schemas["Edge"];
type Unit = Schemas["Unit"];

describe.skipIf(!hasChromium)("the alignment map in Chromium", () => {
  let h: Harness;
  let nodes: Node[];
  let edges: Edge[];
  let units: Unit[];
  const get = async <T>(path: string): Promise<T> => {
    const r = await h.api(`/api/orgs/stride/${path}`);
    expect(r.status).toBe(200);
    return (await r.json()) as T;
  };

  beforeAll(async () => {
    h = await startHarness();
    nodes = (await get<{ items: Node[] }>("nodes?limit=1000")).items;
    edges = [
      ...(await get<{ items: Edge[] }>("edges?kind=contributes_to&limit=1000")).items,
      ...(await get<{ items: Edge[] }>("edges?kind=supports&limit=1000")).items,
    ];
    units = (await get<{ items: Unit[] }>("units?limit=1000")).items;
  });
  afterAll(() => h?.close());

  const card = (page: Page, id: string) => page.locator(`.map-card[data-node-id="${id}"]`);
  const cardIds = (page: Page) =>
    page.$$eval(".map-card", (els) => els.map((e) => e.getAttribute("data-node-id")!));
  const openMap = async (page: Page, query = "") => {
    await page.goto(`/map${query}`);
    await expect
      .poll(() => page.locator(".map-card").count(), { timeout: 45_000 })
      .toBeGreaterThan(0);
  };
  const subtree = (rootName: string) => {
    const root = units.find((u) => u.name.startsWith(rootName))!;
    const out = new Set([root.id]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const u of units) {
        if (u.parentId && out.has(u.parentId) && !out.has(u.id)) {
          out.add(u.id);
          grew = true;
        }
      }
    }
    return { root, ids: out };
  };
  /** One chain of parents from a node up to an objective. */
  const pathUp = (id: string): string[] => {
    const n = nodes.find((x) => x.id === id)!;
    if (n.kind === "objective") return [id];
    for (const e of edges.filter((x) => x.fromId === id)) {
      const rest = pathUp(e.toId);
      if (rest.length) return [id, ...rest];
    }
    return [];
  };

  it("shows the demo's objectives and a personal goal as cards, laid out by ELK", async () => {
    const page = await h.page();
    await openMap(page);
    await expect.poll(() => page.locator(".map-card").count()).toBe(nodes.length);
    const objectives = nodes.filter((n) => n.kind === "objective");
    expect(objectives.length).toBeGreaterThan(1);
    for (const o of objectives) expect(await card(page, o.id).count()).toBe(1);
    const personal = nodes.find((n) => n.kind === "goal" && n.ownerPersonId && !n.ownerUnitId)!;
    expect(await card(page, personal.id).getAttribute("aria-label")).toContain(personal.title);
    expect(await page.locator("[data-renderer=cards]").textContent()).toContain("ELK");
    // Orphans have their own lane.
    expect(await page.getByText("Not linked to strategy", { exact: true }).count()).toBe(1);
    expect(await page.getByRole("heading", { name: "Legend" }).isVisible()).toBe(true);
    await shot(page, "map");
    expect(await axeViolations(page)).toEqual([]);

    const tablet = await h.page(820, 1100);
    await openMap(tablet);
    expect(await tablet.getByRole("button", { name: "Zoom in" }).isVisible()).toBe(true);
    await shot(tablet, "map-tablet");
    expect(await axeViolations(tablet)).toEqual([]);
  });

  it("filters by unit: Marketing's goals go, the path up to an objective stays", async () => {
    const page = await h.page();
    await openMap(page);
    const production = subtree("Production");
    const marketing = subtree("Marketing");
    await page.getByLabel("Unit", { exact: true }).selectOption(production.root.id);
    await expect.poll(() => page.url()).toContain(`unit=${production.root.id}`);
    await expect.poll(() => page.locator(".map-card").count()).toBeLessThan(nodes.length);
    await expect.poll(() => page.locator(".map-card").count()).toBeGreaterThan(3);
    // The old layout stays on screen while the new one is computed: wait until it is done.
    await expect.poll(() => page.getByText("Updating the layout").count()).toBe(0);

    const shown = new Set(await cardIds(page));
    const byId = new Map(nodes.map((n) => [n.id, n]));
    // A Production goal and its whole path up to an objective are on the map.
    const own = nodes.find(
      (n) => n.ownerUnitId && production.ids.has(n.ownerUnitId) && pathUp(n.id).length >= 3,
    )!;
    for (const id of pathUp(own.id)) expect(shown.has(id)).toBe(true);
    const objective = pathUp(own.id).at(-1)!;
    expect(byId.get(objective)!.kind).toBe("objective");
    expect(await card(page, objective).getAttribute("class")).toContain("context");
    // Marketing's own goals are gone; any Marketing item left is only context above Production.
    const marketingGoals = nodes.filter(
      (n) => n.kind === "goal" && n.ownerUnitId && marketing.ids.has(n.ownerUnitId),
    );
    expect(marketingGoals.length).toBeGreaterThan(0);
    expect(marketingGoals.filter((n) => !shown.has(n.id)).length).toBeGreaterThan(0);
    for (const n of marketingGoals.filter((m) => shown.has(m.id))) {
      expect(await card(page, n.id).getAttribute("class")).toContain("context");
    }
    expect(await page.getByRole("status").filter({ hasText: "match the filters" }).count()).toBe(1);
    await shot(page, "map-filtered");
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole("button", { name: "Clear filters" }).first().click();
    await expect.poll(() => page.locator(".map-card").count()).toBe(nodes.length);
  });

  it("opens a goal's page on click, and on Enter from the keyboard", async () => {
    const page = await h.page();
    const goal = nodes.find((n) => n.kind === "objective")!;
    await openMap(page, `?focus=${goal.id}`);
    await card(page, goal.id).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/goals/${goal.id}`);

    const other = nodes.find((n) => n.kind === "key_result")!;
    await openMap(page);
    await card(page, other.id).focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/goals/${other.id}`);
  });

  it("zooms and resets with buttons that work from the keyboard", async () => {
    const page = await h.page();
    await openMap(page);
    const stage = page.getByTestId("map-stage");
    const transform = () => stage.evaluate((el) => (el as HTMLElement).style.transform);
    const zoom = async () => Number(await stage.getAttribute("data-zoom"));
    const before = await transform();
    const k0 = await zoom();
    await page.getByRole("button", { name: "Zoom in" }).click();
    await expect.poll(zoom).toBeGreaterThan(k0);
    expect(await transform()).not.toBe(before);
    const zoomOut = page.getByRole("button", { name: "Zoom out" });
    await zoomOut.focus();
    await page.keyboard.press("Enter");
    await page.keyboard.press("Enter");
    await expect.poll(zoom).toBeLessThan(k0);
    await page.getByRole("button", { name: "Reset view" }).click();
    await expect.poll(transform).toBe(before);
    await page.getByRole("button", { name: "Show all" }).click();
    await expect.poll(zoom).toBeLessThan(k0);
  });

  it("centres and highlights the item named by ?focus=, and finds one by title", async () => {
    const page = await h.page();
    const target = nodes.filter((n) => n.kind === "goal" && n.ownerPersonId).at(-1)!;
    await openMap(page, `?focus=${target.id}`);
    const c = card(page, target.id);
    await expect.poll(() => c.getAttribute("data-focused")).toBe("true");
    expect(await page.locator(".map-found").textContent()).toContain(`Found: ${target.title}`);
    // Centred in the map's viewport.
    const box = (await c.boundingBox())!;
    const vp = (await page.locator(".map-viewport").boundingBox())!;
    expect(Math.abs(box.x + box.width / 2 - (vp.x + vp.width / 2))).toBeLessThan(20);
    expect(Math.abs(box.y + box.height / 2 - (vp.y + vp.height / 2))).toBeLessThan(20);

    const other = nodes.find((n) => n.kind === "key_result")!;
    await page.getByLabel("Find an item").fill(other.title.slice(0, 12));
    await page.getByRole("button", { name: other.title }).click();
    await expect.poll(() => page.url()).toContain(`focus=${other.id}`);
    await expect.poll(() => card(page, other.id).getAttribute("data-focused")).toBe("true");
  });

  it("draws 5,000 more items with the WebGL renderer", { timeout: 240_000 }, async () => {
    const db = h.database.db;
    const org = await db
      .selectFrom("organizations")
      .select("id")
      .where("slug", "=", "stride")
      .executeTakeFirstOrThrow();
    // A deterministic cascade below the demo's key results, written straight to the database.
    let seed = 7;
    const rand = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const krs = nodes.filter((n) => n.kind === "key_result").map((n) => n.id);
    const teamIds = units.map((u) => u.id);
    type Row = { id: string; title: string; unit: string; current: number; confidence: number };
    const rows: Row[] = [];
    const links: { id: string; from: string; to: string }[] = [];
    for (let i = 0; i < 5000; i++) {
      const id = randomUUID();
      rows.push({
        id,
        title: `Generated goal ${i + 1}`,
        unit: teamIds[Math.floor(rand() * teamIds.length)],
        current: Math.round(rand() * 100),
        confidence: Math.round(rand() * 100) / 100,
      });
      const parent =
        i < 200 ? krs[i % krs.length] : rows[Math.floor(rand() * Math.min(i, 1500))].id;
      if (i % 250 !== 249) links.push({ id: randomUUID(), from: id, to: parent });
    }
    const o = () => org.id;
    const nodeCols: BulkColumn<Row>[] = [
      ["org_id", "uuid", o],
      ["id", "uuid", (r) => r.id],
      ["kind", "text", () => "goal"],
      ["title", "text", (r) => r.title],
      ["owner_unit_id", "uuid", (r) => r.unit],
      ["baseline", "float8", () => 0],
      ["target", "float8", () => 100],
      ["current", "float8", (r) => r.current],
      ["confidence", "float8", (r) => r.confidence],
    ];
    const edgeCols: BulkColumn<(typeof links)[number]>[] = [
      ["org_id", "uuid", o],
      ["id", "uuid", (r) => r.id],
      ["kind", "text", () => "contributes_to"],
      ["from_id", "uuid", (r) => r.from],
      ["to_id", "uuid", (r) => r.to],
    ];
    await db.transaction().execute(async (trx) => {
      await bulkInsert(trx, "nodes", nodeCols, rows);
      await bulkInsert(trx, "edges", edgeCols, links);
      await bumpRevision(trx, org.id);
    });

    const page = await h.page();
    await page.goto("/map");
    const renderer = page.locator("[data-renderer]");
    await expect
      .poll(() => renderer.getAttribute("data-renderer"), { timeout: 45_000 })
      .toBe("webgl");
    expect(await renderer.textContent()).toContain("WebGL renderer");
    expect(await renderer.textContent()).toContain(
      `${(nodes.length + 5000).toLocaleString("en")} items`,
    );
    await expect
      .poll(() => page.locator("[data-testid=map-webgl] canvas").count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    expect(await page.locator(".map-card").count()).toBe(0);
    await page.waitForTimeout(500);
    await shot(page, "map-large");
    expect(await axeViolations(page)).toEqual([]);

    // ?focus= centres a dot; clicking it opens its page.
    const deep = rows[4321];
    await page.goto(`/map?focus=${deep.id}`);
    const canvas = page.getByTestId("map-webgl");
    await expect
      .poll(() => canvas.locator("canvas").count(), { timeout: 45_000 })
      .toBeGreaterThan(0);
    expect(await page.locator(".map-found").textContent()).toContain(deep.title);
    await page.waitForTimeout(300);
    const box = (await canvas.boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/goals/${deep.id}`);

    // A filter brings the cards back when few enough items remain.
    await page.goto("/map?status=done");
    await expect
      .poll(() => renderer.getAttribute("data-renderer"), { timeout: 45_000 })
      .toBe("cards");
  });
});
