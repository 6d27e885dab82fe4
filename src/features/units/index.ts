/** The units feature's public entry: what other features may use. */
export { unitsRepo } from "./units.repo.js";
