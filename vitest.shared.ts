import { defineConfig } from 'vitest/config'

/** Tests run on the TypeScript sources of workspace packages (the `@storyledger/source` export condition). */
export const sharedConfig = defineConfig({
  resolve: { conditions: ['@storyledger/source', 'module', 'node', 'development|production'] },
  ssr: { resolve: { conditions: ['@storyledger/source', 'node', 'development|production'] } },
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // In CI, name every test, so the log shows the store suite running on each backend.
    reporters: process.env.CI ? ['verbose'] : ['default'],
  },
})
