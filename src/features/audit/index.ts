/** The audit feature's public entry: what other features may use. */

export { registerAuditCommands } from "./audit.commands.js";
export { auditRoutes } from "./audit.routes.js";
