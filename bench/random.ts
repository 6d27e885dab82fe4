/** Moved into the product (accord demo --size): src/features/demo/synthetic/random.ts. */
export * from "../src/features/demo/synthetic/random.js";
