import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    globalSetup: ["test/support/lab-setup.ts"],
    // Lab programs are real Go processes; building them once takes a while on 2 cores.
    testTimeout: 120_000,
    hookTimeout: 600_000,
    pool: "forks",
  },
});
