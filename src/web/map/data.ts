import { api, type Node, type Person, type Schemas, type Unit, unwrap } from "../api/client.js";

type Edge = Schemas["Edge"];
type Cycle = Schemas["Cycle"];

const PAGE = 1000;

/** Every item of a paged list: the first page says the total, the others load in parallel. */
async function all<T>(get: (offset: number) => Promise<{ items: T[]; total: number }>) {
  const first = await get(0);
  const rest: Promise<{ items: T[] }>[] = [];
  for (let offset = PAGE; offset < first.total; offset += PAGE) rest.push(get(offset));
  return [...first.items, ...(await Promise.all(rest)).flatMap((p) => p.items)];
}

export interface MapData {
  nodes: Node[];
  edges: Edge[];
  units: Unit[];
  people: Person[];
  cycles: Cycle[];
}

/** Everything the map draws and filters on, for one organization. */
export async function loadMapData(org: string): Promise<MapData> {
  const path = { org };
  const edges = (kind: "contributes_to" | "supports") =>
    all(async (offset) =>
      unwrap(
        await api.GET("/api/orgs/{org}/edges", {
          params: { path, query: { kind, limit: PAGE, offset } },
        }),
      ),
    );
  const [nodes, contributes, supports, units, people, cycles] = await Promise.all([
    all(async (offset) =>
      unwrap(
        await api.GET("/api/orgs/{org}/nodes", {
          params: { path, query: { limit: PAGE, offset } },
        }),
      ),
    ),
    edges("contributes_to"),
    edges("supports"),
    all(async (offset) =>
      unwrap(
        await api.GET("/api/orgs/{org}/units", {
          params: { path, query: { limit: PAGE, offset } },
        }),
      ),
    ),
    all(async (offset) =>
      unwrap(
        await api.GET("/api/orgs/{org}/people", {
          params: { path, query: { limit: PAGE, offset } },
        }),
      ),
    ),
    all(async (offset) =>
      unwrap(
        await api.GET("/api/orgs/{org}/cycles", {
          params: { path, query: { limit: PAGE, offset } },
        }),
      ),
    ),
  ]);
  return { nodes, edges: [...contributes, ...supports], units, people, cycles };
}

/** Units in tree order with their depth, for an indented picker. */
export function unitTree(units: Unit[]): { unit: Unit; depth: number }[] {
  const ids = new Set(units.map((u) => u.id));
  const kids = new Map<string | null, Unit[]>();
  for (const u of units) {
    const parent = u.parentId && ids.has(u.parentId) ? u.parentId : null;
    kids.set(parent, [...(kids.get(parent) ?? []), u]);
  }
  const out: { unit: Unit; depth: number }[] = [];
  const walk = (parent: string | null, depth: number) => {
    const list = (kids.get(parent) ?? []).sort((a, b) => a.name.localeCompare(b.name));
    for (const u of list) {
      out.push({ unit: u, depth });
      walk(u.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}
