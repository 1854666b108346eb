// What Node can enforce of a session's memory limit: a cap on each V8 heap (the harness's, each
// worker thread's, each child's). The engine still polls the summed RSS of the process group.

// Below this V8 cannot even start Node's own bootstrap, and the fault would be about us, not the workload.
const MIN_HEAP_MEGABYTES = 16

/** The old-generation heap cap, in MiB, for a memory limit in bytes; null for no limit. */
export function heapLimitMegabytes(memoryLimitBytes: number | null): number | null {
  if (memoryLimitBytes === null) return null
  return Math.max(MIN_HEAP_MEGABYTES, Math.floor(memoryLimitBytes / (1024 * 1024)))
}

/** Node flags that cap a process's heap at the limit, or none. */
export function heapLimitFlags(memoryLimitBytes: number | null): string[] {
  const megabytes = heapLimitMegabytes(memoryLimitBytes)
  return megabytes === null ? [] : [`--max-old-space-size=${megabytes}`]
}
