import { useQuery } from "@tanstack/react-query";
import {
  ApiFailure,
  api,
  type Node,
  type Person,
  type Schemas,
  type Unit,
  unwrap,
} from "../api/client.js";
import { useOrg } from "../org.js";

/**
 * Queries shared by the Unit, Goal and My work pages. Every write on these pages invalidates
 * all queries, so progress and health shown anywhere refresh together.
 */

/**
 * A check-in. `private` is sent by the API (a private note the reader may not see comes back
 * with an empty note) but is not yet in its OpenAPI schema, hence the addition here.
 */
export type Checkin = Schemas["Checkin"];

/** Retry once on network and server errors, never on a 4xx (not found, invalid). */
export const retryUnlessClientError = (count: number, error: Error) =>
  !(error instanceof ApiFailure && error.status >= 400 && error.status < 500) && count < 1;
export type Link = Schemas["Link"];
export type Links = Schemas["Links"];
export type Cycle = Schemas["Cycle"];

/** Every unit of the organization (paged through), for names, breadcrumbs and the tree. */
export function useAllUnits() {
  const org = useOrg();
  return useQuery({
    queryKey: ["units", org, "all"],
    queryFn: async () => {
      const all: Unit[] = [];
      for (let offset = 0; ; offset += 1000) {
        const page = unwrap(
          await api.GET("/api/orgs/{org}/units", {
            params: { path: { org }, query: { limit: 1000, offset } },
          }),
        );
        all.push(...page.items);
        if (all.length >= page.total || page.items.length === 0) break;
      }
      return all;
    },
    staleTime: 60_000,
  });
}

/** Units by id (empty until loaded). */
export function useUnitIndex(): Map<string, Unit> {
  return indexOf(useAllUnits().data);
}

const indexCache = new WeakMap<Unit[], Map<string, Unit>>();
function indexOf(units: Unit[] | undefined): Map<string, Unit> {
  if (!units) return EMPTY;
  let m = indexCache.get(units);
  if (!m) {
    m = new Map(units.map((u) => [u.id, u]));
    indexCache.set(units, m);
  }
  return m;
}
const EMPTY = new Map<string, Unit>();

/** The chain of units from the top down to (and including) `id`. */
export function ancestry(units: Map<string, Unit>, id: string | null | undefined): Unit[] {
  const out: Unit[] = [];
  const seen = new Set<string>();
  let cur = id ? units.get(id) : undefined;
  while (cur && !seen.has(cur.id)) {
    seen.add(cur.id);
    out.unshift(cur);
    cur = cur.parentId ? units.get(cur.parentId) : undefined;
  }
  return out;
}

export function usePerson(id: string | null | undefined) {
  const org = useOrg();
  return useQuery({
    queryKey: ["person", org, id],
    enabled: !!id,
    queryFn: async (): Promise<Person> =>
      unwrap(await api.GET("/api/orgs/{org}/people/{id}", { params: { path: { org, id: id! } } })),
    staleTime: 60_000,
  });
}

export function useUnitHealth(id: string | null | undefined) {
  const org = useOrg();
  return useQuery({
    queryKey: ["unit-health", org, id],
    enabled: !!id,
    queryFn: async () =>
      unwrap(
        await api.GET("/api/orgs/{org}/units/{id}/health", { params: { path: { org, id: id! } } }),
      ),
  });
}

export function useNode(id: string | undefined) {
  const org = useOrg();
  return useQuery({
    queryKey: ["node", org, id],
    enabled: !!id,
    retry: retryUnlessClientError,
    queryFn: async (): Promise<Node> =>
      unwrap(await api.GET("/api/orgs/{org}/nodes/{id}", { params: { path: { org, id: id! } } })),
  });
}

/** May the signed-in user edit this node, check in on it, link it or delete it — and if not, why. */
export function useNodeAccess(id: string | undefined) {
  const org = useOrg();
  return useQuery({
    queryKey: ["node-access", org, id],
    enabled: !!id,
    retry: retryUnlessClientError,
    queryFn: async () =>
      unwrap(
        await api.GET("/api/orgs/{org}/nodes/{id}/access", { params: { path: { org, id: id! } } }),
      ),
    staleTime: 60_000,
  });
}

export const linksQuery = (org: string, id: string) => ({
  queryKey: ["links", org, id],
  queryFn: async (): Promise<Links> =>
    unwrap(await api.GET("/api/orgs/{org}/nodes/{id}/links", { params: { path: { org, id } } })),
});

export function useLinks(id: string | undefined) {
  const org = useOrg();
  return useQuery({ ...linksQuery(org, id ?? ""), enabled: !!id });
}

/** A node's check-ins, newest first (up to the last 1,000). */
export function useCheckins(id: string | undefined) {
  const org = useOrg();
  return useQuery({
    queryKey: ["checkins", org, id],
    enabled: !!id,
    queryFn: async () =>
      unwrap(
        await api.GET("/api/orgs/{org}/nodes/{id}/checkins", {
          params: { path: { org, id: id! }, query: { limit: 1000 } },
        }),
      ),
  });
}

export function useCycles() {
  const org = useOrg();
  return useQuery({
    queryKey: ["cycles", org],
    queryFn: async () =>
      unwrap(
        await api.GET("/api/orgs/{org}/cycles", {
          params: { path: { org }, query: { limit: 1000 } },
        }),
      ).items,
    staleTime: 60_000,
  });
}
