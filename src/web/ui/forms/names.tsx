import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client.js";
import { useOrg } from "../../org.js";

const LONG = 5 * 60_000;

/** A unit by id (cached), for showing names where the API gives ids. */
export function useUnit(id: string | null | undefined) {
  const org = useOrg();
  return useQuery({
    queryKey: ["unit", org, id],
    queryFn: async ({ signal }) =>
      unwrap(
        await api.GET("/api/orgs/{org}/units/{id}", {
          params: { path: { org, id: id! } },
          signal,
        }),
      ),
    enabled: !!id,
    staleTime: LONG,
  });
}

/** A person by id (cached). */
export function usePerson(id: string | null | undefined) {
  const org = useOrg();
  return useQuery({
    queryKey: ["person", org, id],
    queryFn: async ({ signal }) =>
      unwrap(
        await api.GET("/api/orgs/{org}/people/{id}", {
          params: { path: { org, id: id! } },
          signal,
        }),
      ),
    enabled: !!id,
    staleTime: LONG,
  });
}

/** "Marketing · Grace Kim": who owns an item, by name. */
export function OwnerLabel({
  unitId,
  personId,
}: {
  unitId: string | null | undefined;
  personId: string | null | undefined;
}) {
  const unit = useUnit(unitId);
  const person = usePerson(personId);
  if (!unitId && !personId) return <span className="owner muted">No owner</span>;
  const parts = [
    unitId ? (unit.data?.name ?? "…") : null,
    personId ? (person.data?.name ?? "…") : null,
  ].filter(Boolean);
  return <span className="owner muted">{parts.join(" · ")}</span>;
}
