/** The alignment feature's public entry: what other features may use. */
export { modelOf } from "./alignment.js";
export { loadSnapshot } from "./snapshot.repo.js";
