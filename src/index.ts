// The action's entry: GitHub runs dist/index.js, built from this file. All logic lives in action/main.ts.
import { run } from './action/main.ts'

await run()
