/** Moved into the product (accord demo --size): src/features/demo/synthetic/checkins.ts. */
export * from "../src/features/demo/synthetic/checkins.js";
