/** The alignment feature's public entry: what other features may use. */
export { followChanges, modelOf } from "./alignment.js";
export { applyOwnWrite, residentRevision } from "./live-engine.js";
export { loadSnapshot } from "./snapshot.repo.js";
