import { createPgliteTemplate } from '@storyledger/core/store'
import { BUILT_PGLITE_TEMPLATE, prepareTemplate } from './pglite-template.js'

// Run by `pnpm build` after tsc.
const started = performance.now()
await createPgliteTemplate(BUILT_PGLITE_TEMPLATE, { prepare: prepareTemplate })
console.log(
  `PGlite template made in ${BUILT_PGLITE_TEMPLATE} (${Math.round(performance.now() - started)} ms)`,
)
