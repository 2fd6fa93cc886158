import type { NewEventInput } from '../src/envelope.js'
import { anEvent } from '../src/testing/index.js'

const sources = [{ outlet: 'The Wall Street Journal', attribution: 'a source familiar with the matter' }]

/** The event both benches append: a `StatementMade` of about 300 bytes of JSON with one attributed source. */
export const benchEvent = (i: number): NewEventInput =>
  anEvent({
    type: 'StatementMade',
    occurredOn: '2020-09-13',
    data: {
      speakerId: 'microsoft',
      quote: `We believe our proposal would have been good for TikTok users (${i})`,
      channel: 'blog_post',
      aboutIds: ['tiktok', 'bytedance'],
    },
    metadata: { recordedBy: 'bench', sources },
  })
