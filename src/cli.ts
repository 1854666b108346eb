// CLI entry: runs the CLI and sets the exit code, nothing else.
import { run } from './cli/main.ts'

process.exitCode = await run(process.argv.slice(2))
