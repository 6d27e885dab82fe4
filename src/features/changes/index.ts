/** The changes feature's public entry: reading the change feed. */
export { changesSince } from "./changes.js";
