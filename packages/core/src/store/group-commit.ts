export type Settled<R> = { ok: true; value: R } | { ok: false; error: unknown }

export interface GroupCommit<T, R> {
  submit(item: T): Promise<R>
  /** Resolves once everything submitted so far has been written or refused. */
  idle(): Promise<void>
}

/**
 * Coalesces concurrent submissions into batches: while one batch is being written, later submissions queue up,
 * and the next batch takes all of them (up to `maxWeight`) in one transaction. Items submitted in the same tick
 * start together, so 64 concurrent appends cost a handful of commits rather than 64.
 */
export function createGroupCommit<T, R>(options: {
  write: (batch: readonly T[]) => Promise<Settled<R>[]>
  weigh: (item: T) => number
  maxWeight: number
}): GroupCommit<T, R> {
  type Entry = { item: T; resolve: (value: R) => void; reject: (error: unknown) => void }
  const queue: Entry[] = []
  let draining: Promise<void> | undefined

  async function drain(): Promise<void> {
    while (queue.length > 0) {
      const batch: Entry[] = [queue.shift()!]
      let weight = options.weigh(batch[0]!.item)
      while (queue.length > 0 && weight + options.weigh(queue[0]!.item) <= options.maxWeight) {
        const next = queue.shift()!
        weight += options.weigh(next.item)
        batch.push(next)
      }
      try {
        const outcomes = await options.write(batch.map((entry) => entry.item))
        batch.forEach((entry, i) => {
          const outcome = outcomes[i]
          if (outcome?.ok) entry.resolve(outcome.value)
          else
            entry.reject(outcome ? outcome.error : new Error('group commit: no outcome for a submitted item'))
        })
      } catch (error) {
        for (const entry of batch) entry.reject(error)
      }
    }
    draining = undefined
  }

  return {
    submit(item) {
      return new Promise<R>((resolve, reject) => {
        queue.push({ item, resolve, reject })
        // Start on the next microtask, so that everything submitted in this tick joins the first batch.
        draining ??= Promise.resolve().then(drain)
      })
    },
    async idle() {
      while (draining) await draining
    },
  }
}
