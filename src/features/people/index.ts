/** The people feature's public entry: what other features may use. */
export { peopleRepo } from "./people.repo.js";
