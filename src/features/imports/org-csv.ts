import type { Ctx } from "../../platform/context.js";
import { mustAdminister } from "../accounts/index.js";
import { writeOrg } from "./org-csv.repo.js";
import { planOrg } from "./org-plan.js";
import { ORG_COLUMNS, OrgRow } from "./org-rows.js";
import type { CsvText, ImportOptions, ImportReport } from "./report.js";
import { runImport } from "./run-import.js";

/**
 * `accord import org`: people, their managers and their units from an org-chart CSV.
 * Re-importing is an upsert by the person's external id; units are matched by name under
 * the same parent, so importing the same file twice creates nothing new.
 * The rows are read in org-rows.ts, checked and planned in org-plan.ts (units in
 * org-units.ts, manager chains in org-managers.ts) and written by org-csv.repo.ts.
 */

export { defaultName, ORG_COLUMNS } from "./org-rows.js";

export async function importOrgCsv(
  ctx: Ctx,
  orgId: string,
  csv: CsvText,
  opts: ImportOptions = {},
): Promise<ImportReport> {
  await mustAdminister(ctx, orgId, "import org charts");
  return runImport(ctx, orgId, csv, opts, {
    kind: "org",
    columns: { required: ["id"], known: ORG_COLUMNS },
    row: OrgRow,
    key: "id",
    plan: planOrg,
    summary: (plan) => ({
      preview: plan.preview,
      created: {
        people: plan.newPeople.length,
        units: plan.newUnits.length,
        memberships: plan.membershipsAdded,
      },
      updated: {
        people: plan.changedPeople.length,
        units: plan.leaderUpdates.length,
        memberships: plan.membershipsChanged,
      },
    }),
    write: writeOrg,
    tables: ["people", "units", "memberships"],
  });
}
