/** The orgs feature's public entry: what other features may use. */

export { orgOf } from "./org-of.js";
export { registerOrgCommands } from "./orgs.commands.js";
export { getOrg, openOrg } from "./orgs.js";
export {
  deleteOrg,
  findOrg,
  getRevision,
  insertOrg,
  listOrgs,
  type Organization,
} from "./orgs.repo.js";
export { orgRoutes } from "./orgs.routes.js";
