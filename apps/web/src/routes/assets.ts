import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { Hono } from 'hono'
import type { AppEnv } from '../context.js'
import { stylesheet } from '../pages/stylesheet.js'

const swaggerDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'))
const swaggerFiles: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
}
const cache = new Map<string, Promise<Buffer>>()

/** The stylesheet, and the API docs page's script and styles, served locally: no CDN at run time. */
export const assetRoutes = new Hono<AppEnv>()
  .get('/style.css', (c) =>
    c.body(stylesheet, 200, {
      'content-type': 'text/css; charset=utf-8',
      'cache-control': 'public, max-age=300',
    }),
  )
  .get('/swagger/docs.js', (c) =>
    c.body(
      "window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', deepLinking: true })\n",
      200,
      { 'content-type': 'text/javascript; charset=utf-8' },
    ),
  )
  .get('/swagger/:file', async (c) => {
    const file = c.req.param('file')
    const type = swaggerFiles[file]
    if (type === undefined) return c.notFound()
    let body = cache.get(file)
    if (body === undefined) {
      body = readFile(join(swaggerDir, file))
      cache.set(file, body)
    }
    return c.body(new Uint8Array(await body), 200, {
      'content-type': type,
      'cache-control': 'public, max-age=86400',
    })
  })
