/** The export feature's public entry: what other features may use. */
export { registerExportCommands } from "./export.commands.js";
export { bundleToCsv, CSV_TABLES, exportBundle } from "./export.js";
