// docs/workflows.md is copied into users' repositories: every YAML block must parse, use only the
// action's real inputs and modes, give each job its permissions, and the fork-safe pair must fit.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { MODES } from '../../src/action/inputs.ts'
import { ROOT } from '../helpers/dist.ts'

interface Step {
  uses?: string
  with?: Record<string, unknown>
}
interface Job {
  permissions?: Record<string, string>
  steps: Step[]
}
interface Workflow {
  name: string
  on: Record<string, unknown>
  permissions?: Record<string, string>
  jobs: Record<string, Job>
}

const docs = readFileSync(join(ROOT, 'docs', 'workflows.md'), 'utf8')
const blocks = [...docs.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!)
const workflows = blocks.map((block) => parse(block) as Workflow)
const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, unknown>
}
const ACTION = 'concurrency-advisor/concurrency-advisor@v1'

function advisorSteps(workflow: Workflow): { job: Job; step: Step }[] {
  return Object.values(workflow.jobs).flatMap((job) =>
    job.steps.filter((step) => step.uses === ACTION).map((step) => ({ job, step }))
  )
}

describe('docs/workflows.md', () => {
  it('has the single job, the matrix with a report job, the fork-safe pair, the shards and both Python builds', () => {
    expect(workflows).toHaveLength(6)
    expect(workflows.every((w) => typeof w.name === 'string' && w.jobs !== undefined)).toBe(true)
  })

  it('installs the GIL build and the free-threaded build and names both, the GIL build first', () => {
    const workflow = workflows.find((w) => w.name.includes('GIL'))!
    const steps = Object.values(workflow.jobs).flatMap((job) => job.steps)
    const setup = steps.find((step) => step.uses?.startsWith('actions/setup-python@'))
    expect(String(setup?.with?.['python-version']).split('\n').filter(Boolean).sort()).toEqual([
      '3.14',
      '3.14t'
    ])
    expect(advisorSteps(workflow)[0]!.step.with?.python).toBe('python3.14,python3.14t')
  })

  it('uses only inputs and modes the action has, and pins @v1', () => {
    for (const workflow of workflows) {
      const steps = advisorSteps(workflow)
      expect(steps.length, workflow.name).toBeGreaterThan(0)
      for (const { step } of steps) {
        for (const name of Object.keys(step.with ?? {}))
          expect(Object.keys(action.inputs), name).toContain(name)
        const mode = step.with?.mode ?? 'measure-and-comment'
        expect(MODES).toContain(mode)
      }
    }
    expect(docs).not.toMatch(/concurrency-advisor@main/)
  })

  it('gives write access only to jobs that comment, and none to jobs that measure', () => {
    for (const workflow of workflows) {
      for (const { job, step } of advisorSteps(workflow)) {
        const permissions = job.permissions ?? workflow.permissions
        expect(permissions, workflow.name).toBeDefined()
        const writes = Object.entries(permissions!).filter(([, level]) => level === 'write')
        if (step.with?.mode === 'measure') expect(writes, workflow.name).toEqual([])
        else expect(writes.map(([scope]) => scope)).toEqual(['pull-requests'])
      }
    }
  })

  it('runs a matrix over four runner kinds and reports once', () => {
    const matrix = workflows[1]!
    const measure = matrix.jobs.measure as Job & { strategy: { matrix: { os: string[] } } }
    expect(measure.strategy.matrix.os).toEqual([
      'ubuntu-latest',
      'ubuntu-24.04-arm',
      'macos-latest',
      'windows-latest'
    ])
    expect(advisorSteps(matrix).map(({ step }) => step.with?.mode)).toEqual(['measure', 'report'])
  })

  it('pairs a read-only pull_request workflow with a workflow_run that downloads its run', () => {
    const [measure, comment] = [workflows[2]!, workflows[3]!]
    expect(Object.keys(measure.on)).toEqual(['pull_request'])
    expect(measure.permissions).toEqual({ contents: 'read' })
    const trigger = comment.on.workflow_run as { workflows: string[] }
    expect(trigger.workflows).toEqual([measure.name])
    const job = Object.values(comment.jobs)[0]!
    expect(job.permissions).toEqual({ actions: 'read', 'pull-requests': 'write' })
    const download = job.steps.find((step) => step.uses === 'actions/download-artifact@v4')!
    expect(download.with).toMatchObject({
      'run-id': '${{ github.event.workflow_run.id }}',
      'github-token': '${{ github.token }}'
    })
    // Nothing from the pull request is checked out where a write token exists.
    expect(job.steps.some((step) => step.uses?.startsWith('actions/checkout'))).toBe(false)
    for (const workflow of workflows)
      expect(Object.keys(workflow.on)).not.toContain('pull_request_target')
  })

  it('splits the workloads into four shards per runner, weighed by the base branch, and reports once', () => {
    const sharded = workflows[4]!
    const measure = sharded.jobs.measure as Job & {
      needs: string
      strategy: { 'fail-fast': boolean; matrix: { os: string[]; shard: number[] } }
    }
    expect(measure.strategy['fail-fast']).toBe(false)
    expect(measure.strategy.matrix.shard).toEqual([1, 2, 3, 4])
    expect(measure.strategy.matrix.os.length).toBeGreaterThan(1)
    expect(measure.needs).toBe('weights')
    const steps = advisorSteps(sharded).map(({ step }) => step.with)
    expect(steps).toEqual([
      {
        mode: 'measure',
        'runner-label': '${{ matrix.os }}',
        shard: '${{ matrix.shard }}/4',
        'shard-weights': "${{ needs.weights.outputs.found == 'true' && 'weights' || '' }}"
      },
      { mode: 'report', results: 'concurrency-results', 'fail-on': 'any' }
    ])
    // The weights come from the base branch's last run, through one job, so every shard reads the same.
    const weights = sharded.jobs.weights!
    expect(weights.permissions).toEqual({ actions: 'read' })
    expect(weights.steps.map((step) => step.uses ?? 'run')).toEqual([
      'run',
      'actions/download-artifact@v4',
      'run',
      'actions/upload-artifact@v4'
    ])
    const upload = measure.steps.find((step) => step.uses === 'actions/upload-artifact@v4')!
    expect(upload.with?.name).toBe('concurrency-results-${{ matrix.os }}-${{ matrix.shard }}')
  })
})
