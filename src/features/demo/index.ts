/** The demo feature's public entry: what other features may use. */
export { loadDemo } from "./demo.js";
