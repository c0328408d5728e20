// Test runner configuration: tests sit beside the code and resolve workspace packages to their sources.
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"] } },
  test: {
    include: ["packages/*/src/**/*.test.ts"],
    testTimeout: 60_000,
  },
});
