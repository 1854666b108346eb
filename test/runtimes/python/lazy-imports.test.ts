// The Python harness imports what a strategy needs and nothing more: asyncio, inspect,
// concurrent.futures and multiprocessing cost a harness about a tenth of a second of CPU at start, and
// every workload starts five harnesses (docs/cost.md). Checked on a real interpreter, by the modules
// that sys.modules holds after a serial session's round, and by coroutines.is_awaitable answering as
// inspect.isawaitable does, which it replaces.
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const HARNESS = fileURLToPath(new URL('../../../src/runtimes/python', import.meta.url))
const MODULE = fileURLToPath(new URL('../../../fixtures/python/cpu_loop.py', import.meta.url))

function python(code: string, input = ''): string {
  return execFileSync('python3', ['-c', code], {
    cwd: HARNESS,
    input,
    encoding: 'utf8',
    timeout: 30_000
  })
}

describe('the Python harness’s imports', () => {
  it('a serial session imports neither asyncio, inspect, concurrent.futures nor multiprocessing', () => {
    const commands = [
      {
        type: 'init',
        modulePath: MODULE,
        function: 'count_primes',
        args: [100],
        strategy: 'serial',
        workers: 1,
        startMethod: 'default',
        memoryLimitBytes: null
      },
      { type: 'start' },
      { type: 'round', tasks: 2, measureBytes: true },
      { type: 'exit' }
    ]
    const code = [
      'import json, sys',
      'from concurrency_advisor_harness.protocol import open_channel',
      'from concurrency_advisor_harness.session import run_session',
      'reply = open_channel()',
      'run_session(reply)',
      "heavy = ['asyncio', 'inspect', 'concurrent.futures', 'multiprocessing']",
      "reply({'type': 'modules', 'loaded': [m for m in heavy if m in sys.modules]})"
    ].join('\n')
    const lines = python(code, commands.map((c) => JSON.stringify(c)).join('\n') + '\n')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; loaded?: string[] })
    expect(lines.map((line) => line.type)).toEqual(['loaded', 'ready', 'round', 'modules'])
    expect(lines.at(-1)!.loaded).toEqual([])
  })

  it('is_awaitable answers as inspect.isawaitable does', () => {
    const code = `
import asyncio, collections.abc, inspect, json, types
from concurrency_advisor_harness.coroutines import is_awaitable

async def coroutine_function():
    return 1

@types.coroutine
def generator_coroutine():
    yield

def plain_generator():
    yield

class WithAwait:
    def __await__(self):
        yield

class Registered:
    pass

collections.abc.Awaitable.register(Registered)
loop = asyncio.new_event_loop()
values = [1, None, b"x", [1], coroutine_function(), generator_coroutine(), plain_generator(),
          WithAwait(), Registered(), loop.create_future()]
print(json.dumps([[is_awaitable(v), inspect.isawaitable(v)] for v in values]))
values[4].close()
loop.close()
`
    const pairs = JSON.parse(python(code)) as [boolean, boolean][]
    expect(pairs).toHaveLength(10)
    for (const [ours, inspects] of pairs) expect(ours).toBe(inspects)
    expect(pairs.filter(([ours]) => ours)).toHaveLength(5)
  })
})
