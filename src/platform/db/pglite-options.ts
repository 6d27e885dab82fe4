import { PGlite, type PGliteOptions } from "@electric-sql/pglite";
import { PGLITE_PARSERS } from "./parsers.js";

/**
 * PostgreSQL's shared buffers in the embedded database. PGlite starts with initdb's 128 MB,
 * which the WebAssembly heap takes and touches page by page while it opens: about 100 ms of
 * a start (M: 370 → 260 ms to open the data directory) and as much resident memory, whether
 * or not the organization needs it. Large scans (COPY of a whole table) read through a small
 * ring of buffers whatever this is; what stays is the hot part of the indexes, which fits.
 */
export const PGLITE_SHARED_BUFFERS = "32MB";

/** How every embedded database is opened (in process, or in its thread: pglite-worker.ts). */
export const pgliteOptions = (): PGliteOptions => ({
  parsers: PGLITE_PARSERS,
  startParams: [...PGlite.defaultStartParams, "-c", `shared_buffers=${PGLITE_SHARED_BUFFERS}`],
});
