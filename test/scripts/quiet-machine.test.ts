// The benchmarks' wait for a quiet machine before each timed run (scripts/quiet-machine.ts): what a
// benchmark prints of the waits, and one real wait on this machine's /proc/stat, bounded (its outcome
// depends on the machine; only its shape is checked). The count of quiet seconds in a row it shares
// with the retakes' wait is tested with that (test/runtimes/quiet.test.ts).
import { describe, expect, it } from 'vitest'
import type { QuietWait } from '../../src/runtimes/quiet.ts'
import {
  MAX_SECONDS,
  quietLog,
  SETTLE_SECONDS,
  waitForQuietMachine
} from '../../scripts/quiet-machine.ts'

describe('what a benchmark prints of its waits', () => {
  /** A log whose waits see, one after another, what `seen` lists. */
  const logOf = (seen: readonly QuietWait[]) => {
    let next = 0
    return quietLog(() => Promise.resolve(seen[next++]!))
  }

  it('says no run waited where each started after the settling alone', async () => {
    const log = logOf([
      { seconds: SETTLE_SECONDS, quiet: true },
      { seconds: SETTLE_SECONDS + 0.5, quiet: true }
    ])
    await log.before('a (this)')
    await log.before('a (previous)')
    expect(log.text()).toContain('no run waited longer than the settling itself')
  })

  it('names a run that waited for the machine, and one that started on a busy machine', async () => {
    const log = logOf([
      { seconds: 7.25, quiet: true },
      { seconds: MAX_SECONDS, quiet: false },
      { seconds: SETTLE_SECONDS, quiet: true }
    ])
    await log.before('lib-marked (this)')
    await log.before('lib-marked (previous)')
    await log.before('lib-pako-deflate (this)')
    const lines = log.text().split('\n')
    expect(lines).toContain('  lib-marked (this): waited 7.3 s')
    expect(lines).toContain(
      `  lib-marked (previous): waited ${MAX_SECONDS.toFixed(1)} s, and started on a busy machine`
    )
    expect(log.text()).not.toContain('lib-pako-deflate')
    expect(log.text()).toContain('1 run(s) started on a busy machine')
  })

  it('says nothing of a machine it could not read (off Linux)', async () => {
    const log = logOf([{ seconds: 0, quiet: null }])
    await log.before('a (this)')
    expect(log.text()).toContain('no run waited')
  })
})

it('waits on this machine no longer than it is told to, and says what it saw', async () => {
  const wait = await waitForQuietMachine(0.25, 1)
  expect(wait.seconds).toBeLessThan(5)
  if (process.platform === 'linux') expect(wait.quiet).not.toBeNull()
  else expect(wait).toEqual({ seconds: 0, quiet: null })
})
