/** The demo feature's public entry: what other features may use. */

export { registerDemoCommands } from "./demo.commands.js";
export { loadDemo } from "./demo.js";
