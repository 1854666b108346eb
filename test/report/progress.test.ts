// The progress printer's plain lines (a stream that is no terminal), for the events whose wording
// carries facts: a set-aside turn, and whether it was taken again.
import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import type { ProgressEvent } from '../../src/progress-events.ts'
import { createProgressPrinter } from '../../src/report/progress.ts'

function printed(events: readonly ProgressEvent[]): string[] {
  const stream = new PassThrough()
  const chunks: string[] = []
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString()))
  const print = createProgressPrinter(stream as unknown as NodeJS.WriteStream)
  for (const event of events) print(event)
  return chunks.join('').split('\n').filter(Boolean)
}

const start: ProgressEvent = { kind: 'workload-start', workload: 'w', index: 0, total: 1 }
const aside = (retaken: boolean): ProgressEvent => ({
  kind: 'measure',
  workload: 'w',
  event: {
    kind: 'set-aside',
    variant: 'head',
    strategy: 'processes',
    workers: 2,
    on: null,
    round: 3,
    reason: 'the workers waited 0.2 s for a CPU; other processes ran 0.3 s',
    retaken
  }
})

describe('progress lines', () => {
  it('says a set-aside turn was taken again, and only when it was', () => {
    const lines = printed([start, aside(true), aside(false)])
    expect(lines.slice(-2)).toEqual([
      '[1/1] w: processes ×2 round 3 set aside: the workers waited 0.2 s for a CPU; other processes ran 0.3 s; taken again',
      '[1/1] w: processes ×2 round 3 set aside: the workers waited 0.2 s for a CPU; other processes ran 0.3 s'
    ])
  })
})
