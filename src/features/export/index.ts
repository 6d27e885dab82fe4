/** The export feature's public entry: what other features may use. */
export { bundleToCsv, CSV_TABLES, exportBundle } from "./export.js";
