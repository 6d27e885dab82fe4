/** The alignment feature's public entry: what other features may use. */
export { registerAlignmentCommands } from "./alignment.commands.js";
export { analysisOf } from "./alignment.js";
export { alignmentRoutes } from "./alignment.routes.js";
export { loadSnapshot } from "./snapshot.repo.js";
