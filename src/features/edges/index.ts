/** The edges feature's public entry: what other features may use. */
export { addEdge } from "./edges.js";
export { edgesOfNodes } from "./edges.repo.js";
export { EdgeSchema } from "./edges.schemas.js";
