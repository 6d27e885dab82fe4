/** Moved into the product (accord demo --size): src/features/demo/synthetic/words.ts. */
export * from "../src/features/demo/synthetic/words.js";
