// The tests run the CLI and the Node harness from source, which needs Node 24 (type stripping).
// `npm test` puts node_modules/.bin (the `node` devDependency, Node 24) first on PATH; a bare
// `vitest` may pick up an older system Node and fail in confusing ways, so say so up front.
export default function checkNodeVersion(): void {
  const major = Number(process.versions.node.split('.')[0])
  if (major < 24) {
    throw new Error(
      `the tests need Node 24 or later, this is ${process.version}: run them with \`npm test\` (or \`npx vitest\`)`
    )
  }
}
