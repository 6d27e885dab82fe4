/** Moved into the product (accord demo --size): src/features/demo/synthetic/pair-set.ts. */
export * from "../src/features/demo/synthetic/pair-set.js";
