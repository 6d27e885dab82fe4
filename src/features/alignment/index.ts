/** The alignment feature's public entry: what other features may use. */
export { followChanges, modelOf } from "./alignment.js";
export { keepCheckpoints } from "./checkpoint.js";
export { beginOwnWrite, engineStats, residentRevision, saveCheckpoints } from "./live-engine.js";
export { loadSnapshot } from "./snapshot.repo.js";
