export { type Change, type ChangeEvent, changedFields, recordChange } from "./changes.js";
export { bumpRevision, changeEventsSince } from "./changes.repo.js";
