import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // A cold PGlite takes about 2 s to start; PostgreSQL schemas are created per test.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
