import {
  type EventType,
  EventValidationError,
  eventCatalogue,
  isClassroomEventType,
  isEventType,
  issuesFrom,
  StoryledgerError,
  StreamId,
  storyEventTypes,
  validateNewEvents,
} from '@storyledger/core'
import { entitiesOf } from '@storyledger/projection'
import type { Context } from 'hono'
import { Hono } from 'hono'
import type { AppEnv } from '../context.js'
import {
  dataFieldsOf,
  eventFromForm,
  type FieldSpec,
  type FormValues,
  fieldNamesOf,
  fieldOfIssue,
  formMessage,
  formValuesOf,
} from '../forms/event-form.js'
import { formBody } from '../lib/form-body.js'
import { requireTeacher } from '../middleware/session.js'
import { renderPage } from '../pages/render.js'

const clientCodes = new Set([
  'UNKNOWN_EVENT_REFERENCE',
  'EVENT_ID_REUSED',
  'STREAM_VERSION_CONFLICT',
  'INVALID_ARGUMENT',
])

type Errors = Readonly<Record<string, readonly string[]>>

const describedBy = (name: string, errors: Errors, hint?: string) =>
  [errors[name] ? `${name}-error` : '', hint ? `${name}-hint` : ''].filter(Boolean).join(' ') || undefined

function FieldError(props: { name: string; errors: Errors }) {
  const messages = props.errors[props.name]
  if (!messages) return null
  return (
    <span class="error" id={`${props.name}-error`}>
      {messages.join('; ')}
    </span>
  )
}

function Input(props: {
  name: string
  label: string
  values: FormValues
  errors: Errors
  required?: boolean
  hint?: string | undefined
  long?: boolean
  list?: string
  type?: 'text' | 'number' | 'url'
}) {
  const invalid = props.errors[props.name] ? 'true' : undefined
  const common = {
    id: props.name,
    name: props.name,
    'aria-invalid': invalid,
    'aria-describedby': describedBy(props.name, props.errors, props.hint),
  }
  return (
    <div class="field">
      <label for={props.name}>
        {props.label}
        {props.required ? ' (required)' : ''}
      </label>
      {props.long ? (
        <textarea {...common} rows={3}>
          {props.values[props.name] ?? ''}
        </textarea>
      ) : (
        <input
          {...common}
          type={props.type ?? 'text'}
          step={props.type === 'number' ? 'any' : undefined}
          value={props.values[props.name] ?? ''}
          list={props.list}
          autocomplete="off"
        />
      )}
      {props.hint ? (
        <span class="hint" id={`${props.name}-hint`}>
          {props.hint}
        </span>
      ) : null}
      <FieldError name={props.name} errors={props.errors} />
    </div>
  )
}

function DataField(props: { spec: FieldSpec; values: FormValues; errors: Errors }) {
  const { spec, values, errors } = props
  switch (spec.kind) {
    case 'group':
      return (
        <fieldset>
          <legend>{spec.label}</legend>
          {(spec.children ?? []).map((child) => (
            <DataField spec={child} values={values} errors={errors} />
          ))}
          <FieldError name={spec.name} errors={errors} />
        </fieldset>
      )
    case 'boolean':
      return (
        <div class="field">
          <label class="check">
            <input type="checkbox" name={spec.name} checked={values[spec.name] === 'on'} /> {spec.label}
          </label>
          <FieldError name={spec.name} errors={errors} />
        </div>
      )
    case 'select':
      return (
        <div class="field">
          <label for={spec.name}>
            {spec.label}
            {spec.required ? ' (required)' : ''}
          </label>
          <select
            id={spec.name}
            name={spec.name}
            aria-invalid={errors[spec.name] ? 'true' : undefined}
            aria-describedby={describedBy(spec.name, errors)}
          >
            {spec.required ? null : <option value="">—</option>}
            {(spec.options ?? []).map((option) => (
              <option value={option} selected={values[spec.name] === option}>
                {option.replaceAll('_', ' ')}
              </option>
            ))}
          </select>
          <FieldError name={spec.name} errors={errors} />
        </div>
      )
    default:
      return (
        <Input
          name={spec.name}
          label={spec.label}
          values={values}
          errors={errors}
          required={spec.required}
          hint={spec.hint}
          long={spec.kind === 'longtext' || spec.kind === 'json'}
          type={spec.kind === 'number' || spec.kind === 'integer' ? 'number' : 'text'}
          {...(spec.entity ? { list: 'entities' } : {})}
        />
      )
  }
}

interface FormPageProps {
  type: EventType
  streams: readonly string[]
  stream: string
  entities: readonly { id: string; name: string }[]
  values: FormValues
  errors: Errors
  general: readonly string[]
}

function DevelopmentForm(props: FormPageProps) {
  const { values, errors } = props
  return (
    <>
      <h1>Record a development</h1>
      <p class="lede">
        Every development is checked against the event catalogue before it is written, and once written it
        stays: mistakes are put right by a correction or a retraction.
      </p>
      <form method="get" action="/developments/new" class="inline-form card">
        <div class="field">
          <label for="type-choice">Kind of development</label>
          <select id="type-choice" name="type">
            {storyEventTypes.map((type) => (
              <option value={type} selected={type === props.type}>
                {type}
              </option>
            ))}
          </select>
        </div>
        <input type="hidden" name="stream" value={props.stream} />
        <button type="submit" class="secondary">
          Show its form
        </button>
      </form>
      {props.general.length > 0 || Object.keys(errors).length > 0 ? (
        <div class="notice bad" role="alert">
          <strong>Nothing was recorded.</strong>{' '}
          {props.general.length > 0 ? props.general.join(' ') : 'Please fix the fields marked below.'}
        </div>
      ) : null}
      <form method="post" action={`/developments?type=${props.type}`} class="stacked" novalidate>
        <fieldset>
          <legend>{props.type}</legend>
          <div class="field">
            <label for="stream">Story</label>
            <select id="stream" name="stream">
              {props.streams.map((stream) => (
                <option value={stream} selected={stream === props.stream}>
                  {stream}
                </option>
              ))}
            </select>
            <FieldError name="stream" errors={errors} />
          </div>
          {dataFieldsOf(props.type).map((spec) => (
            <DataField spec={spec} values={values} errors={errors} />
          ))}
        </fieldset>
        <fieldset>
          <legend>When</legend>
          <Input
            name="occurredOn"
            label="Happened on"
            required
            values={values}
            errors={errors}
            hint="YYYY-MM-DD, YYYY-MM, YYYY, or unknown when no source dates it"
          />
          <Input name="reportedOn" label="Reported on" values={values} errors={errors} hint="YYYY-MM-DD" />
        </fieldset>
        <fieldset>
          <legend>Source</legend>
          <Input name="source.outlet" label="Outlet" values={values} errors={errors} hint="e.g. Reuters" />
          <Input
            name="source.attribution"
            label="Citing"
            values={values}
            errors={errors}
            hint="Who the outlet cites, e.g. a source familiar with the matter"
          />
          <Input name="source.title" label="Title" values={values} errors={errors} />
          <Input name="source.url" label="Address" type="url" values={values} errors={errors} />
          <Input name="source.publishedOn" label="Published on" values={values} errors={errors} />
        </fieldset>
        <Input name="reason" label="Note for the log" long values={values} errors={errors} />
        <div>
          <button type="submit">Record it</button>
        </div>
        <datalist id="entities">
          {props.entities.map((entity) => (
            <option value={entity.id}>{entity.name}</option>
          ))}
        </datalist>
      </form>
    </>
  )
}

async function renderForm(
  c: Context<AppEnv>,
  type: EventType,
  stream: string | undefined,
  values: FormValues,
  errors: Errors = {},
  general: readonly string[] = [],
) {
  const { store } = c.var.deps
  const streams = (await store.listStreams({ prefix: 'story/' })).map((s) => s.streamId)
  const chosen = stream !== undefined && streams.includes(stream) ? stream : (streams[0] ?? '')
  const entities = chosen ? [...entitiesOf(await store.readStream(chosen)).values()] : []
  const status = general.length > 0 || Object.keys(errors).length > 0 ? 400 : 200
  return renderPage(
    c,
    'Record a development',
    <DevelopmentForm
      type={type}
      streams={streams}
      stream={chosen}
      entities={entities.map((e) => ({ id: e.entityId, name: e.name }))}
      values={values}
      errors={errors}
      general={general}
    />,
    status,
  )
}

function typeOf(c: Context<AppEnv>): EventType {
  const type = c.req.query('type') ?? 'InterestExpressed'
  return isEventType(type) && !isClassroomEventType(type) ? type : 'InterestExpressed'
}

/** Recording developments (teachers): a form per event type, checked by the catalogue's own schemas. */
export const developmentRoutes = new Hono<AppEnv>()
  .use(requireTeacher())
  .get('/new', (c) => renderForm(c, typeOf(c), c.req.query('stream'), c.req.query()))
  .post('/', async (c) => {
    const type = typeOf(c)
    const values = formValuesOf(await formBody(c))
    const stream = StreamId.safeParse(values.stream ?? '')
    if (!stream.success) {
      return renderForm(c, type, undefined, values, { stream: ['choose a story'] })
    }
    const teacher = c.var.teacher
    const { event, issues } = eventFromForm(type, values, teacher?.name ?? 'teacher')
    const errors: Record<string, string[]> = {}
    const general: string[] = []
    const names = fieldNamesOf(type)
    const report = (issue: { path: readonly (string | number)[]; message: string }) => {
      const field = fieldOfIssue(issue.path, names)
      const message = formMessage(issue)
      if (field === undefined) general.push(message)
      else if (!errors[field]?.includes(message)) errors[field] = [...(errors[field] ?? []), message]
    }
    issues.forEach(report)
    // The envelope is checked first and hides the data's issues when it fails: check the data on its own too,
    // so that every mistake shows at once.
    const data = eventCatalogue[type].data.safeParse(event.data)
    if (!data.success) issuesFrom(data.error, ['data']).forEach(report)
    try {
      validateNewEvents([event])
    } catch (error) {
      if (!(error instanceof EventValidationError)) throw error
      for (const issue of error.issues) {
        const field = fieldOfIssue(issue.path, names)
        if (field === undefined || !errors[field]?.includes(formMessage(issue))) report(issue)
      }
    }
    if (Object.keys(errors).length === 0 && general.length === 0) {
      try {
        const result = await c.var.deps.store.append(stream.data, [event])
        return c.redirect(`/log?recorded=${result.lastPosition}`, 303)
      } catch (error) {
        if (error instanceof EventValidationError) error.issues.forEach(report)
        else if (error instanceof StoryledgerError && clientCodes.has(error.code)) general.push(error.message)
        else throw error
      }
    }
    return renderForm(c, type, stream.data, values, errors, general)
  })
