export {
  type Change,
  type ChangeEvent,
  changedFields,
  recordChange,
  recordChanges,
  type StartedChange,
  startChange,
} from "./changes.js";
export { bumpRevision, CHANGES_CHANNEL, changeEventsSince } from "./changes.repo.js";
