import type { Context } from 'hono'
import { html } from 'hono/html'
import type { Child } from 'hono/jsx'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { AppEnv } from '../context.js'
import { Layout } from './layout.js'

/** Renders a page inside the layout, with the doctype that hono/jsx leaves out. */
export function renderPage(
  c: Context<AppEnv>,
  title: string,
  body: Child,
  status: ContentfulStatusCode = 200,
): Response | Promise<Response> {
  const page = (
    <Layout title={title} teacher={c.var.teacher} path={c.req.path}>
      {body}
    </Layout>
  )
  return c.html(html`<!DOCTYPE html>${page}`, status)
}
