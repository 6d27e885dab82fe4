/** The alignment feature's public entry: what other features may use. */
export { followChanges, leaveCheckpoint, modelAfter, modelOf } from "./alignment.js";
export { checkpointStore, keepCheckpoints, preloadCheckpoints } from "./checkpoint.js";
export {
  beginOwnWrite,
  engineStats,
  residentRevision,
  saveCheckpoints,
  yieldToLoop,
} from "./live-engine.js";
export { loadSnapshot } from "./snapshot.repo.js";
