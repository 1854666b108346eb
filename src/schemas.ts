// The two JSON Schemas the build ships (scripts/build.mjs writes them to dist/): the config file's, for
// editors and validators, and the results file's, for whoever reads one.

export { ConfigFileSchema } from './config/schema.ts'
export { ResultsFileSchema } from './results/schema.ts'
