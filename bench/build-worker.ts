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
import { IdIndex } from "../src/core/idindex.js";
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
  /** Building the node and person id indexes, which the server's loader does (loadColumns). */
  indexTimes: number[];
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
// The id indexes come with the columns from the server's loader, which builds them to resolve
// edge ends and owners while it reads (and the owners resolved: nodes.ownerPerson). Timed
// apart: the full pass is the build from what the loader hands over.
const indexed = () => ({
  ...input,
  nodeIndex: new IdIndex(input.nodes.ids),
  personIndex: new IdIndex(input.people.ids),
});
LiveModel.fromColumns(indexed()); // warm-up
const times: number[] = [];
const indexTimes: number[] = [];
// Each build runs while the previous model is alive, as a server's rebuild does (the old model
// answers until the new one is ready). Letting it die first, collected just before the build,
// cost more than the build at M: the optimized build code depends on objects of the dead
// model and is thrown away and recompiled at every run (M: 15-20 ms → 30-80 ms).
let last: LiveModel | null = null;
for (let r = 0; r < runs; r++) {
  gc();
  const t0 = performance.now();
  const withIndexes = indexed();
  const t1 = performance.now();
  last = LiveModel.fromColumns(withIndexes);
  times.push(performance.now() - t1);
  indexTimes.push(t1 - t0);
}
const model = last!;
const result: BuildResult = {
  times,
  indexTimes,
  ids: model.ids.slice(0, model.n),
  progress: model.progress.slice(0, model.n),
};
parentPort!.postMessage(result);
