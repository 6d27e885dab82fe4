/** The units feature's public entry: what other features may use. */
export { dropUndefined } from "./units.repo.js";
