/** The alignment feature's public entry: what other features may use. */
export { followChanges, modelOf } from "./alignment.js";
export { beginOwnWrite, engineStats, residentRevision } from "./live-engine.js";
export { loadSnapshot } from "./snapshot.repo.js";
