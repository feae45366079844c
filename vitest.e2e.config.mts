import { defineConfig } from "vitest/config";

// Checks on the executed notebooks' HTML pages (run after scripts/run-notebooks.mjs).
export default defineConfig({
  test: {
    include: ["test/e2e/**/*.test.ts"],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: "forks",
    maxWorkers: 1,
    // tests marked concurrent (html-pages: one page each) run two at a time: one per core
    maxConcurrency: 2,
  },
});
