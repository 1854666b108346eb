// run(argv): flags -> config -> engine -> terminal report and results file -> exit code. The only
// place that decides the CLI's exit status, and the one that kills every started process on SIGINT or
// SIGTERM (a cancelled CI job) before writing what was measured.

import { resolve } from 'node:path'
import { loadConfig } from '../config/load.ts'
import { shardLine } from '../config/shard.ts'
import { advise } from '../engine.ts'
import { formatError, UsageError } from '../errors.ts'
import { readResults, writeResults } from '../results/file.ts'
import { createProgressPrinter } from '../report/progress.ts'
import { renderTerminalReport } from '../report/terminal.ts'
import { killAllProcessTrees } from '../runtimes/process-tree.ts'
import type { ProgressEvent } from '../progress-events.ts'
import type { Baseline } from '../types.ts'
import { TOOL_VERSION } from '../version.ts'
import { parseCli, USAGE } from './args.ts'
import { renderDryRun } from './dry-run.ts'
import { runReport } from './report-command.ts'
import { createScriptedRuntime } from './scripted-runtime.ts'
import { selectWorkloads } from './select-workloads.ts'
import { openTurnLog } from './turn-log.ts'
import type { TurnLog } from './turn-log.ts'
import type { CliSettings } from './args.ts'

export const EXIT = { ok: 0, gateFailed: 1, usage: 2, internal: 3 } as const

/** Runs the CLI and returns its exit code; never throws. */
export async function run(argv: readonly string[]): Promise<number> {
  const cwd = process.cwd()
  if (argv[0] === 'report') {
    try {
      const { gateFailed } = await runReport(argv.slice(1), cwd)
      return gateFailed ? EXIT.gateFailed : EXIT.ok
    } catch (error) {
      return failure(error)
    }
  }
  const controller = new AbortController()
  let interruptedBy: NodeJS.Signals | null = null
  const onSignal = (signal: NodeJS.Signals): void => {
    if (interruptedBy !== null) process.exit(signal === 'SIGINT' ? 130 : 143)
    interruptedBy = signal
    process.stderr.write(
      `\nconcurrency-advisor: ${signal}: stopping all workloads, writing what was measured\n`
    )
    controller.abort()
    // Killing the trees unblocks a step that would otherwise run until its timeout.
    killAllProcessTrees()
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  process.on('exit', killAllProcessTrees)
  let turnLog: TurnLog | null = null
  try {
    const settings = parseCli(argv, cwd)
    if (settings.command === 'help') {
      process.stdout.write(`${USAGE}\n`)
      return EXIT.ok
    }
    if (settings.command === 'version') {
      process.stdout.write(`${TOOL_VERSION}\n`)
      return EXIT.ok
    }
    const loaded = await loadConfig(settings.config, {
      cwd,
      python: settings.python,
      pythonSource: '--python'
    })
    const baseline = await loadBaseline(settings, cwd)
    const { config, shard } = await selectWorkloads(loaded, settings, cwd)
    if (settings.dryRun) {
      process.stdout.write(renderDryRun(config, shard))
      return EXIT.ok
    }
    const empty = shard !== null && config.workloads.length === 0
    if (empty) process.stdout.write(`${shardLine(shard)}\n`)
    turnLog =
      settings.turns === null ? null : openTurnLog(resolve(cwd, settings.turns), settings.turns)
    const sinks = [
      ...(settings.quiet ? [] : [createProgressPrinter(process.stderr)]),
      ...(turnLog === null ? [] : [turnLog.write])
    ]
    const results = await advise(config, {
      budgetSeconds: settings.budgetSeconds,
      context: null,
      signal: controller.signal,
      baseline,
      strictBaseline: settings.strictBaseline,
      threshold: settings.threshold,
      predictCpus: settings.predictCpus,
      failOn: settings.failOn,
      shard,
      ...(settings.scriptedRuntime ? { createRuntime: createScriptedRuntime } : {}),
      ...(sinks.length === 0
        ? {}
        : { onProgress: (event: ProgressEvent) => sinks.forEach((sink) => sink(event)) })
    })
    if (settings.json !== null) await writeResults(resolve(cwd, settings.json), results)
    if (!empty) process.stdout.write(renderTerminalReport(results))
    if (settings.json !== null) process.stdout.write(`\nResults written to ${settings.json}\n`)
    if (interruptedBy !== null) return interruptedBy === 'SIGINT' ? 130 : 143
    return results.gate?.failed === true ? EXIT.gateFailed : EXIT.ok
  } catch (error) {
    return failure(error)
  } finally {
    turnLog?.close()
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
    killAllProcessTrees()
  }
}

/** Prints a thrown error as one line and gives its exit code: 2 for bad usage, 3 for a bug. */
function failure(error: unknown): number {
  if (error instanceof UsageError) {
    process.stderr.write(`concurrency-advisor: ${error.message}\n`)
    return EXIT.usage
  }
  process.stderr.write(`concurrency-advisor: internal error: ${formatError(error)}\n`)
  if (process.env.CONCURRENCY_ADVISOR_DEBUG === '1' && error instanceof Error)
    process.stderr.write(`${error.stack}\n`)
  return EXIT.internal
}

/** The baseline the flags name: a results file read and checked now, or a checkout to measure. */
async function loadBaseline(settings: CliSettings, cwd: string): Promise<Baseline | null> {
  if (settings.baseline !== null) {
    try {
      const results = await readResults(resolve(cwd, settings.baseline))
      return { kind: 'file', source: settings.baseline, results }
    } catch (error) {
      if (error instanceof UsageError) {
        throw new UsageError(
          `--baseline: ${error.message.replace(resolve(cwd, settings.baseline), settings.baseline)}`
        )
      }
      throw error
    }
  }
  if (settings.compareDir !== null) {
    return {
      kind: 'checkout',
      source: settings.compareDir,
      dir: resolve(cwd, settings.compareDir),
      sha: null
    }
  }
  return null
}
