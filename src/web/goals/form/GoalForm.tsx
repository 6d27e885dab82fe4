import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import { ApiFailure, api, unwrap } from "../../api/client.js";
import { useOrg } from "../../org.js";
import { useAccess } from "../../session.js";
import type { Flash } from "../../ui/forms/FlashNote.js";
import { numberOrRaw } from "../../ui/forms/numbers.js";
import { ErrorState, kindLabel, Loading } from "../../ui/ui.js";
import { useNodeAccess, usePerson } from "../data.js";
import { CreateAlignment, EditAlignment, parentOf } from "./Alignment.js";
import { GoalFields } from "./GoalFields.js";
import {
  createRefusal,
  type GoalRules,
  NotAllowed,
  ProposalNote,
  useGoalRules,
} from "./GoalRules.js";
import {
  bodyOf,
  type CreateBody,
  currentCycle,
  EMPTY,
  type FormState,
  fromNode,
  KINDS,
  type Kind,
  type UpdateBody,
  useCycles,
} from "./model.js";
import "./GoalForm.css";

/**
 * Create (/goals/new) and edit (/goals/:id/edit) a goal, key result, objective, KPI or
 * initiative. The fields are in components/goalform.
 */
export default function GoalForm() {
  const { id } = useParams();
  const access = useAccess();
  if (id) return <EditGoal key={id} id={id} />;
  if (!access.may.proposeGoals)
    return (
      <NotAllowed
        title="New goal"
        reason={createRefusal(access.role, access.canWrite)}
        back={{ to: "/strategy", label: "Back to the strategy" }}
      />
    );
  return <NewGoal />;
}

/* ------------------------------------------------------------------ create */

function NewGoal() {
  const org = useOrg();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const cycles = useCycles();
  const rules = useGoalRules();
  const [state, setState] = useState<FormState>(() => {
    const kind = params.get("kind");
    const start = rules.member ? { ...EMPTY, status: "draft" as const } : EMPTY;
    return KINDS.some((k) => k.kind === kind) && rules.kindAllowed(kind as Kind)
      ? { ...start, kind: kind as Kind }
      : start;
  });
  const [cycleTouched, setCycleTouched] = useState(false);
  useProposerAsOwner(rules, setState);

  // Default the cycle to the current quarter.
  useEffect(() => {
    if (cycleTouched || state.cycleId || !cycles.data) return;
    const c = currentCycle(cycles.data);
    if (c) setState((s) => ({ ...s, cycleId: c.id }));
  }, [cycles.data, cycleTouched, state.cycleId]);

  // Prefill from links such as /goals/new?parent=<id>&unit=<id>&person=<id>.
  usePrefill(params, setState);

  const create = useMutation({
    mutationFn: async (s: FormState) => {
      const body = {
        ...bodyOf(s),
        contributesTo: s.parents.map((p) => ({ nodeId: p.id, weight: numberOrRaw(p.weight) ?? 1 })),
      } as unknown as CreateBody;
      return unwrap(await api.POST("/api/orgs/{org}/nodes", { params: { path: { org } }, body }));
    },
    onSuccess: async (node) => {
      await queryClient.invalidateQueries();
      const flash: Flash = {
        message: `${kindLabel(node.kind)} “${node.title}” was created.`,
        link: { to: `/map?focus=${node.id}`, label: "See it in the alignment map" },
      };
      navigate(`/goals/${node.id}`, { state: { flash } });
    },
  });

  return (
    <section className="goal-form">
      <header className="gf-head">
        <p className="gf-crumb">
          <Link to="/strategy">Strategy</Link> <span aria-hidden="true">›</span> New
        </p>
        <h1>New {kindLabel(state.kind).toLowerCase()}</h1>
        <p className="muted">
          Say what it is, who owns it, how you will know it is done — and what it helps achieve.
        </p>
      </header>
      {rules.member && <ProposalNote />}
      <GoalFields
        mode="create"
        rules={rules}
        state={state}
        setState={setState}
        cycles={cycles.data}
        cyclesError={cycles.error}
        onCycleTouched={() => setCycleTouched(true)}
        pending={create.isPending}
        error={create.error}
        resetError={() => create.reset()}
        onSubmit={(s) => create.mutate(s)}
        submitLabel={`Create ${kindLabel(state.kind).toLowerCase()}`}
        cancel={
          <button type="button" className="secondary" onClick={() => goBack(navigate, "/strategy")}>
            Cancel
          </button>
        }
        alignment={
          <CreateAlignment
            parents={state.parents}
            setParents={(f) => setState((s) => ({ ...s, parents: f(s.parents) }))}
            error={create.error}
          />
        }
      />
    </section>
  );
}

/** A member's proposal is their own: the owner person starts as them. */
function useProposerAsOwner(rules: GoalRules, setState: (f: (s: FormState) => FormState) => void) {
  const access = useAccess();
  const me = usePerson(rules.member ? access.personId : null);
  useEffect(() => {
    const p = me.data;
    if (p) setState((s) => (s.ownerPerson ? s : { ...s, ownerPerson: p }));
  }, [me.data, setState]);
}

function goBack(navigate: ReturnType<typeof useNavigate>, fallback: string) {
  const idx = (window.history.state as { idx?: number } | null)?.idx ?? 0;
  if (idx > 0) navigate(-1);
  else navigate(fallback);
}

function usePrefill(params: URLSearchParams, setState: (f: (s: FormState) => FormState) => void) {
  const org = useOrg();
  const parentId = params.get("parent");
  const unitId = params.get("unit");
  const personId = params.get("person");
  const explicitKind = params.has("kind");
  const parent = useQuery({
    queryKey: ["node", org, parentId],
    queryFn: async () =>
      unwrap(
        await api.GET("/api/orgs/{org}/nodes/{id}", { params: { path: { org, id: parentId! } } }),
      ),
    enabled: !!parentId,
  });
  const unit = useQuery({
    queryKey: ["unit", org, unitId],
    queryFn: async () =>
      unwrap(
        await api.GET("/api/orgs/{org}/units/{id}", { params: { path: { org, id: unitId! } } }),
      ),
    enabled: !!unitId,
  });
  const person = useQuery({
    queryKey: ["person", org, personId],
    queryFn: async () =>
      unwrap(
        await api.GET("/api/orgs/{org}/people/{id}", { params: { path: { org, id: personId! } } }),
      ),
    enabled: !!personId,
  });
  useEffect(() => {
    const p = parent.data;
    if (!p) return;
    setState((s) =>
      s.parents.some((x) => x.id === p.id)
        ? s
        : {
            ...s,
            // Under an objective, a key result is the usual thing to add (unless ?kind= says).
            kind: !explicitKind && p.kind === "objective" ? "key_result" : s.kind,
            parents: [...s.parents, parentOf(p)],
          },
    );
  }, [parent.data, setState, explicitKind]);
  useEffect(() => {
    const u = unit.data;
    if (u) setState((s) => (s.ownerUnit ? s : { ...s, ownerUnit: u }));
  }, [unit.data, setState]);
  useEffect(() => {
    const p = person.data;
    if (p) setState((s) => (s.ownerPerson ? s : { ...s, ownerPerson: p }));
  }, [person.data, setState]);
}

/* -------------------------------------------------------------------- edit */

function EditGoal({ id }: { id: string }) {
  const org = useOrg();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const cycles = useCycles();
  const access = useNodeAccess(id);
  // The goal with its owners' names, read once: the form keeps the version it was opened at.
  const loaded = useQuery({
    queryKey: ["goal-form", org, id],
    queryFn: async ({ signal }) => {
      const node = unwrap(
        await api.GET("/api/orgs/{org}/nodes/{id}", { params: { path: { org, id } }, signal }),
      );
      const [unit, person] = await Promise.all([
        node.ownerUnitId
          ? api
              .GET("/api/orgs/{org}/units/{id}", {
                params: { path: { org, id: node.ownerUnitId } },
                signal,
              })
              .then((r) => r.data ?? null)
          : null,
        node.ownerPersonId
          ? api
              .GET("/api/orgs/{org}/people/{id}", {
                params: { path: { org, id: node.ownerPersonId } },
                signal,
              })
              .then((r) => r.data ?? null)
          : null,
      ]);
      return { node, unit, person };
    },
    staleTime: 0,
  });
  const rules = useGoalRules(loaded.data?.node.status);
  type Loaded = NonNullable<typeof loaded.data>;
  const [state, setState] = useState<FormState | null>(null);
  const [version, setVersion] = useState<number | null>(null);
  const fill = (d: Loaded) => {
    setState({ ...fromNode(d.node), ownerUnit: d.unit, ownerPerson: d.person });
    setVersion(d.node.version);
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: fill once, when the goal first loads.
  useEffect(() => {
    if (loaded.data && version === null) fill(loaded.data);
  }, [loaded.data, version]);

  const save = useMutation({
    mutationFn: async (s: FormState) => {
      const body = { ...bodyOf(s), version: version ?? undefined } as unknown as UpdateBody;
      return unwrap(
        await api.PATCH("/api/orgs/{org}/nodes/{id}", { params: { path: { org, id } }, body }),
      );
    },
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries();
      const flash: Flash = { message: `Your changes to “${saved.title}” were saved.` };
      navigate(`/goals/${saved.id}`, { state: { flash } });
    },
  });

  const reload = async () => {
    const fresh = await loaded.refetch();
    if (fresh.data) {
      fill(fresh.data);
      save.reset();
    }
  };

  if (loaded.isPending || (loaded.data && !state)) return <Loading what="Loading the goal" />;
  if (loaded.error || !loaded.data || !state) {
    return (
      <section>
        <h1>Edit goal</h1>
        {loaded.error instanceof ApiFailure && loaded.error.status === 404 ? (
          <div className="state empty">
            <strong>This goal does not exist (any more).</strong>
            <div>
              It may have been deleted. <Link to="/strategy">Go to the strategy</Link>.
            </div>
          </div>
        ) : (
          <ErrorState error={loaded.error} retry={() => loaded.refetch()} />
        )}
      </section>
    );
  }
  const node = { data: loaded.data.node };
  if (access.isPending) return <Loading what="Loading the goal" />;
  if (access.data && !access.data.edit)
    return (
      <NotAllowed
        title={`Edit ${kindLabel(node.data.kind).toLowerCase()}`}
        reason={access.data.reason}
        back={{ to: `/goals/${id}`, label: `Back to “${node.data.title}”` }}
      />
    );

  const conflict =
    save.error instanceof ApiFailure &&
    save.error.status === 409 &&
    save.error.error.code === "version_conflict";

  return (
    <section className="goal-form">
      <header className="gf-head">
        <p className="gf-crumb">
          <Link to={`/goals/${id}`}>{node.data.title}</Link> <span aria-hidden="true">›</span> Edit
        </p>
        <h1>Edit {kindLabel(state.kind).toLowerCase()}</h1>
      </header>
      {conflict && (
        <div className="alert warn gf-conflict" role="alert">
          <strong>Someone changed this goal since you opened it — reload</strong>
          Reloading shows their version; your unsaved changes here will be lost, so copy anything
          you want to keep first.
          <div className="actions">
            <button type="button" onClick={reload}>
              Reload the goal
            </button>
          </div>
        </div>
      )}
      <GoalFields
        mode="edit"
        rules={rules}
        state={state}
        setState={(f) => setState((s) => (s ? f(s) : s))}
        cycles={cycles.data}
        cyclesError={cycles.error}
        pending={save.isPending}
        error={conflict ? null : save.error}
        resetError={() => save.reset()}
        onSubmit={(s) => save.mutate(s)}
        submitLabel="Save changes"
        cancel={
          <Link className="button secondary" to={`/goals/${id}`}>
            Cancel
          </Link>
        }
        alignment={<EditAlignment node={node.data} />}
      />
    </section>
  );
}
