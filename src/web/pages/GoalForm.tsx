import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useMemo, useState } from "react";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import { metricProgress } from "../../core/progress.js";
import type { Person, Schemas } from "../api/client.js";
import { ApiFailure, api, type Node, type Unit, unwrap } from "../api/client.js";
import type { paths } from "../api/schema.gen.js";
import {
  CreateAlignment,
  EditAlignment,
  type Parent,
  parentOf,
} from "../components/forms/Alignment.js";
import { Combobox } from "../components/forms/Combobox.js";
import { Field, FieldError, focusFirst, sentence } from "../components/forms/Field.js";
import type { Flash } from "../components/forms/FlashNote.js";
import { numberOrRaw, numberText } from "../components/forms/numbers.js";
import { ErrorState, kindLabel, Loading, ProgressBar } from "../components/ui.js";
import { useOrg } from "../org.js";
import "./GoalForm.css";

/** Create (/goals/new) and edit (/goals/:id/edit) a goal, key result, objective, KPI or initiative. */

type Kind = Node["kind"];
type Status = Node["status"];
type Direction = Node["direction"];
type Cycle = Schemas["Cycle"];
type CreateBody =
  paths["/api/orgs/{org}/nodes"]["post"]["requestBody"]["content"]["application/json"];
type UpdateBody =
  paths["/api/orgs/{org}/nodes/{id}"]["patch"]["requestBody"]["content"]["application/json"];

const KINDS: { kind: Kind; blurb: string }[] = [
  { kind: "goal", blurb: "What a unit or a person commits to deliver." },
  { kind: "key_result", blurb: "A measurable outcome that shows an objective is met." },
  { kind: "objective", blurb: "A strategic objective: where the organization is going." },
  { kind: "kpi", blurb: "A measure of the health of the running business." },
  { kind: "initiative", blurb: "A change project that moves a goal forward." },
];
const STATUSES: [Status, string][] = [
  ["draft", "Draft — not committed yet"],
  ["active", "Active"],
  ["done", "Done"],
  ["cancelled", "Cancelled"],
];

type Owner<T> = T | null;

interface FormState {
  kind: Kind;
  title: string;
  description: string;
  ownerUnit: Owner<Pick<Unit, "id" | "name" | "kind">>;
  ownerPerson: Owner<Pick<Person, "id" | "name" | "title">>;
  cycleId: string;
  baseline: string;
  current: string;
  target: string;
  metricUnit: string;
  direction: Direction;
  status: Status;
  confidence: string;
  priority: string;
  standalone: boolean;
  standaloneReason: string;
  parents: Parent[];
}

const EMPTY: FormState = {
  kind: "goal",
  title: "",
  description: "",
  ownerUnit: null,
  ownerPerson: null,
  cycleId: "",
  baseline: "",
  current: "",
  target: "",
  metricUnit: "",
  direction: "increase",
  status: "active",
  confidence: "",
  priority: "",
  standalone: false,
  standaloneReason: "",
  parents: [],
};

/** Where each field of the API's error paths lives in the form, in reading order. */
function fieldIdOf(path: string, s: FormState): string | null {
  const m = /^contributesTo\.(\d+)/.exec(path);
  if (m) return `gf-parent-${m[1]}-weight`;
  const ids: Record<string, string> = {
    kind: `gf-kind-${s.kind}`,
    title: "gf-title",
    description: "gf-description",
    ownerUnitId: "gf-owner-unit",
    ownerPersonId: "gf-owner-person",
    cycleId: "gf-cycle",
    status: "gf-status",
    priority: "gf-priority",
    baseline: "gf-baseline",
    current: "gf-current",
    target: "gf-target",
    metricUnit: "gf-unit",
    direction: "gf-direction",
    confidence: "gf-confidence",
    contributesTo: "gf-align",
    standalone: "gf-standalone",
    standaloneReason: "gf-reason",
  };
  return ids[path] ?? null;
}
const ORDER = [
  "kind",
  "title",
  "description",
  "ownerUnitId",
  "ownerPersonId",
  "cycleId",
  "status",
  "priority",
  "baseline",
  "current",
  "target",
  "metricUnit",
  "direction",
  "confidence",
  "contributesTo",
  "standalone",
  "standaloneReason",
];
const FIELD_NAMES: Record<string, string> = {
  kind: "Type",
  title: "Title",
  description: "Description",
  ownerUnitId: "Owner unit",
  ownerPersonId: "Owner person",
  cycleId: "Cycle",
  status: "Status",
  priority: "Priority",
  baseline: "Baseline",
  current: "Current value",
  target: "Target",
  metricUnit: "Unit of measure",
  direction: "Direction",
  confidence: "Confidence",
  contributesTo: "Contributes to",
  standalone: "Stands alone",
  standaloneReason: "Reason it stands alone",
};
const orderOf = (path: string) => {
  const head = path.split(".")[0]!;
  const i = ORDER.indexOf(head);
  return i < 0 ? ORDER.length : i;
};

function fromNode(n: Node): FormState {
  return {
    kind: n.kind,
    title: n.title,
    description: n.description,
    ownerUnit: null,
    ownerPerson: null,
    cycleId: n.cycleId ?? "",
    baseline: numberText(n.baseline),
    current: numberText(n.current),
    target: numberText(n.target),
    metricUnit: n.metricUnit ?? "",
    direction: n.direction,
    status: n.status,
    confidence: n.confidence === null ? "" : String(Math.round(n.confidence * 100)),
    priority: numberText(n.priority),
    standalone: n.standalone,
    standaloneReason: n.standaloneReason ?? "",
    parents: [],
  };
}

/** The confidence typed as a percentage, as the API's 0..1 (or as typed, for the API to refuse). */
function confidenceValue(text: string): number | string | null {
  const v = numberOrRaw(text.replace(/%\s*$/, ""));
  return typeof v === "number" ? Math.round(v * 10) / 1000 : v;
}

function bodyOf(s: FormState) {
  return {
    kind: s.kind,
    title: s.title,
    description: s.description,
    ownerUnitId: s.ownerUnit?.id ?? null,
    ownerPersonId: s.ownerPerson?.id ?? null,
    cycleId: s.cycleId || null,
    baseline: numberOrRaw(s.baseline),
    target: numberOrRaw(s.target),
    current: numberOrRaw(s.current),
    metricUnit: s.metricUnit.trim() || null,
    direction: s.direction,
    status: s.status,
    confidence: confidenceValue(s.confidence),
    priority: numberOrRaw(s.priority),
    standalone: s.standalone,
    standaloneReason: s.standalone ? s.standaloneReason.trim() || null : s.standaloneReason || null,
  };
}

/** Light checks before the API's: only what the API would word in its own units (0..1). */
function clientErrors(s: FormState): Record<string, string> {
  const errors: Record<string, string> = {};
  const c = confidenceValue(s.confidence);
  if (typeof c === "number" && (c < 0 || c > 1)) {
    errors.confidence = "enter a confidence from 0 to 100 %";
  }
  return errors;
}

function useCycles() {
  const org = useOrg();
  return useQuery({
    queryKey: ["cycles", org],
    queryFn: async ({ signal }) =>
      unwrap(
        await api.GET("/api/orgs/{org}/cycles", {
          params: { path: { org }, query: { limit: 200 } },
          signal,
        }),
      ).items,
    staleTime: 5 * 60_000,
  });
}

/** The quarter (or else the year) that contains today. */
function currentCycle(cycles: Cycle[]): Cycle | undefined {
  const today = new Date().toISOString().slice(0, 10);
  const now = cycles.filter((c) => c.startsOn <= today && today <= c.endsOn);
  return now.find((c) => c.kind === "quarter") ?? now[0];
}

export default function GoalForm() {
  const { id } = useParams();
  return id ? <EditGoal key={id} id={id} /> : <NewGoal />;
}

/* ------------------------------------------------------------------ create */

function NewGoal() {
  const org = useOrg();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const cycles = useCycles();
  const [state, setState] = useState<FormState>(() => {
    const kind = params.get("kind");
    return KINDS.some((k) => k.kind === kind) ? { ...EMPTY, kind: kind as Kind } : EMPTY;
  });
  const [cycleTouched, setCycleTouched] = useState(false);

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
      <GoalFields
        mode="create"
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

/* ------------------------------------------------------------ shared form */

function GoalFields({
  mode,
  state,
  setState,
  cycles,
  cyclesError,
  onCycleTouched,
  pending,
  error,
  resetError,
  onSubmit,
  submitLabel,
  cancel,
  alignment,
}: {
  mode: "create" | "edit";
  state: FormState;
  setState: (f: (s: FormState) => FormState) => void;
  cycles: Cycle[] | undefined;
  cyclesError: unknown;
  onCycleTouched?: () => void;
  pending: boolean;
  error: unknown;
  resetError: () => void;
  onSubmit: (s: FormState) => void;
  submitLabel: string;
  cancel: React.ReactNode;
  alignment: React.ReactNode;
}) {
  const org = useOrg();
  const [local, setLocal] = useState<Record<string, string>>({});
  const [titleTouched, setTitleTouched] = useState(false);
  // The API's messages, until the field they name is edited.
  const [cleared, setCleared] = useState<Set<string>>(new Set());
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new error shows all its messages again.
  useEffect(() => {
    setCleared(new Set());
  }, [error]);

  const api400 = error instanceof ApiFailure && error.error.code === "validation_failed";
  const apiErrors = useMemo(() => (error instanceof ApiFailure ? error.fieldErrors : {}), [error]);
  const errors: Record<string, string> = {};
  for (const [path, message] of Object.entries(apiErrors)) {
    if (!cleared.has(path)) errors[path] = message;
  }
  for (const [path, message] of Object.entries(local)) errors[path] ??= message;
  if (titleTouched && !state.title.trim() && !errors.title) errors.title = "give it a title";

  // Move focus to the first field the API refused, when a new refusal arrives.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when a new error arrives.
  useEffect(() => {
    if (!api400) return;
    const paths = Object.keys(apiErrors).sort((a, b) => orderOf(a) - orderOf(b));
    focusFirst(paths.map((p) => fieldIdOf(p, state)).filter((x): x is string => !!x));
  }, [apiErrors]);

  const set = <K extends keyof FormState>(key: K, value: FormState[K], path: string = key) => {
    setState((s) => ({ ...s, [key]: value }));
    if (apiErrors[path]) setCleared((c) => new Set(c).add(path));
    if (local[path]) setLocal(({ [path]: _, ...rest }) => rest);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = clientErrors(state);
    setLocal(found);
    if (Object.keys(found).length > 0) {
      resetError();
      const paths = Object.keys(found).sort((a, b) => orderOf(a) - orderOf(b));
      focusFirst(paths.map((p) => fieldIdOf(p, state)).filter((x): x is string => !!x));
      return;
    }
    onSubmit(state);
  };

  const errorList = Object.entries(errors).sort(([a], [b]) => orderOf(a) - orderOf(b));
  const otherError = error && !api400 && error instanceof Error ? error : null;

  const b = numberOrRaw(state.baseline);
  const t = numberOrRaw(state.target);
  const c = numberOrRaw(state.current);
  const preview =
    typeof t === "number" &&
    (b === null || typeof b === "number") &&
    (c === null || typeof c === "number")
      ? metricProgress(b, t, c, state.direction)
      : null;

  const unitSearch = async (q: string, signal: AbortSignal) =>
    unwrap(
      await api.GET("/api/orgs/{org}/units", {
        params: { path: { org }, query: { q: q || undefined, limit: 10 } },
        signal,
      }),
    ).items;
  const personSearch = async (q: string, signal: AbortSignal) =>
    unwrap(
      await api.GET("/api/orgs/{org}/people", {
        params: { path: { org }, query: { q: q || undefined, limit: 10 } },
        signal,
      }),
    ).items;

  const years = (cycles ?? []).filter((cy) => cy.kind === "year");
  const quartersOf = (y: string) => (cycles ?? []).filter((cy) => cy.parentId === y);
  const loose = (cycles ?? []).filter(
    (cy) => cy.kind !== "year" && !years.some((y) => y.id === cy.parentId),
  );

  return (
    <form className="gf-form" noValidate onSubmit={submit} aria-busy={pending}>
      <div className="gf-columns">
        <fieldset className="panel gf-section gf-what">
          <legend>
            <h2>What it is</h2>
          </legend>
          <div
            className="gf-kinds"
            role="radiogroup"
            aria-label="Type"
            aria-describedby={errors.kind ? `gf-kind-${state.kind}-error` : undefined}
          >
            {KINDS.map(({ kind, blurb }) => (
              <label key={kind} className={`gf-kind${state.kind === kind ? " chosen" : ""}`}>
                <input
                  type="radio"
                  name="kind"
                  id={`gf-kind-${kind}`}
                  value={kind}
                  checked={state.kind === kind}
                  onChange={() => set("kind", kind)}
                />
                <span className="gf-kind-name">{kindLabel(kind)}</span>
                <span className="gf-kind-blurb">{blurb}</span>
              </label>
            ))}
          </div>
          <FieldError id={`gf-kind-${state.kind}`} error={errors.kind} />
          <Field id="gf-title" label="Title" required error={errors.title}>
            {(aria) => (
              <input
                {...aria}
                value={state.title}
                maxLength={300}
                placeholder={
                  state.kind === "objective"
                    ? "e.g. Delight customers at every touchpoint"
                    : "e.g. Grow e-commerce running-shoe revenue"
                }
                onChange={(e) => set("title", e.target.value)}
                onBlur={() => setTitleTouched(true)}
              />
            )}
          </Field>
          <Field
            id="gf-description"
            label="Description"
            optional
            hint="Why it matters and what is in or out of scope."
            error={errors.description}
          >
            {(aria) => (
              <textarea
                {...aria}
                rows={3}
                value={state.description}
                onChange={(e) => set("description", e.target.value)}
              />
            )}
          </Field>
        </fieldset>
        <fieldset className="panel gf-section gf-align gf-side">
          <legend>
            <h2>What it contributes to</h2>
          </legend>
          <p className="hint muted">
            Link it to the objectives and goals it helps achieve: its progress counts in theirs.
            {mode === "create" && " You can link it to more than one."}
          </p>
          {alignment}
          <div className="gf-standalone">
            <label className="gf-check">
              <input
                type="checkbox"
                id="gf-standalone"
                checked={state.standalone}
                onChange={(e) => set("standalone", e.target.checked)}
              />
              <span>
                It stands alone
                <span className="muted"> — it need not contribute to anything</span>
              </span>
            </label>
            {state.standalone && (
              <Field
                id="gf-reason"
                label="Why does it stand alone?"
                required
                hint="e.g. a legal obligation, or keeping the lights on."
                error={errors.standaloneReason}
              >
                {(aria) => (
                  <textarea
                    {...aria}
                    rows={2}
                    value={state.standaloneReason}
                    onChange={(e) => set("standaloneReason", e.target.value)}
                  />
                )}
              </Field>
            )}
            {!state.standalone && errors.standaloneReason && (
              <FieldError id="gf-reason" error={errors.standaloneReason} />
            )}
          </div>
        </fieldset>
        <fieldset className="panel gf-section gf-who">
          <legend>
            <h2>Who owns it, and when</h2>
          </legend>
          <p className="hint muted">
            A unit, a person, or both. Anything without an owner is flagged as unowned.
          </p>
          <div className="gf-row">
            <Field id="gf-owner-unit" label="Owner unit" error={errors.ownerUnitId}>
              {(aria) => (
                <Combobox<Unit>
                  {...aria}
                  queryKey={["unit-search", org]}
                  search={unitSearch}
                  searchEmpty
                  value={(state.ownerUnit as Unit | null) ?? null}
                  onClear={() => set("ownerUnit", null, "ownerUnitId")}
                  onSelect={(u) => set("ownerUnit", u, "ownerUnitId")}
                  itemKey={(u) => u.id}
                  itemText={(u) => u.name}
                  renderItem={(u) => (
                    <div className="option-main">
                      <span className="option-title">{u.name}</span>
                      <span className="muted">{u.kind}</span>
                    </div>
                  )}
                  noMatches="No unit has that in its name."
                  placeholder="Search units…"
                />
              )}
            </Field>
            <Field id="gf-owner-person" label="Owner person" error={errors.ownerPersonId}>
              {(aria) => (
                <Combobox<Person>
                  {...aria}
                  queryKey={["person-search", org]}
                  search={personSearch}
                  value={(state.ownerPerson as Person | null) ?? null}
                  onClear={() => set("ownerPerson", null, "ownerPersonId")}
                  onSelect={(p) => set("ownerPerson", p, "ownerPersonId")}
                  itemKey={(p) => p.id}
                  itemText={(p) => p.name}
                  renderItem={(p) => (
                    <>
                      <div className="option-title">{p.name}</div>
                      {p.title && <div className="option-sub">{p.title}</div>}
                    </>
                  )}
                  noMatches="Nobody has that in their name."
                  placeholder="Search people…"
                />
              )}
            </Field>
          </div>
          <div className="gf-row three">
            <Field
              id="gf-cycle"
              label="Cycle"
              hint="The period it belongs to."
              error={errors.cycleId ?? (cyclesError ? "the cycles could not be loaded" : null)}
            >
              {(aria) => (
                <select
                  {...aria}
                  value={state.cycleId}
                  onChange={(e) => {
                    onCycleTouched?.();
                    set("cycleId", e.target.value);
                  }}
                >
                  <option value="">No cycle</option>
                  {years.map((y) => (
                    <optgroup key={y.id} label={y.name}>
                      <option value={y.id}>The whole of {y.name}</option>
                      {quartersOf(y.id).map((q) => (
                        <option key={q.id} value={q.id}>
                          {q.name}
                        </option>
                      ))}
                    </optgroup>
                  ))}
                  {loose.map((q) => (
                    <option key={q.id} value={q.id}>
                      {q.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field
              id="gf-status"
              label="Status"
              hint="Draft until it is agreed."
              error={errors.status}
            >
              {(aria) => (
                <select
                  {...aria}
                  value={state.status}
                  onChange={(e) => set("status", e.target.value as Status)}
                >
                  {STATUSES.map(([v, label]) => (
                    <option key={v} value={v}>
                      {label}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field
              id="gf-priority"
              label="Priority"
              hint="1 is the most important."
              error={errors.priority}
            >
              {(aria) => (
                <input
                  {...aria}
                  inputMode="numeric"
                  value={state.priority}
                  onChange={(e) => set("priority", e.target.value)}
                />
              )}
            </Field>
          </div>
        </fieldset>
        <fieldset className="panel gf-section gf-how">
          <legend>
            <h2>How it is measured</h2>
          </legend>
          <p className="hint muted">
            With a target, progress comes from where it started, where it is now and where it should
            end. Without one, progress is the weighted mean of what contributes to it.
          </p>
          <div className="gf-row three">
            <Field
              id="gf-baseline"
              label="Baseline"
              hint="Where it started."
              error={errors.baseline}
            >
              {(aria) => (
                <input
                  {...aria}
                  inputMode="decimal"
                  value={state.baseline}
                  onChange={(e) => set("baseline", e.target.value)}
                />
              )}
            </Field>
            <Field
              id="gf-current"
              label="Current value"
              hint="Where it is now."
              error={errors.current}
            >
              {(aria) => (
                <input
                  {...aria}
                  inputMode="decimal"
                  value={state.current}
                  onChange={(e) => set("current", e.target.value)}
                />
              )}
            </Field>
            <Field id="gf-target" label="Target" hint="Where it should end." error={errors.target}>
              {(aria) => (
                <input
                  {...aria}
                  inputMode="decimal"
                  value={state.target}
                  onChange={(e) => set("target", e.target.value)}
                />
              )}
            </Field>
          </div>
          <div className="gf-row three">
            <Field
              id="gf-unit"
              label="Unit of measure"
              hint="e.g. %, M EUR, pairs, days."
              error={errors.metricUnit}
            >
              {(aria) => (
                <input
                  {...aria}
                  maxLength={40}
                  value={state.metricUnit}
                  onChange={(e) => set("metricUnit", e.target.value)}
                />
              )}
            </Field>
            <Field
              id="gf-direction"
              label="Direction"
              hint="Which way is better."
              error={errors.direction}
            >
              {(aria) => (
                <select
                  {...aria}
                  value={state.direction}
                  onChange={(e) => set("direction", e.target.value as Direction)}
                >
                  <option value="increase">Higher is better</option>
                  <option value="decrease">Lower is better</option>
                </select>
              )}
            </Field>
            <Field
              id="gf-confidence"
              label="Confidence (%)"
              hint="How sure the owner is, 0–100."
              error={errors.confidence}
            >
              {(aria) => (
                <input
                  {...aria}
                  inputMode="numeric"
                  value={state.confidence}
                  onChange={(e) => set("confidence", e.target.value)}
                />
              )}
            </Field>
          </div>
          <div className="gf-preview" aria-live="polite">
            {preview === null ? (
              <span className="muted">
                {t === null
                  ? "No target: progress will come from what contributes to it."
                  : "Enter numbers to see the progress they mean."}
              </span>
            ) : (
              <>
                <span className="muted">At these numbers, progress is</span>
                <ProgressBar value={preview} label="Progress at these numbers" />
              </>
            )}
          </div>
        </fieldset>
      </div>

      <div className="gf-submit panel">
        {(errorList.length > 0 || otherError) && (
          <div className="alert bad gf-summary" role="alert">
            {otherError ? (
              <>
                <strong>Could not save.</strong>
                {otherError.message}
              </>
            ) : (
              <>
                <strong>
                  {errorList.length === 1
                    ? "One field needs your attention:"
                    : `${errorList.length} fields need your attention:`}
                </strong>
                <ul>
                  {errorList.map(([path, message]) => {
                    const fid = fieldIdOf(path, state);
                    const name = FIELD_NAMES[path.split(".")[0]!] ?? path;
                    return (
                      <li key={path}>
                        {fid ? (
                          <a
                            href={`#${fid}`}
                            onClick={(e) => {
                              e.preventDefault();
                              focusFirst([fid]);
                            }}
                          >
                            {name}
                          </a>
                        ) : (
                          name
                        )}
                        : {sentence(message)}
                      </li>
                    );
                  })}
                </ul>
              </>
            )}
          </div>
        )}
        <div className="gf-buttons">
          <button type="submit" disabled={pending}>
            {pending ? "Saving…" : submitLabel}
          </button>
          {cancel}
        </div>
      </div>
    </form>
  );
}
