import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/station/**/*.test.ts', 'test/forms/**/*.test.ts', 'test/export/**/*.test.ts', 'test/cli/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    globalSetup: ['test/setup/key-dir.ts'],
  },
});
