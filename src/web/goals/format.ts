/** How the Unit, Goal and My work pages write numbers, metrics and dates. */

const numberFormat = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 2 });

/** "20,200 pairs/week", "71.1%", "€19.80"-style values with their metric unit. */
export function metric(value: number | null | undefined, unit: string | null | undefined): string {
  if (value === null || value === undefined) return "—";
  const n = numberFormat.format(value);
  if (!unit) return n;
  if (unit === "€" || unit === "$" || unit === "£") return `${unit}${n}`;
  if (unit.startsWith("%")) return `${n}${unit}`;
  return `${n} ${unit}`;
}

export const number = (v: number) => numberFormat.format(v);

const dateFormat = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
});
const dateTimeFormat = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
});

export const date = (iso: string | null | undefined) =>
  iso ? dateFormat.format(new Date(iso)) : "—";
export const dateTime = (iso: string | null | undefined) =>
  iso ? dateTimeFormat.format(new Date(iso)) : "—";

/** "overdue by 3 days", "due today", "due in 5 days". */
export function due(iso: string | null | undefined): string {
  if (!iso) return "no check-in needed";
  const days = Math.round((new Date(iso).getTime() - Date.now()) / 86_400_000);
  if (days < 0) return `overdue by ${-days} day${days === -1 ? "" : "s"}`;
  if (days === 0) return "due today";
  if (days === 1) return "due tomorrow";
  return `due in ${days} days`;
}

export const STATUS_LABEL: Record<string, string> = {
  draft: "Draft",
  active: "Active",
  done: "Done",
  cancelled: "Cancelled",
};

export const UNIT_KIND_LABEL: Record<string, string> = {
  company: "Company",
  division: "Division",
  department: "Department",
  team: "Team",
};

export const cadence = (days: number) =>
  days === 7 ? "weekly" : days === 14 ? "every two weeks" : `every ${days} days`;
