import { useQuery } from "@tanstack/react-query";
import type { Person, Schemas } from "../../api/client.js";
import { api, type Node, type Unit, unwrap } from "../../api/client.js";
import type { paths } from "../../api/schema.gen.js";
import { useOrg } from "../../org.js";
import { numberOrRaw, numberText } from "../../ui/forms/numbers.js";
import type { Parent } from "./Alignment.js";

/** The goal form's state, its fields' ids and names, and how it becomes an API body. */

export type Kind = Node["kind"];
export type Status = Node["status"];
export type Direction = Node["direction"];
export type Cycle = Schemas["Cycle"];
export type CreateBody =
  paths["/api/orgs/{org}/nodes"]["post"]["requestBody"]["content"]["application/json"];
export type UpdateBody =
  paths["/api/orgs/{org}/nodes/{id}"]["patch"]["requestBody"]["content"]["application/json"];

export const KINDS: { kind: Kind; blurb: string }[] = [
  { kind: "goal", blurb: "What a unit or a person commits to deliver." },
  { kind: "key_result", blurb: "A measurable outcome that shows an objective is met." },
  { kind: "objective", blurb: "A strategic objective: where the organization is going." },
  { kind: "kpi", blurb: "A measure of the health of the running business." },
  { kind: "initiative", blurb: "A change project that moves a goal forward." },
];
export const STATUSES: [Status, string][] = [
  ["draft", "Draft — not committed yet"],
  ["active", "Active"],
  ["done", "Done"],
  ["cancelled", "Cancelled"],
];

export type Owner<T> = T | null;

export interface FormState {
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

export const EMPTY: FormState = {
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
export function fieldIdOf(path: string, s: FormState): string | null {
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
export const ORDER = [
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
export const FIELD_NAMES: Record<string, string> = {
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
export const orderOf = (path: string) => {
  const head = path.split(".")[0]!;
  const i = ORDER.indexOf(head);
  return i < 0 ? ORDER.length : i;
};

export function fromNode(n: Node): FormState {
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
export function confidenceValue(text: string): number | string | null {
  const v = numberOrRaw(text.replace(/%\s*$/, ""));
  return typeof v === "number" ? Math.round(v * 10) / 1000 : v;
}

export function bodyOf(s: FormState) {
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
export function clientErrors(s: FormState): Record<string, string> {
  const errors: Record<string, string> = {};
  const c = confidenceValue(s.confidence);
  if (typeof c === "number" && (c < 0 || c > 1)) {
    errors.confidence = "enter a confidence from 0 to 100 %";
  }
  return errors;
}

export function useCycles() {
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
export function currentCycle(cycles: Cycle[]): Cycle | undefined {
  const today = new Date().toISOString().slice(0, 10);
  const now = cycles.filter((c) => c.startsOn <= today && today <= c.endsOn);
  return now.find((c) => c.kind === "quarter") ?? now[0];
}

/** What each section of the form gets: the state, the messages by field, and the setter. */
export interface SectionProps {
  state: FormState;
  errors: Record<string, string>;
  set: <K extends keyof FormState>(key: K, value: FormState[K], path?: string) => void;
}
