// The first place where a value breaks a JSON Schema, in words a person reads: "workloads[0].class:
// must be one of io-bound, …, got "fast"". A compiled TypeBox validator decides whether a value is
// valid; this walks the same schema only to explain a value that is not, because a validator's raw
// errors list every branch of every `anyOf` (a nullable number that got a string says "must be number",
// "must be null" and "must match a schema in anyOf").

import { Check } from 'typebox/value'
import type { TSchema } from 'typebox'

export interface SchemaProblem {
  /** e.g. workloads[0].measurements[1].speedup; empty for the value itself. */
  readonly path: string
  /** The same path as keys and indexes, e.g. ['workloads', 0, 'measurements', 1, 'speedup']. */
  readonly keys: readonly (string | number)[]
  /** e.g. "must be a number, got string "1.9"". */
  readonly message: string
}

/** A JSON Schema node, as far as these checks read it. */
interface Node {
  readonly type?: string
  readonly enum?: readonly unknown[]
  readonly const?: unknown
  readonly anyOf?: readonly Node[]
  readonly properties?: Readonly<Record<string, Node>>
  readonly required?: readonly string[]
  readonly additionalProperties?: boolean | Node
  readonly patternProperties?: Readonly<Record<string, Node>>
  readonly items?: Node
  readonly minimum?: number
  readonly maximum?: number
  readonly exclusiveMinimum?: number
  readonly minItems?: number
  readonly minLength?: number
  readonly pattern?: string
}

/** The first problem of `value` against `schema`, or null when there is none. */
export function firstError(schema: TSchema, value: unknown): SchemaProblem | null {
  return walk(schema, value, [])
}

type Keys = readonly (string | number)[]

function problem(keys: Keys, message: string): SchemaProblem {
  const path = keys
    .map((key, index) => (typeof key === 'number' ? `[${key}]` : index === 0 ? key : `.${key}`))
    .join('')
  return { path, keys, message }
}

/** Describes a value for a message: `string "1.9"`, `a list`, `nothing`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object') return 'a mapping'
  return `${typeof value} ${JSON.stringify(value)}`
}

const TYPE_WORDS: Readonly<Record<string, string>> = {
  number: 'a number',
  integer: 'a whole number',
  string: 'a string',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  null: 'null'
}

function walk(node: Node, value: unknown, path: Keys): SchemaProblem | null {
  const fail = (message: string): SchemaProblem => problem(path, message)
  if (node.anyOf !== undefined) {
    if (node.anyOf.some((branch) => Check(branch as TSchema, value))) return null
    // A nullable field that holds something else: explain against the non-null branch.
    const others = node.anyOf.filter((branch) => branch.type !== 'null')
    if (others.length === 1) return walk(others[0]!, value, path)
    return fail(`has none of the allowed shapes, got ${describeValue(value)}`)
  }
  if (node.const !== undefined && value !== node.const)
    return fail(`must be ${JSON.stringify(node.const)}, got ${describeValue(value)}`)
  if (node.enum !== undefined && !node.enum.includes(value))
    return fail(`must be one of ${node.enum.join(', ')}, got ${describeValue(value)}`)
  switch (node.type) {
    case 'object':
      return object(node, value, path)
    case 'array': {
      if (!Array.isArray(value)) return fail(`must be a list, got ${describeValue(value)}`)
      if (node.minItems !== undefined && value.length < node.minItems)
        return fail(
          node.minItems === 1 ? 'the list is empty' : `needs at least ${node.minItems} items`
        )
      if (node.items === undefined) return null
      for (const [index, item] of value.entries()) {
        const problem = walk(node.items, item, [...path, index])
        if (problem !== null) return problem
      }
      return null
    }
    case 'number':
    case 'integer':
      if (
        typeof value !== 'number' ||
        !Number.isFinite(value) ||
        (node.type === 'integer' && !Number.isInteger(value))
      )
        return fail(`must be ${TYPE_WORDS[node.type]}, got ${describeValue(value)}`)
      if (node.minimum !== undefined && value < node.minimum)
        return fail(`must be at least ${node.minimum}, got ${value}`)
      if (node.exclusiveMinimum !== undefined && value <= node.exclusiveMinimum)
        return fail(`must be above ${node.exclusiveMinimum}, got ${value}`)
      if (node.maximum !== undefined && value > node.maximum)
        return fail(`must be at most ${node.maximum}, got ${value}`)
      return null
    case 'string':
      if (typeof value !== 'string') return fail(`must be a string, got ${describeValue(value)}`)
      if (node.minLength !== undefined && value.length < node.minLength)
        return fail('must not be empty')
      if (node.pattern !== undefined && !new RegExp(node.pattern, 'u').test(value))
        return fail(`${JSON.stringify(value)} does not match ${node.pattern}`)
      return null
    case 'boolean':
    case 'null':
      return typeof value === node.type || (node.type === 'null' && value === null)
        ? null
        : fail(`must be ${TYPE_WORDS[node.type]}, got ${describeValue(value)}`)
    case undefined:
    default:
      // Anything else the walk does not explain: the validator's verdict stands.
      return Check(node as TSchema, value) ? null : fail('is not allowed here')
  }
}

function object(node: Node, value: unknown, path: Keys): SchemaProblem | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return problem(path, `must be an object, got ${describeValue(value)}`)
  const record = value as Record<string, unknown>
  for (const key of node.required ?? []) {
    if (!(key in record)) return problem([...path, key], 'missing')
  }
  for (const [key, item] of Object.entries(record)) {
    const property = node.properties?.[key]
    if (property !== undefined) {
      const found = walk(property, item, [...path, key])
      if (found !== null) return found
      continue
    }
    const pattern = Object.entries(node.patternProperties ?? {}).find(([source]) =>
      new RegExp(source, 'u').test(key)
    )
    if (pattern !== undefined) {
      const found = walk(pattern[1], item, [...path, key])
      if (found !== null) return found
      continue
    }
    if (node.additionalProperties === false) return problem([...path, key], 'unknown field')
    if (typeof node.additionalProperties === 'object') {
      const found = walk(node.additionalProperties, item, [...path, key])
      if (found !== null) return found
    }
  }
  return null
}
