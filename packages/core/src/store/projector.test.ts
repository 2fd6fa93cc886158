import { anEvent, openTestStore, testBackends } from '@storyledger/core/testing'
import { afterEach, describe, expect, it } from 'vitest'
import type { StoredEvent } from '../envelope.js'
import { openPostgres } from './open-database.js'
import { type CatchUpProjector, createCatchUpProjector, type ProjectorDefinition } from './projector.js'

/** A read model that counts the events of each stream and remembers which positions it folded. */
function streamCounter(
  name = 'stream-counter',
  failOn?: (event: StoredEvent) => boolean,
): ProjectorDefinition {
  return {
    name,
    async apply(events, model) {
      for (const event of events) {
        if (failOn?.(event)) throw new Error(`cannot fold position ${event.position}`)
        const doc = await model.get(event.streamId)
        const before = (doc?.value as { count: number; positions: number[] } | undefined) ?? {
          count: 0,
          positions: [],
        }
        await model.put(
          event.streamId,
          { count: before.count + 1, positions: [...before.positions, event.position] },
          event.position,
        )
      }
    },
  }
}

async function values(projector: CatchUpProjector) {
  return Object.fromEntries((await projector.list()).map((d) => [d.key, d.value]))
}

describe.each(testBackends())('catch-up projector on %s', (backend) => {
  const opened: { close(): Promise<void> }[] = []
  afterEach(async () => {
    for (const t of opened.splice(0)) await t.close()
  })
  async function store() {
    const t = await openTestStore(backend)
    opened.push(t)
    return t
  }

  it('folds the whole log, then only what was recorded after its checkpoint', async () => {
    const t = await store()
    await t.store.append('story/a', [anEvent(), anEvent()])
    await t.store.append('story/b', [anEvent()])
    const projector = createCatchUpProjector(t.database, streamCounter(), { batchSize: 2 })
    expect(await projector.checkpoint()).toBe(0)

    expect(await projector.catchUp()).toEqual({ applied: 3, position: 3 })
    expect(await values(projector)).toEqual({
      'story/a': { count: 2, positions: [1, 2] },
      'story/b': { count: 1, positions: [3] },
    })

    await t.store.append('story/a', [anEvent()])
    expect(await projector.catchUp()).toEqual({ applied: 1, position: 4 })
    expect(await projector.catchUp()).toEqual({ applied: 0, position: 4 })
    expect(await projector.get('story/a')).toEqual({
      key: 'story/a',
      value: { count: 3, positions: [1, 2, 4] },
      position: 4,
    })
  })

  it('keeps the checkpoint and the documents of the last good batch when folding fails', async () => {
    const t = await store()
    await t.store.append('story/a', [anEvent(), anEvent(), anEvent()])
    const failing = createCatchUpProjector(
      t.database,
      streamCounter('counter', (e) => e.position === 3),
      { batchSize: 2 },
    )
    await expect(failing.catchUp()).rejects.toThrow('cannot fold position 3')
    expect(await failing.checkpoint()).toBe(2)
    expect(await values(failing)).toEqual({ 'story/a': { count: 2, positions: [1, 2] } })

    // Fixed code under the same name resumes from the checkpoint, without folding 1 and 2 again.
    const fixed = createCatchUpProjector(t.database, streamCounter('counter'), { batchSize: 2 })
    expect(await fixed.catchUp()).toEqual({ applied: 1, position: 3 })
    expect(await values(fixed)).toEqual({ 'story/a': { count: 3, positions: [1, 2, 3] } })
  })

  it('rebuilds from zero to the same documents, and from a position to a model of the suffix', async () => {
    const t = await store()
    await t.store.append('story/a', [anEvent(), anEvent()])
    await t.store.append('story/b', [anEvent(), anEvent()])
    const projector = createCatchUpProjector(t.database, streamCounter())
    await projector.catchUp()
    const caughtUp = await values(projector)

    expect(await projector.rebuild()).toEqual({ applied: 4, position: 4 })
    expect(await values(projector)).toEqual(caughtUp)

    expect(await projector.rebuild({ fromPosition: 3 })).toEqual({ applied: 2, position: 4 })
    expect(await values(projector)).toEqual({ 'story/b': { count: 2, positions: [3, 4] } })
  })

  it('keeps projectors of different names apart, and refuses a bad name or batch size', async () => {
    const t = await store()
    await t.store.append('story/a', [anEvent()])
    const one = createCatchUpProjector(t.database, streamCounter('one'))
    const two = createCatchUpProjector(t.database, streamCounter('two'))
    await one.catchUp()
    expect(await two.checkpoint()).toBe(0)
    expect(await two.list()).toEqual([])
    expect(() => createCatchUpProjector(t.database, streamCounter('Not A Slug'))).toThrow(/Invalid name/)
    expect(() => createCatchUpProjector(t.database, streamCounter(), { batchSize: 0 })).toThrow(
      /Invalid batchSize/,
    )
    await expect(one.rebuild({ fromPosition: 0 })).rejects.toThrow(/Invalid fromPosition/)
  })

  it('refuses a value that is not JSON without moving the checkpoint', async () => {
    const t = await store()
    await t.store.append('story/a', [anEvent()])
    const projector = createCatchUpProjector(t.database, {
      name: 'bad',
      apply: async (events, model) => model.put('x', undefined, events[0]?.position ?? 0),
    })
    await expect(projector.catchUp()).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' })
    expect(await projector.checkpoint()).toBe(0)
  })

  if (backend === 'postgres') {
    it('lets two instances catch up at the same time without folding an event twice', async () => {
      const t = await store()
      for (let i = 0; i < 10; i++) await t.store.append(`story/${i % 3}`, [anEvent(), anEvent()])
      const other = await openPostgres({
        connectionString: process.env.DATABASE_URL ?? '',
        schema: t.database.schema,
        poolSize: 2,
      })
      opened.push(other)
      const a = createCatchUpProjector(t.database, streamCounter(), { batchSize: 3 })
      const b = createCatchUpProjector(other, streamCounter(), { batchSize: 3 })
      const [ra, rb] = await Promise.all([a.catchUp(), b.catchUp()])
      expect(ra.applied + rb.applied).toBe(20)
      const docs = await a.list()
      const folded = docs.flatMap((d) => (d.value as { positions: number[] }).positions).sort((x, y) => x - y)
      expect(folded).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))
    })
  }
})
