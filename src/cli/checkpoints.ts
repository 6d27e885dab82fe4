import path from "node:path";
import { checkpointStore } from "../features/alignment/index.js";
import { redactedUrl } from "../platform/db/connect.js";
import { defaultDataDir } from "../platform/db/early.js";

/** Whether resident models are kept in checkpoint files (ACCORD_MODEL_CHECKPOINTS=0: off). */
export function checkpointsWanted(): boolean {
  // (The benchmark's baseline engine, ACCORD_ENGINE=reload, keeps no model to restart from.)
  return !(process.env.ACCORD_MODEL_CHECKPOINTS === "0" || process.env.ACCORD_ENGINE === "reload");
}

/**
 * Where the models' checkpoints of a database live: beside a PGlite data directory
 * (`<dir>.models`), in ./.accord/models with PostgreSQL, or ACCORD_MODEL_DIR. The server
 * (serve.ts) and the commands that load an organization in bulk (`accord demo --size`) use
 * the same place, so that a server's first start after such a load reads the checkpoint.
 */
export function checkpointPlace(dataDir: string | null = null) {
  const url = process.env.DATABASE_URL;
  const location = url ? redactedUrl(url) : (dataDir ?? defaultDataDir());
  const dir =
    process.env.ACCORD_MODEL_DIR ??
    (url ? path.resolve(".accord", "models") : `${location}.models`);
  return checkpointStore(dir, location);
}
