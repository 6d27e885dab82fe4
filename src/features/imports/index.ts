/** The imports feature's public entry: what other features and the composition roots use. */
export { registerImportCommands } from "./imports.commands.js";
export { transferRoutes } from "./transfer.routes.js";
