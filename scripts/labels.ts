// The labels file of `npm run bench -- --noise`: per workload, the recommendations that count as
// right (fixtures/labels.yml holds those of fixtures/README.md), and how a run's verdict is judged
// against them.
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { STRATEGIES } from '../src/closed-sets.ts'
import type { WorkloadVerdict } from './tool-run.ts'

export type Labels = ReadonlyMap<string, readonly string[]>

/**
 * Reads `workload: strategy` or `workload: [strategy, ...]` lines. Throws an Error naming the file
 * and the workload when a value is not a strategy.
 */
export function readLabels(file: string): Labels {
  let value: unknown
  try {
    value = parse(readFileSync(file, 'utf8'))
  } catch (error) {
    // One line: yaml's messages quote the offending text over several.
    throw new Error(`${file}: cannot read the labels: ${(error as Error).message.split('\n')[0]}`, {
      cause: error
    })
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(`${file}: expected workload names, each with its acceptable verdicts`)
  const labels = new Map<string, readonly string[]>()
  for (const [name, entry] of Object.entries(value)) {
    const answers: unknown[] = Array.isArray(entry) ? entry : [entry]
    const strategies = answers.filter(
      (a): a is string => typeof a === 'string' && (STRATEGIES as readonly string[]).includes(a)
    )
    if (answers.length === 0 || strategies.length !== answers.length)
      throw new Error(
        `${file}: ${name}: expected one or more of ${STRATEGIES.join(', ')}, got ${JSON.stringify(entry)}`
      )
    labels.set(name, strategies)
  }
  return labels
}

/**
 * right: a confident verdict among the acceptable ones; wrong: a confident one that is not;
 * uncertain: the verdict says so (whatever its guess); failed: no recommendation (not measured, or
 * the workload failed); unlabelled: no label to judge by.
 */
export const JUDGEMENTS = ['right', 'uncertain', 'wrong', 'failed', 'unlabelled'] as const
export type Judgement = (typeof JUDGEMENTS)[number]

/** "9 right, 1 uncertain, 3 wrong, 0 failed, 0 unlabelled" */
export function tallyText(counts: ReadonlyMap<Judgement, number>): string {
  return JUDGEMENTS.map((j) => `${counts.get(j) ?? 0} ${j}`).join(', ')
}

export function judge(
  verdict: WorkloadVerdict | undefined,
  acceptable: readonly string[] | undefined
): Judgement {
  if (verdict === undefined || verdict.recommendation === null) return 'failed'
  if (acceptable === undefined) return 'unlabelled'
  if (verdict.uncertain) return 'uncertain'
  return acceptable.includes(verdict.recommendation) ? 'right' : 'wrong'
}
