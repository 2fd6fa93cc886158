import { Hono } from 'hono'
import { html } from 'hono/html'
import type { AppEnv } from '../context.js'

/** Swagger UI for the OpenAPI document, with its script and styles served by the app itself (no CDN). */
export const docsRoutes = new Hono<AppEnv>().get('/', (c) =>
  c.html(html`<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>API — storyledger</title>
    <link rel="stylesheet" href="/assets/swagger/swagger-ui.css" />
  </head>
  <body>
    <main id="swagger-ui"><h1>storyledger API</h1><p>The API reference needs JavaScript; the document itself is at <a href="/api/openapi.json">/api/openapi.json</a>.</p></main>
    <script src="/assets/swagger/swagger-ui-bundle.js"></script>
    <script src="/assets/swagger/docs.js"></script>
  </body>
</html>`),
)
