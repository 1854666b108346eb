// Reads the config file with the yaml library, keeping line numbers, and validates it into a typed
// Config. Every error is one line that names the file, the line, the field and what is allowed.

import { existsSync, statSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { isAbsolute, resolve } from 'node:path'
import { Compile } from 'typebox/compile'
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml'
import type { Node, YAMLMap } from 'yaml'
import { UsageError } from '../errors.ts'
import { runtimeForModule, SUPPORTED_EXTENSIONS } from '../runtimes/extensions.ts'
import type { Config, JsonValue, StartMethod, Strategy, WorkloadSpec } from '../types.ts'
import { firstError } from '../validation/first-error.ts'
import {
  ALLOWED_START_METHODS,
  ALLOWED_USES,
  ConfigFileSchema,
  DEFAULTS,
  FUNCTION_PATTERN,
  LIMITS,
  NAME_PATTERN,
  NAME_RULE,
  parseByteSize,
  TOP_LEVEL_KEYS,
  WORKLOAD_KEYS
} from './schema.ts'
import { didYouMean } from './suggest.ts'

export interface LoadOptions {
  /** Directory that module paths are relative to (the working directory). */
  readonly cwd: string
  /** Interpreters from a flag or action input; they win over the file's `python` key. */
  readonly python: readonly string[] | null
  /** Where `python` came from ("--python", "action input python"), for error messages. */
  readonly pythonSource?: string
}

const configValidator = Compile(ConfigFileSchema)

/** One key of a YAML mapping with its plain value and its 1-based line. */
interface Entry {
  readonly key: string
  readonly value: unknown
  readonly line: number
}

/** Loads and validates a config file. Throws UsageError (exit 2) with one line on any problem. */
export async function loadConfig(path: string, options: LoadOptions): Promise<Config> {
  const absolute = resolve(options.cwd, path)
  let text: string
  try {
    text = await readFile(absolute, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : String(code)
    throw new UsageError(`${path}: cannot read the config file: ${why}`)
  }
  return parseConfig(text, path, options)
}

/** Validates config text; `file` names it in errors. */
export function parseConfig(text: string, file: string, options: LoadOptions): Config {
  const lines = new LineCounter()
  const doc = parseDocument(text, {
    lineCounter: lines,
    uniqueKeys: true,
    prettyErrors: false,
    // Explicit YAML 1.1 tags (!!binary, !!timestamp, !!set) would become values that are not JSON.
    resolveKnownTags: false
  })
  const lineOf = (node: Node | null | undefined): number =>
    node?.range ? lines.linePos(node.range[0]).line : 1
  const yamlError = doc.errors[0]
  if (yamlError !== undefined) {
    const line = yamlError.linePos?.[0].line ?? lines.linePos(yamlError.pos[0]).line
    const message = yamlError.message.split('\n')[0] ?? 'syntax error'
    throw new UsageError(`${file}:${line}: invalid YAML: ${message}`)
  }
  // A tag the parser cannot resolve (!foo, !!float on an integer) leaves a value other than the one
  // written, with only a warning: refuse it.
  const tagWarning = doc.warnings.find((warning) => warning.code === 'TAG_RESOLVE_FAILED')
  if (tagWarning !== undefined) {
    const line = tagWarning.linePos?.[0].line ?? lines.linePos(tagWarning.pos[0]).line
    const tag = /Unresolved tag: (.*)/
      .exec(tagWarning.message)?.[1]
      ?.replace('tag:yaml.org,2002:', '!!')
    throw new UsageError(
      `${file}:${line}: unsupported YAML tag ${tag ?? ''}; write plain values (numbers, strings, true/false, null, lists, mappings)`
    )
  }
  const root = doc.contents
  if (!isMap(root)) {
    throw new UsageError(
      `${file}:${lineOf(root)}: the config must be a mapping with a "workloads" list`
    )
  }
  const top = entriesOf(root, lineOf, file, '', TOP_LEVEL_KEYS)
  const at = (entry: Entry | undefined, field: string): Place => ({
    source: `${file}:${entry?.line ?? 1}`,
    field
  })

  const defaults = {
    timeoutSeconds:
      optionalSeconds(top.get('timeout'), at(top.get('timeout'), 'timeout')) ??
      DEFAULTS.timeoutSeconds,
    budgetSeconds:
      optionalSeconds(top.get('budget'), at(top.get('budget'), 'budget')) ?? DEFAULTS.budgetSeconds,
    memoryBytes: optionalMemory(top.get('memory'), at(top.get('memory'), 'memory')),
    startMethod:
      optionalStartMethod(top.get('start-method'), at(top.get('start-method'), 'start-method')) ??
      'default'
  }
  const pythonEntry = top.get('python')
  const python =
    options.python ??
    (pythonEntry === undefined ? null : interpreters(pythonEntry.value, at(pythonEntry, 'python')))
  const pythonSource =
    options.python !== null
      ? (options.pythonSource ?? 'python')
      : `${at(pythonEntry, 'python').source}: python`
  const gilEntry = top.get('gil-comparison')
  const gilComparison =
    gilEntry === undefined ? true : booleanValue(gilEntry.value, at(gilEntry, 'gil-comparison'))
  const marginEntry = top.get('margin')
  const margin =
    marginEntry === undefined
      ? DEFAULTS.margin
      : numberIn(
          marginEntry.value,
          at(marginEntry, 'margin'),
          0,
          LIMITS.maxMargin,
          'a fraction from 0 to 1, e.g. 0.1 for 10%'
        )

  const workloadsEntry = top.get('workloads')
  const workloadsNode = root.get('workloads', true)
  if (workloadsEntry === undefined) {
    throw new UsageError(
      `${file}: workloads: missing; list the workloads to measure under "workloads:"`
    )
  }
  if (!isSeq(workloadsNode)) {
    throw new UsageError(
      `${file}:${workloadsEntry.line}: workloads: must be a list of workloads, got ${describe(workloadsEntry.value)}`
    )
  }
  if (workloadsNode.items.length === 0) {
    throw new UsageError(
      `${file}:${workloadsEntry.line}: workloads: the list is empty; add at least one workload`
    )
  }

  const seen = new Map<string, number>()
  const workloads = workloadsNode.items.map((item, index): WorkloadSpec => {
    const itemLine = lineOf(item as Node)
    const label = `workloads[${index}]`
    if (!isMap(item)) {
      throw new UsageError(
        `${file}:${itemLine}: ${label}: must be a mapping with name, module and function, got ${describe(toPlain(item))}`
      )
    }
    const entries = entriesOf(item, lineOf, file, `${label}.`, WORKLOAD_KEYS)
    const nameEntry = entries.get('name')
    if (nameEntry === undefined)
      throw new UsageError(
        `${file}:${itemLine}: ${label}.name: missing; every workload needs a name`
      )
    const name = nonEmptyString(nameEntry.value, {
      source: `${file}:${nameEntry.line}`,
      field: `${label}.name`
    })
    if (!NAME_PATTERN.test(name)) {
      throw new UsageError(
        `${file}:${nameEntry.line}: ${label}.name: ${JSON.stringify(name)} may only contain ${NAME_RULE}`
      )
    }
    const first = seen.get(name)
    if (first !== undefined) {
      throw new UsageError(
        `${file}:${nameEntry.line}: ${label}.name: duplicate name ${JSON.stringify(name)} (first used on line ${first})`
      )
    }
    seen.set(name, nameEntry.line)
    const where = (key: string): Place => ({
      source: `${file}:${entries.get(key)?.line ?? itemLine}`,
      field: `${label} (${name}).${key}`
    })
    const required = (key: string): Entry => {
      const entry = entries.get(key)
      if (entry === undefined)
        throw new UsageError(`${where(key).source}: ${where(key).field}: missing`)
      return entry
    }

    const module = nonEmptyString(required('module').value, where('module'))
    const modulePath = isAbsolute(module) ? module : resolve(options.cwd, module)
    const runtime = runtimeForModule(modulePath)
    if (runtime === null) {
      throw fieldError(
        where('module'),
        `${JSON.stringify(module)} has an extension no runtime runs; use one of ${SUPPORTED_EXTENSIONS.join(', ')}`
      )
    }
    if (!existsSync(modulePath))
      throw fieldError(
        where('module'),
        `${JSON.stringify(module)} does not exist (looked for ${modulePath})`
      )
    if (!statSync(modulePath).isFile())
      throw fieldError(where('module'), `${JSON.stringify(module)} is not a file`)

    const fn = nonEmptyString(required('function').value, where('function'))
    if (!FUNCTION_PATTERN.test(fn))
      throw fieldError(where('function'), `${JSON.stringify(fn)} is not a function name`)

    const startMethod =
      optionalStartMethod(entries.get('start-method'), where('start-method')) ??
      defaults.startMethod
    if (runtime !== 'python' && entries.has('start-method')) {
      throw fieldError(where('start-method'), 'applies to Python workloads only')
    }

    return {
      name,
      runtime,
      module,
      modulePath,
      function: fn,
      args: optionalArgs(entries.get('args'), where('args')),
      tasks: optionalInteger(entries.get('tasks'), where('tasks'), 1, LIMITS.maxTasks),
      uses: optionalUses(entries.get('uses'), where('uses')),
      timeoutSeconds:
        optionalSeconds(entries.get('timeout'), where('timeout')) ?? defaults.timeoutSeconds,
      budgetSeconds:
        optionalSeconds(entries.get('budget'), where('budget')) ?? defaults.budgetSeconds,
      memoryBytes: optionalMemory(entries.get('memory'), where('memory')) ?? defaults.memoryBytes,
      startMethod,
      line: itemLine
    }
  })

  // The checks above give the messages; the shipped schema must agree with them. A file they let
  // through but the schema refuses would be flagged by every editor: refuse it here too, at its line.
  const plain: unknown = doc.toJS()
  if (!configValidator.Check(plain)) {
    const problem = firstError(ConfigFileSchema, plain)
    const node = problem === null ? null : (doc.getIn(problem.keys, true) as Node | undefined)
    throw new UsageError(
      `${file}:${lineOf(node)}: ${problem?.path ?? ''}: ${problem?.message ?? 'does not match the config schema'}`
    )
  }
  return { file, baseDir: options.cwd, python, pythonSource, gilComparison, margin, workloads }
}

interface Place {
  /** "file:line" */
  readonly source: string
  /** e.g. "workloads[2] (hash).tasks" */
  readonly field: string
}

function fieldError(place: Place, problem: string): UsageError {
  return new UsageError(`${place.source}: ${place.field}: ${problem}`)
}

/** The keys of a mapping, checked against the allowed ones (unknown keys suggest the nearest). */
function entriesOf(
  map: YAMLMap,
  lineOf: (node: Node | null | undefined) => number,
  file: string,
  prefix: string,
  allowed: readonly string[]
): Map<string, Entry> {
  const entries = new Map<string, Entry>()
  for (const pair of map.items) {
    const keyNode = pair.key as Node | null
    const line = lineOf(keyNode)
    const key = isScalar(keyNode) ? keyNode.value : undefined
    if (typeof key !== 'string') {
      throw new UsageError(
        `${file}:${line}: ${prefix}${String(toPlain(keyNode))}: keys must be names; allowed: ${allowed.join(', ')}`
      )
    }
    if (!allowed.includes(key)) {
      throw new UsageError(
        `${file}:${line}: ${prefix}${key}: unknown key${didYouMean(key, allowed)}; allowed: ${allowed.join(', ')}`
      )
    }
    entries.set(key, { key, value: toPlain(pair.value), line })
  }
  return entries
}

function toPlain(node: unknown): unknown {
  if (node === null || node === undefined) return null
  if (typeof node === 'object' && 'toJSON' in node && typeof node.toJSON === 'function')
    return (node as { toJSON(): unknown }).toJSON()
  return node
}

function describe(value: unknown): string {
  if (value === null) return 'nothing'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object') return 'a mapping'
  return `${typeof value} ${JSON.stringify(value)}`
}

function nonEmptyString(value: unknown, place: Place): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw fieldError(place, `must be a non-empty string, got ${describe(value)}`)
  return value
}

/** `python:` as one interpreter or a list of them, each named once. */
function interpreters(value: unknown, place: Place): string[] {
  if (!Array.isArray(value)) return [nonEmptyString(value, place)]
  if (value.length === 0)
    throw fieldError(place, 'the list is empty; name at least one interpreter')
  const names = value.map((item, index) =>
    nonEmptyString(item, { ...place, field: `${place.field}[${index}]` })
  )
  const repeated = names.findIndex((name, index) => names.indexOf(name) !== index)
  if (repeated >= 0)
    throw fieldError(
      { ...place, field: `${place.field}[${repeated}]` },
      `${JSON.stringify(names[repeated])} is listed twice; name each interpreter once`
    )
  return names
}

function booleanValue(value: unknown, place: Place): boolean {
  if (typeof value !== 'boolean')
    throw fieldError(place, `must be true or false, got ${describe(value)}`)
  return value
}

function numberIn(value: unknown, place: Place, min: number, max: number, allowed: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw fieldError(place, `must be ${allowed}, got ${describe(value)}`)
  }
  return value
}

function optionalInteger(
  entry: Entry | undefined,
  place: Place,
  min: number,
  max: number
): number | null {
  if (entry === undefined) return null
  const value = entry.value
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw fieldError(place, `must be a whole number from ${min} to ${max}, got ${describe(value)}`)
  }
  return value
}

function optionalSeconds(entry: Entry | undefined, place: Place): number | null {
  if (entry === undefined) return null
  return numberIn(
    entry.value,
    place,
    Number.MIN_VALUE,
    LIMITS.maxSeconds,
    `a number of seconds above 0 and at most ${LIMITS.maxSeconds}`
  )
}

function optionalMemory(entry: Entry | undefined, place: Place): number | null {
  if (entry === undefined) return null
  const bytes = parseByteSize(entry.value)
  if (bytes === null || bytes < LIMITS.minMemoryBytes) {
    throw fieldError(
      place,
      `must be a size such as 512MB or 2GiB, at least 16 MiB, got ${describe(entry.value)}`
    )
  }
  return bytes
}

function optionalUses(entry: Entry | undefined, place: Place): Strategy | null {
  if (entry === undefined) return null
  const value = entry.value
  const match = ALLOWED_USES.find((strategy) => strategy === value)
  if (match === undefined) {
    const hint = typeof value === 'string' ? didYouMean(value, ALLOWED_USES) : ''
    throw fieldError(
      place,
      `must be one of ${ALLOWED_USES.join(', ')}, got ${describe(value)}${hint}`
    )
  }
  return match
}

function optionalStartMethod(entry: Entry | undefined, place: Place): StartMethod | null {
  if (entry === undefined) return null
  const value = entry.value
  const match = ALLOWED_START_METHODS.find((method) => method === value)
  if (match === undefined) {
    throw fieldError(
      place,
      `must be one of ${ALLOWED_START_METHODS.join(', ')}, got ${describe(value)}`
    )
  }
  return match
}

function optionalArgs(entry: Entry | undefined, place: Place): JsonValue[] {
  if (entry === undefined || entry.value === null) return []
  if (!Array.isArray(entry.value)) {
    throw fieldError(
      place,
      `must be a list of arguments passed positionally, e.g. [1048576], got ${describe(entry.value)}`
    )
  }
  return entry.value.map((value, index) =>
    jsonValue(value, { ...place, field: `${place.field}[${index}]` })
  )
}

/** Arguments cross into Python and JS as JSON, so only JSON values are allowed. */
function jsonValue(value: unknown, place: Place): JsonValue {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      throw fieldError(place, `must be a finite number, got ${String(value)}`)
    return value
  }
  if (Array.isArray(value))
    return value.map((item, index) =>
      jsonValue(item, { ...place, field: `${place.field}[${index}]` })
    )
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, JsonValue> = {}
    for (const [key, item] of Object.entries(value))
      out[key] = jsonValue(item, { ...place, field: `${place.field}.${key}` })
    return out
  }
  throw fieldError(
    place,
    `must be a JSON value (number, string, boolean, null, list or mapping), got ${describe(value)}`
  )
}
