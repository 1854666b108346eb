// A blind sweep, as a user's own short script would measure a function: serial, then a pool of
// worker_threads and a pool of child processes (fork) at 2 and 4 workers, 3 rounds of TASKS calls
// each, every call handed to the next free member and its result sent back.
//
// It imports nothing of concurrency-advisor on purpose: `npm run bench -- --sweep` times this
// script's whole run (start-up, imports, pool start-ups, rounds) against the tool's on the same
// workload, with the task count the tool chose, and the comparison is only fair if this stays what a
// user would write. A function that returns a promise is awaited.
//
//   node scripts/sweep/blind-sweep.mjs MODULE FUNCTION ARGS_JSON TASKS [--workers 2,4] [--rounds 3]
//
// Prints one JSON object: per configuration its rounds' wall times, or the error that stopped it.
import { fork } from 'node:child_process'
import console from 'node:console'
import { resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import process from 'node:process'
import { URL, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads'

const self = new URL(import.meta.url)

async function load(modulePath, name) {
  const namespace = await import(pathToFileURL(resolve(modulePath)).href)
  const owner = typeof namespace[name] === 'function' ? namespace : namespace.default
  if (typeof owner?.[name] !== 'function') throw new Error(`${modulePath} has no function ${name}`)
  return (...args) => owner[name](...args)
}

async function call(fn, args) {
  const value = fn(...args)
  return typeof value?.then === 'function' ? await value : value
}

// A pool member: loads the function, says it is ready, then runs each call it is sent.
async function member(spec, send, receive) {
  try {
    const fn = await load(spec.module, spec.function)
    receive(async () => {
      try {
        send({ value: await call(fn, spec.args) })
      } catch (error) {
        send({ error: String(error?.message ?? error) })
      }
    })
    send({ ready: true })
  } catch (error) {
    send({ error: String(error?.message ?? error) })
  }
}

function startPool(kind, count, spec) {
  return Array.from({ length: count }, () => {
    if (kind === 'threads') {
      const worker = new Worker(self, { workerData: spec })
      return { handle: worker, send: (m) => worker.postMessage(m), stop: () => worker.terminate() }
    }
    const child = fork(self, ['--member', JSON.stringify(spec)], { serialization: 'advanced' })
    return { handle: child, send: (m) => child.send(m), stop: () => child.kill() }
  })
}

async function poolRounds(kind, count, spec, tasks, rounds) {
  const members = startPool(kind, count, spec)
  // The first error of a member (loading, a call, an exit) fails the configuration.
  let fail
  const failed = new Promise((_, reject) => (fail = reject))
  failed.catch(() => {})
  let ready = 0
  let allReady
  const started = new Promise((done) => (allReady = done))
  let onReply = () => {}
  members.forEach((m, index) => {
    m.handle.on('message', (message) => {
      if (message.error !== undefined) fail(new Error(message.error))
      else if (message.ready) {
        if (++ready === count) allReady()
      } else onReply(index)
    })
    m.handle.on('error', fail)
    m.handle.on('exit', (code) => fail(new Error(`a pool member exited with code ${code}`)))
  })
  try {
    await Promise.race([started, failed])
    const walls = []
    for (let r = 0; r < rounds; r++) {
      const roundStarted = performance.now()
      await Promise.race([
        failed,
        new Promise((done) => {
          let sent = 0
          let replies = 0
          const next = (index) => {
            if (sent < tasks) {
              sent++
              members[index].send('call')
            }
          }
          onReply = (index) => (++replies === tasks ? done() : next(index))
          members.forEach((_, index) => next(index))
        })
      ])
      walls.push((performance.now() - roundStarted) / 1000)
    }
    return walls
  } finally {
    for (const m of members) {
      m.handle.removeAllListeners('exit')
      await m.stop()
    }
  }
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      workers: { type: 'string', default: '2,4' },
      rounds: { type: 'string', default: '3' }
    }
  })
  const [module, name, argsJson, tasksText] = positionals
  const spec = { module: resolve(module), function: name, args: JSON.parse(argsJson) }
  const tasks = Number(tasksText)
  const rounds = Number(values.rounds)
  const workers = values.workers.split(',').map(Number)
  const fn = await load(spec.module, spec.function)
  const configurations = []
  const serial = async () => {
    const walls = []
    for (let r = 0; r < rounds; r++) {
      const started = performance.now()
      for (let i = 0; i < tasks; i++) await call(fn, spec.args)
      walls.push((performance.now() - started) / 1000)
    }
    return walls
  }
  const plan = [['serial', 1, serial]]
  for (const kind of ['threads', 'processes'])
    for (const n of workers) plan.push([kind, n, () => poolRounds(kind, n, spec, tasks, rounds)])
  for (const [strategy, count, measure] of plan) {
    try {
      configurations.push({ strategy, workers: count, walls: await measure(), error: null })
    } catch (error) {
      configurations.push({
        strategy,
        workers: count,
        walls: [],
        error: String(error?.message ?? error)
      })
    }
  }
  console.log(JSON.stringify({ tasks, configurations }))
}

if (!isMainThread) {
  await member(
    workerData,
    (m) => parentPort.postMessage(m),
    (h) => parentPort.on('message', h)
  )
} else if (process.argv[2] === '--member') {
  await member(
    JSON.parse(process.argv[3]),
    (m) => process.send(m),
    (h) => process.on('message', h)
  )
} else {
  await main()
}
