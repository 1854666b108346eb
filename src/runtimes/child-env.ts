// The environment a harness, and so the user's code, starts with: the tool's own, minus what was
// meant for the tool alone. On GitHub Actions a JavaScript action receives its inputs (the token
// among them) as INPUT_* variables, and the runner's own credentials (artifacts and cache, OIDC
// tokens) that `run:` steps never see; the workloads are code from the pull request.

/** Variables that hold the tool's credentials, never passed to workloads. */
const WITHHELD = [
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_RUNTIME_URL',
  'ACTIONS_RESULTS_URL',
  'ACTIONS_CACHE_URL',
  'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
  'ACTIONS_ID_TOKEN_REQUEST_URL',
  'GITHUB_TOKEN'
] as const

/**
 * Tells a harness which process started it, so that its parent watch works even when the engine
 * died before the harness was up (its parent is then already init, not the engine).
 */
export const ENGINE_PID_VARIABLE = 'CONCURRENCY_ADVISOR_ENGINE_PID'

/** The environment of a harness or check process: the workload's, and the engine's pid. */
export function harnessEnvironment(env: NodeJS.ProcessEnv): Record<string, string> {
  return { ...workloadEnvironment(env), [ENGINE_PID_VARIABLE]: String(process.pid) }
}

/** `env` without the action's inputs and the runner's credentials. */
export function workloadEnvironment(env: NodeJS.ProcessEnv): Record<string, string> {
  const kept: Record<string, string> = {}
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue
    const upper = name.toUpperCase()
    if (upper.startsWith('INPUT_') || (WITHHELD as readonly string[]).includes(upper)) continue
    kept[name] = value
  }
  return kept
}
