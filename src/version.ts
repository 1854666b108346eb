// The tool's version, written into every results file. test/version.test.ts keeps it equal to package.json's.
export const TOOL_VERSION = '0.1.0'
