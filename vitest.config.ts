import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // Lab programs are real Go processes; building them once takes a while on 2 cores.
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: "forks",
  },
});
