/** The orgs feature's public entry: what other features may use. */

export { orgOf } from "./org-of.js";
export { allOrgs, getOrg, openOrg, revisionFor } from "./orgs.js";
export {
  deleteOrg,
  findOrg,
  getRevision,
  insertOrg,
  listOrgs,
  type Organization,
} from "./orgs.repo.js";
