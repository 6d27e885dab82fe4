import { ApiFailure, type Schemas } from "../api/client.js";

/** The import report as the page reads it: its types, counted nouns, and a refusal's issues. */

export type Report = Schemas["ImportReport"];
export type Issue = Report["issues"][number];
export type What = Report["kind"];
export type Row = Record<string, unknown>;

/** The file as read in the browser: it is sent again, unchanged, for the real import. */
export interface Loaded {
  name: string;
  size: number;
  text: string;
}

const NOUNS: Record<string, [string, string]> = {
  people: ["person", "people"],
  units: ["unit", "units"],
  memberships: ["membership", "memberships"],
  nodes: ["goal or objective", "goals and objectives"],
  edges: ["link", "links"],
};
const count = (n: number, key: string) => {
  const [one, many] = NOUNS[key] ?? [key, key];
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
};
export const counts = (c: Record<string, number>) =>
  Object.entries(c)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => count(n, k));
export const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString()} ${n === 1 ? one : many}`;

/** The issues an import refused with (400 import_failed), in the shape of a report. */
export function issuesOf(err: unknown): Issue[] | null {
  if (!(err instanceof ApiFailure)) return null;
  const issues = (err.error.details as { issues?: Issue[] } | null)?.issues;
  return Array.isArray(issues) && issues.every((i) => typeof i.line === "number") ? issues : null;
}

export function formatSize(bytes: number) {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 102.4) / 10} KB`;
  return `${Math.round(bytes / (1024 * 102.4)) / 10} MB`;
}
