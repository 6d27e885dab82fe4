/** The goals feature's public entry: what other features may use. */
export { getNode } from "./goals.js";
export { nodesRepo } from "./goals.repo.js";
export { NodeSchema } from "./goals.schemas.js";
export { linksOf } from "./links.js";
