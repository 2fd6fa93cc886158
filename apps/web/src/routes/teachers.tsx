import { addTeacher, listTeachers, TeacherName } from '@storyledger/classroom'
import { Hono } from 'hono'
import type { AppEnv } from '../context.js'
import { formBody } from '../lib/form-body.js'
import { requireTeacher } from '../middleware/session.js'
import { renderPage } from '../pages/render.js'

function TeachersPage(props: {
  teachers: Awaited<ReturnType<typeof listTeachers>>
  link?: { name: string; url: string; expiresAt: string } | undefined
  error?: string | undefined
  name?: string
}) {
  return (
    <>
      <h1>Teachers</h1>
      {props.link ? (
        <div class="notice good" role="status">
          <p>
            <strong>{props.link.name}</strong> can sign in once with this link, until{' '}
            {props.link.expiresAt.slice(0, 10)}. It is shown only now:
          </p>
          <p class="hash">{props.link.url}</p>
        </div>
      ) : null}
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Last signed in</th>
            </tr>
          </thead>
          <tbody>
            {props.teachers.map((t) => (
              <tr>
                <td>{t.name}</td>
                <td>{t.role}</td>
                <td>{t.lastSignedInAt ? t.lastSignedInAt.slice(0, 16).replace('T', ' ') : 'never'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>Add a teacher</h2>
      <form method="post" action="/teachers" class="inline-form card" novalidate>
        <div class="field">
          <label for="name">Name</label>
          <input
            type="text"
            id="name"
            name="name"
            value={props.name ?? ''}
            aria-invalid={props.error ? 'true' : undefined}
            aria-describedby={props.error ? 'name-error' : undefined}
          />
          {props.error ? (
            <span class="error" id="name-error">
              {props.error}
            </span>
          ) : null}
        </div>
        <button type="submit">Add and get a sign-in link</button>
      </form>
    </>
  )
}

/** The owner's page: the teachers, and adding one (which gives a one-time sign-in link). */
export const teacherRoutes = new Hono<AppEnv>()
  .use(requireTeacher('owner'))
  .get('/', async (c) =>
    renderPage(c, 'Teachers', <TeachersPage teachers={await listTeachers(c.var.deps.database)} />),
  )
  .post('/', async (c) => {
    const { database, clock } = c.var.deps
    const body = await formBody(c)
    const raw = typeof body.name === 'string' ? body.name : ''
    const name = TeacherName.safeParse(raw)
    const outcome = name.success ? await addTeacher(database, { name: name.data, now: clock() }) : undefined
    if (outcome === undefined || !('token' in outcome)) {
      const error = name.success
        ? 'A teacher of that name already exists'
        : (name.error.issues[0]?.message ?? 'invalid')
      return renderPage(
        c,
        'Teachers',
        <TeachersPage teachers={await listTeachers(database)} error={error} name={raw} />,
        400,
      )
    }
    const url = new URL(`/sign-in?token=${outcome.token}`, c.req.url).href
    return renderPage(
      c,
      'Teachers',
      <TeachersPage
        teachers={await listTeachers(database)}
        link={{ name: outcome.teacher.name, url, expiresAt: outcome.expiresAt }}
      />,
    )
  })
