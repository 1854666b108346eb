// The walk of a harness's tree and the memory watch's sum over it, on real processes: a shell whose
// Python child holds 96 MiB it has written to (resident, whatever the machine does), so the sum can
// only fall short if the walk missed the child.
import { spawn } from 'node:child_process'
import { afterEach, describe, expect, it } from 'vitest'
import { processTreeRssBytes, walkProcessTree } from '../../src/runtimes/process-tree.ts'
import {
  killMarkedProcesses,
  newMarker,
  startMarked,
  waitForNoMarkedProcesses
} from '../helpers/processes.ts'

const linux = process.platform === 'linux'
const HOLD = "b = b'x' * (96 << 20)\nprint('ready', flush=True)\nimport time\ntime.sleep(20)"

let marker = newMarker()
afterEach(async () => {
  killMarkedProcesses(marker)
  expect(await waitForNoMarkedProcesses(marker)).toEqual([])
  marker = newMarker()
})

/** The shell's pid once its child holds the memory; the `; :` keeps the child a child of the shell. */
function shellHolding(): Promise<number> {
  return startMarked('sh', ['-c', '"$0" -c "$1"; :', 'python3', HOLD], marker)
}

describe.runIf(linux)('the process tree', () => {
  it('walks from the leader to its children', async () => {
    const shell = await shellHolding()
    const processes = new Set<number>()
    walkProcessTree(shell, (pid) => processes.add(pid))
    expect(processes.has(shell)).toBe(true)
    expect(processes.size).toBeGreaterThanOrEqual(2)
  })

  it("sums the resident memory of the leader's children", async () => {
    const shell = await shellHolding()
    expect(processTreeRssBytes(shell)).toBeGreaterThanOrEqual(96 * 1024 * 1024)
  })

  it('reads nothing for a tree that is gone', async () => {
    const child = spawn('true', [], { detached: true, stdio: 'ignore' })
    await new Promise((resolve) => child.once('exit', resolve))
    expect(processTreeRssBytes(child.pid!)).toBeNull()
  })
})
