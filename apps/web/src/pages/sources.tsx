import type { Source } from '@storyledger/core'

function sourceText(source: Source): string {
  const parts = [source.attribution ? `${source.outlet}, citing ${source.attribution}` : source.outlet]
  if (source.title) parts.push(`“${source.title}”`)
  if (source.publishedOn) parts.push(source.publishedOn)
  return parts.join(', ')
}

/** The sources of an event, as a sentence; a URL becomes a link (only http(s), which the envelope enforces). */
export function Sources(props: { sources: readonly Source[] }) {
  if (props.sources.length === 0) return <span class="sources">No source cited</span>
  return (
    <span class="sources">
      Sources:{' '}
      {props.sources.map((source, index) => (
        <>
          {index > 0 ? '; ' : ''}
          {source.url ? <a href={source.url}>{sourceText(source)}</a> : sourceText(source)}
        </>
      ))}
    </span>
  )
}
