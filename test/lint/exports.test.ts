// One home for each thing: no name is exported by two modules of src/. Two exports of one name are
// two definitions that drift apart, or a re-export that gives readers two places to import from. The
// exception is `run`, the one function of each shell that its entry calls (src/action/main.ts for
// src/index.ts, src/cli/main.ts for src/cli.ts). Names are read from each file's syntax, types included.
import { globSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../helpers/dist.ts'

const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  run: ['src/action/main.ts', 'src/cli/main.ts']
}

/** The names a module exports, from its syntax: declarations, `export { … }` lists, re-exports. */
function exportedNames(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS)
  const names: string[] = []
  for (const statement of source.statements) {
    if (ts.isExportDeclaration(statement)) {
      const clause = statement.exportClause
      if (clause === undefined) names.push(`* from ${statement.moduleSpecifier?.getText(source)}`)
      else if (ts.isNamedExports(clause))
        names.push(...clause.elements.map((element) => element.name.text))
      else names.push(clause.name.text)
      continue
    }
    const exported = ts.canHaveModifiers(statement)
      ? (ts.getModifiers(statement) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
      : false
    if (!exported) continue
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations)
        if (ts.isIdentifier(declaration.name)) names.push(declaration.name.text)
    } else if (
      (ts.isFunctionDeclaration(statement) ||
        ts.isClassDeclaration(statement) ||
        ts.isInterfaceDeclaration(statement) ||
        ts.isTypeAliasDeclaration(statement) ||
        ts.isEnumDeclaration(statement)) &&
      statement.name !== undefined
    ) {
      names.push(statement.name.text)
    }
  }
  return names
}

/** Each name exported by more than one module of src/ (allowed pairs aside), with its modules. */
function namesExportedTwice(files: readonly string[]): Record<string, string[]> {
  const homes = new Map<string, string[]>()
  for (const file of files) {
    const text = readFileSync(join(ROOT, file), 'utf8')
    for (const name of new Set(exportedNames(file, text)))
      homes.set(name, [...(homes.get(name) ?? []), file])
  }
  return Object.fromEntries(
    [...homes].filter(
      ([name, modules]) => modules.length > 1 && modules.join() !== (ALLOWED[name] ?? []).join()
    )
  )
}

describe('exports of src/', () => {
  it('name each thing once', () => {
    const files = globSync('src/**/*.ts', { cwd: ROOT }).sort()
    expect(files.length).toBeGreaterThan(50)
    expect(namesExportedTwice(files)).toEqual({})
  })

  it('are read from declarations, export lists and re-exports alike', () => {
    const names = exportedNames(
      'a.ts',
      [
        "export { isRecord, parseFault as readFault } from './protocol.ts'",
        'export const A = 1, B = 2',
        'export function f(): void {}',
        'export interface I {}',
        'export type T = I',
        'const hidden = 3',
        'export { hidden as shown }'
      ].join('\n')
    )
    expect(names).toEqual(['isRecord', 'readFault', 'A', 'B', 'f', 'I', 'T', 'shown'])
  })
})
