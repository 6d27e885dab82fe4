/** The checkins feature's public entry: what other features and the composition roots use. */
export { checkinBatchStats } from "./batch.js";
