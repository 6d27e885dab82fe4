import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { ApiFailure, api, type Node, type Schemas, unwrap } from "../../api/client.js";
import { useOrg } from "../../org.js";
import { Combobox } from "../../ui/forms/Combobox.js";
import { Field, FieldError } from "../../ui/forms/Field.js";
import { OwnerLabel } from "../../ui/forms/names.js";
import { numberOrRaw } from "../../ui/forms/numbers.js";
import { ErrorState, KindBadge, Loading, pct } from "../../ui/ui.js";
import "./Alignment.css";

/**
 * The alignment picker of the goal form: search objectives and goals by title (objectives
 * first) and link the item to them as "contributes to", with a weight.
 */

type Kind = Node["kind"];
type LinkRecord = Schemas["Link"];

const KIND_RANK: Record<string, number> = {
  objective: 0,
  key_result: 1,
  goal: 2,
  kpi: 3,
  initiative: 4,
};

/** Something the new item will contribute to, with its weight as typed. */
export interface Parent {
  id: string;
  title: string;
  kind: string;
  ownerUnitId: string | null;
  ownerPersonId: string | null;
  weight: string;
}

export const parentOf = (
  n: Pick<Node, "id" | "title" | "kind" | "ownerUnitId" | "ownerPersonId">,
): Parent => ({
  id: n.id,
  title: n.title,
  kind: n.kind,
  ownerUnitId: n.ownerUnitId,
  ownerPersonId: n.ownerPersonId,
  weight: "1",
});

/** Objectives and goals whose title contains the text; objectives first. */
export function useNodeSearch() {
  const org = useOrg();
  return async (q: string, signal: AbortSignal): Promise<Node[]> => {
    const get = async (kind?: Kind) =>
      unwrap(
        await api.GET("/api/orgs/{org}/nodes", {
          params: { path: { org }, query: { q: q || undefined, kind, limit: 10 } },
          signal,
        }),
      ).items;
    const [objectives, all] = await Promise.all([get("objective"), q ? get() : get("key_result")]);
    const seen = new Set<string>();
    return [...objectives, ...all]
      .filter((n) => !seen.has(n.id) && seen.add(n.id))
      .sort((a, b) => (KIND_RANK[a.kind] ?? 9) - (KIND_RANK[b.kind] ?? 9))
      .slice(0, 10);
  };
}

export function NodeOption({
  node,
}: {
  node: {
    kind: string;
    title: string;
    ownerUnitId: string | null;
    ownerPersonId: string | null;
    status?: string;
  };
}) {
  return (
    <>
      <div className="option-main">
        <KindBadge kind={node.kind} />
        <span className="option-title">{node.title}</span>
      </div>
      <div className="option-sub">
        <OwnerLabel unitId={node.ownerUnitId} personId={node.ownerPersonId} />
        {node.status && node.status !== "active" && <> · {node.status}</>}
      </div>
    </>
  );
}

/** Create mode: choose what the new item contributes to, each with a weight. */
export function CreateAlignment({
  parents,
  setParents,
  error,
}: {
  parents: Parent[];
  setParents: (f: (parents: Parent[]) => Parent[]) => void;
  error: unknown;
}) {
  const org = useOrg();
  const search = useNodeSearch();
  const fieldErrors = error instanceof ApiFailure ? error.fieldErrors : {};
  const chosen = parents.map((p) => p.id);
  return (
    <>
      <Field
        id="gf-align"
        label="Search objectives and goals"
        hint="Type part of a title; pick with the arrow keys and Enter."
        error={fieldErrors.contributesTo}
      >
        {(aria) => (
          <Combobox<Node>
            {...aria}
            queryKey={["align-search", org, chosen.join(",")]}
            search={async (q, signal) =>
              (await search(q, signal)).filter((n) => !chosen.includes(n.id))
            }
            searchEmpty
            itemKey={(n) => n.id}
            itemText={(n) => n.title}
            renderItem={(n) => <NodeOption node={n} />}
            noMatches="No objective or goal has that in its title."
            placeholder="e.g. revenue, customers, delivery…"
            onSelect={(n) =>
              setParents((ps) => (ps.some((p) => p.id === n.id) ? ps : [...ps, parentOf(n)]))
            }
          />
        )}
      </Field>
      {parents.length === 0 ? (
        <p className="gf-none muted">
          Not linked yet. Something that contributes to nothing shows up as an orphan in alignment
          health — unless it stands alone.
        </p>
      ) : (
        <ul className="gf-parents" aria-label="Contributes to">
          {parents.map((p, i) => {
            const weightId = `gf-parent-${i}-weight`;
            const err =
              fieldErrors[`contributesTo.${i}.weight`] ?? fieldErrors[`contributesTo.${i}.nodeId`];
            return (
              <li key={p.id} className={`gf-parent${err ? " has-error" : ""}`}>
                <div className="gf-parent-title option-main">
                  <KindBadge kind={p.kind} />
                  <span className="option-title">{p.title}</span>
                </div>
                <div className="gf-parent-owner option-sub">
                  <OwnerLabel unitId={p.ownerUnitId} personId={p.ownerPersonId} />
                </div>
                <div className="gf-parent-weight">
                  <label htmlFor={weightId}>
                    Weight<span className="sr-only"> towards “{p.title}”</span>
                  </label>
                  <input
                    id={weightId}
                    inputMode="decimal"
                    value={p.weight}
                    aria-invalid={err ? true : undefined}
                    aria-describedby={err ? `${weightId}-error` : undefined}
                    onChange={(e) => {
                      const weight = e.target.value;
                      setParents((ps) => ps.map((x) => (x.id === p.id ? { ...x, weight } : x)));
                    }}
                  />
                </div>
                <button
                  type="button"
                  className="secondary gf-remove"
                  aria-label={`Remove “${p.title}”`}
                  onClick={() => setParents((ps) => ps.filter((x) => x.id !== p.id))}
                >
                  ×
                </button>
                <FieldError id={weightId} error={err} />
              </li>
            );
          })}
        </ul>
      )}
      {parents.length > 1 && (
        <p className="hint muted gf-weight-hint">
          Weights say how much this counts in each parent's progress, next to its other contributors
          (1 = as much as any other).
        </p>
      )}
    </>
  );
}

/** Edit mode: the links it has, saved as soon as one is added or removed. */
export function EditAlignment({ node }: { node: Node }) {
  const org = useOrg();
  const queryClient = useQueryClient();
  const search = useNodeSearch();
  const [weight, setWeight] = useState("1");
  const [said, setSaid] = useState("");
  const links = useQuery({
    queryKey: ["links", org, node.id],
    queryFn: async ({ signal }) =>
      unwrap(
        await api.GET("/api/orgs/{org}/nodes/{id}/links", {
          params: { path: { org, id: node.id } },
          signal,
        }),
      ),
  });
  const add = useMutation({
    mutationFn: async (parent: Node) =>
      unwrap(
        await api.POST("/api/orgs/{org}/edges", {
          params: { path: { org } },
          body: {
            kind: "contributes_to",
            fromId: node.id,
            toId: parent.id,
            weight: numberOrRaw(weight) as number,
          } as never,
        }),
      ),
    onSuccess: async (_edge, parent) => {
      setSaid(`Linked to “${parent.title}”.`);
      setWeight("1");
      await queryClient.invalidateQueries();
    },
  });
  const remove = useMutation({
    mutationFn: async (link: LinkRecord) => {
      unwrap(
        await api.DELETE("/api/orgs/{org}/edges/{id}", {
          params: { path: { org, id: link.edge.id } },
        }),
      );
      return link;
    },
    onSuccess: async (link) => {
      setSaid(`No longer linked to “${link.node.title}”.`);
      await queryClient.invalidateQueries();
    },
  });

  const parents = links.data?.contributesTo ?? [];
  const excluded = [node.id, ...parents.map((l) => l.node.id)];
  const addError = add.error instanceof ApiFailure ? add.error : null;
  const loop =
    addError?.error.code === "cycle_detected"
      ? ((addError.error.details as { titles?: string[] } | null)?.titles ?? null)
      : null;
  const weightError = addError?.fieldErrors.weight;

  return (
    <>
      <p className="hint muted">Links are saved as soon as you add or remove them.</p>
      {links.isPending ? (
        <Loading what="Loading its links" />
      ) : links.error ? (
        <ErrorState error={links.error} retry={() => links.refetch()} />
      ) : parents.length === 0 ? (
        <p className="gf-none muted">
          It contributes to nothing yet. Without a link it shows up as an orphan in alignment health
          — unless it stands alone.
        </p>
      ) : (
        <ul className="gf-parents" aria-label="Contributes to">
          {parents.map((l) => (
            <li key={l.edge.id} className="gf-parent">
              <div className="gf-parent-title option-main">
                <KindBadge kind={l.node.kind} />
                <Link className="option-title" to={`/goals/${l.node.id}`}>
                  {l.node.title}
                </Link>
              </div>
              <div className="gf-parent-owner option-sub">
                <OwnerLabel unitId={l.node.ownerUnitId} personId={l.node.ownerPersonId} />
              </div>
              <div className="gf-parent-facts option-sub">
                weight {l.edge.weight} · {pct(l.node.progress)} done
              </div>
              <button
                type="button"
                className="secondary gf-remove"
                aria-label={`Remove the link to “${l.node.title}”`}
                disabled={remove.isPending}
                onClick={() => remove.mutate(l)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {remove.error && (
        <div className="alert bad" role="alert">
          <strong>Could not remove the link.</strong>
          {(remove.error as Error).message}
        </div>
      )}
      <div className="gf-add-link">
        <Field
          id="gf-align"
          label="Link to another objective or goal"
          hint="Type part of a title; pick with the arrow keys and Enter."
        >
          {(aria) => (
            <Combobox<Node>
              {...aria}
              queryKey={["align-search", org, excluded.join(",")]}
              search={async (q, signal) =>
                (await search(q, signal)).filter((n) => !excluded.includes(n.id))
              }
              searchEmpty
              disabled={add.isPending}
              itemKey={(n) => n.id}
              itemText={(n) => n.title}
              renderItem={(n) => <NodeOption node={n} />}
              noMatches="No objective or goal has that in its title."
              placeholder="e.g. revenue, customers, delivery…"
              onSelect={(n) => {
                add.reset();
                add.mutate(n);
              }}
            />
          )}
        </Field>
        <Field id="gf-link-weight" label="Weight" error={weightError} className="gf-link-weight">
          {(aria) => (
            <input
              {...aria}
              inputMode="decimal"
              value={weight}
              onChange={(e) => setWeight(e.target.value)}
            />
          )}
        </Field>
      </div>
      {addError && !weightError && (
        <div className="alert bad" role="alert">
          {loop ? (
            <>
              <strong>That link would close a loop.</strong>
              Something cannot contribute to itself, even through others:
              <ol className="gf-loop">
                {loop.map((t, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: the loop repeats its first title.
                  <li key={i}>{t}</li>
                ))}
              </ol>
              <span className="sr-only">{addError.message}</span>
            </>
          ) : (
            <>
              <strong>Could not add the link.</strong>
              {addError.message}
            </>
          )}
        </div>
      )}
      <div className="sr-only" role="status" aria-live="polite">
        {add.isPending ? "Linking…" : said}
      </div>
      {said && !add.error && !remove.error && (
        <p className="gf-said" aria-hidden="true">
          ✓ {said}
        </p>
      )}
    </>
  );
}
