import { Hono } from 'hono'
import type { AppEnv } from '../context.js'
import { problemResponse } from '../lib/problem.js'

/** Liveness (`/healthz`: the process answers) and readiness (`/readyz`: the database answers too). */
export const healthRoutes = new Hono<AppEnv>()
  .get('/healthz', (c) => c.json({ ok: true }))
  .get('/readyz', async (c) => {
    try {
      // One indexed row: cheap, and it goes through the same pool as every other query.
      const head = await c.var.deps.store.head()
      return c.json({ ready: true, treeSize: head.treeSize })
    } catch {
      return problemResponse(c, { title: 'The database does not answer', status: 503, code: 'NOT_READY' })
    }
  })
