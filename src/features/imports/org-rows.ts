import { z } from "zod";
import type { UnitKind } from "../../core/types.js";
import { cellFraction, cellText } from "./report.js";

/** An org-chart CSV's columns and what a valid row holds. */

export const ORG_COLUMNS = [
  "id",
  "name",
  "email",
  "title",
  "manager_id",
  "division",
  "department",
  "team",
  "share",
] as const;

/** The unit path of a row, from the company down. */
export const LEVELS: readonly (UnitKind & ("division" | "department" | "team"))[] = [
  "division",
  "department",
  "team",
];

export const OrgRow = z.object({
  id: cellText(100),
  name: cellText(200).optional(),
  email: z
    .email({ error: (i) => `is not a valid e-mail address: ${JSON.stringify(i.input)}` })
    .max(254, { error: "must be at most 254 characters" })
    .optional(),
  title: cellText(200).optional(),
  manager_id: cellText(100).optional(),
  division: cellText(200).optional(),
  department: cellText(200).optional(),
  team: cellText(200).optional(),
  share: cellFraction({ gtZero: true }).optional(),
});
export type OrgRowData = z.infer<typeof OrgRow>;

/** The name of a person the file does not name: "Chief Executive Officer (E0001)". */
export const defaultName = (title: string, externalId: string) =>
  title ? `${title} (${externalId})` : externalId;
