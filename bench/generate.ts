/** Moved into the product (accord demo --size): src/features/demo/synthetic/generate.ts. */
export * from "../src/features/demo/synthetic/generate.js";
