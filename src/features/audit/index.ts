/** The audit feature's public entry: what other features may use. */
export { recordChange } from "./audit.js";
export { auditRoutes } from "./audit.routes.js";
