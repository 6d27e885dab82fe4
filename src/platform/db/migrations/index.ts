import type { Migration, MigrationProvider } from "kysely/migration";
import * as core from "./2026_11_23_0001_core.js";
import * as audit from "./2026_11_23_0002_audit.js";
import * as accounts from "./2026_11_23_0003_accounts.js";
import * as tokenExpiry from "./2026_12_02_0001_token_expiry.js";
import * as changeFeed from "./2026_12_02_0002_change_feed.js";
import * as queryIndexes from "./2026_12_02_0003_query_indexes.js";
import * as auditHead from "./2026_12_02_0004_audit_head.js";
import * as trendSteps from "./2026_12_07_0001_trend_steps.js";
import * as trendStepsRecent from "./2026_12_07_0002_trend_steps_recent.js";
import * as trendItemsUnchanged from "./2026_12_07_0003_trend_items_unchanged.js";

/** Migrations, in order. Names are timestamps; a released migration never changes. */
const MIGRATIONS: Record<string, Migration> = {
  "2026_11_23_0001_core": core,
  "2026_11_23_0002_audit": audit,
  "2026_11_23_0003_accounts": accounts,
  "2026_12_02_0001_token_expiry": tokenExpiry,
  "2026_12_02_0002_change_feed": changeFeed,
  "2026_12_02_0003_query_indexes": queryIndexes,
  "2026_12_02_0004_audit_head": auditHead,
  "2026_12_07_0001_trend_steps": trendSteps,
  "2026_12_07_0002_trend_steps_recent": trendStepsRecent,
  "2026_12_07_0003_trend_items_unchanged": trendItemsUnchanged,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
