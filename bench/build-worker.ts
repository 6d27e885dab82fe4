/**
 * Times LiveModel.fromColumns (the server's full pass on a cold load) in a thread whose heap
 * holds only the columns, as the server's does. In the benchmark's own thread the heap also
 * holds the generated enterprise, its snapshot and the first engine's analysis (about
 * 570 MB at XL), and every collection the build's allocations set off marks all of it:
 * at XL that doubled the figure (1.7-2.7 s instead of 0.8-1.1 s, measured side by side).
 */
import v8 from "node:v8";
import vm from "node:vm";
import { parentPort, workerData } from "node:worker_threads";
import { IdColumn } from "../src/core/id-column.js";
import { type LiveColumns, LiveModel } from "../src/core/live.js";

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;

export interface BuildInput {
  /** The columns, their edge ids as the column's parts (a class does not cross threads). */
  columns: Omit<LiveColumns, "edges"> & {
    edges: Omit<LiveColumns["edges"], "ids">;
    edgeIds: { words: Uint32Array; form: Uint8Array; others: [number, string][] };
  };
  runs: number;
}

export interface BuildResult {
  times: number[];
  /** The last model's progress per node, to check against the engine's. */
  ids: string[];
  progress: Float64Array;
}

const { columns, runs } = workerData as BuildInput;
const { edgeIds, ...rest } = columns;
const input: LiveColumns = {
  ...rest,
  edges: { ...rest.edges, ids: IdColumn.fromParts(edgeIds.words, edgeIds.form, edgeIds.others) },
};
LiveModel.fromColumns(input); // warm-up
const times: number[] = [];
let last: LiveModel | null = null;
for (let r = 0; r < runs; r++) {
  last = null;
  gc();
  const t0 = performance.now();
  last = LiveModel.fromColumns(input);
  times.push(performance.now() - t0);
}
const model = last!;
const result: BuildResult = {
  times,
  ids: model.ids.slice(0, model.n),
  progress: model.progress.slice(0, model.n),
};
parentPort!.postMessage(result);
