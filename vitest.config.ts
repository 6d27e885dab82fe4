import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts", "bench/**/*.test.ts", "e2e/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 60_000,
    // Browser tests wait for the page; a busy 2-core CI machine needs more than 1 s.
    expect: { poll: { timeout: 20_000, interval: 100 } },
    hookTimeout: 120_000,
    // PGlite instances are large; two workers match the two cores CI has.
    maxWorkers: 2,
  },
});
