import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);

// src/runtimes/node/harness/harness.ts
import { performance as performance5 } from "node:perf_hooks";
import { createInterface } from "node:readline";
import { serialize } from "node:v8";

// src/closed-sets.ts
var STRATEGIES = ["serial", "async", "threads", "processes"];
var START_METHODS = ["default", "fork", "spawn", "forkserver"];
var FAULT_KINDS = ["exception", "exit", "signal", "timeout", "memory", "protocol"];

// src/runtimes/protocol.ts
function parseFault(value) {
  if (!isRecord(value)) return null;
  const { kind, message } = value;
  if (!isFaultKind(kind) || typeof message !== "string") return null;
  const text = (key) => {
    const field = value[key];
    return typeof field === "string" ? { [key]: field } : {};
  };
  const exitCode = typeof value.exitCode === "number" ? { exitCode: value.exitCode } : {};
  return {
    kind,
    message,
    ...text("type"),
    ...text("code"),
    ...text("signal"),
    ...text("detail"),
    ...exitCode
  };
}
function isRecord(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return void 0;
  }
}
function parseJsonRecord(line) {
  const value = parseJson(line);
  return isRecord(value) ? value : null;
}
function isCount(value) {
  return typeof value === "number" && Number.isInteger(value) && value >= 0;
}
function isFaultKind(value) {
  return FAULT_KINDS.includes(value);
}
var OBSERVER_PREFIX = {
  engine: "harness protocol error",
  harness: "harness",
  "task host": "task host"
};
function protocolFault(message, seenBy = "engine") {
  return { kind: "protocol", message: `${OBSERVER_PREFIX[seenBy]}: ${message}` };
}

// src/runtimes/child-cpu.ts
import { readdirSync } from "node:fs";

// src/runtimes/proc-files.ts
import { closeSync, openSync, readSync } from "node:fs";
var buffer = Buffer.alloc(64 * 1024);
function readProcFile(path) {
  let fd;
  try {
    fd = openSync(path, "r");
  } catch {
    return null;
  }
  try {
    const length = readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.toString("latin1", 0, length);
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}
function procStatFields(text) {
  if (text === null || !text.includes(")")) return null;
  return text.slice(text.lastIndexOf(")") + 2).split(" ");
}

// src/runtimes/child-cpu.ts
var CLOCK_TICKS_PER_SECOND = 100;
function childCpuSeconds(root, measured) {
  if (process.platform !== "linux") return null;
  if (startedNone(root)) return 0;
  const stats = /* @__PURE__ */ new Map();
  let entries;
  try {
    entries = readdirSync("/proc");
  } catch {
    return null;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat !== null) stats.set(Number(entry), stat);
  }
  const rootStat = stats.get(root);
  if (rootStat === void 0) return null;
  const children = /* @__PURE__ */ new Map();
  for (const [pid, stat] of stats) {
    const siblings = children.get(stat.ppid) ?? [];
    siblings.push(pid);
    children.set(stat.ppid, siblings);
  }
  const members = /* @__PURE__ */ new Set();
  if (rootStat.pgrp === root) {
    for (const [pid, stat] of stats) if (stat.pgrp === root) members.add(pid);
  }
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop();
    members.add(pid);
    for (const child of children.get(pid) ?? []) if (!members.has(child)) stack.push(child);
  }
  const own = new Set(measured);
  let ticks = 0;
  for (const pid of members) {
    const stat = stats.get(pid);
    if (stat === void 0) continue;
    ticks += own.has(pid) ? stat.reapedTicks : stat.ownTicks + stat.reapedTicks;
  }
  return ticks / CLOCK_TICKS_PER_SECOND;
}
function startedNone(root) {
  const stat = readStat(root);
  if (stat === null || stat.reapedFaults > 0 || stat.reapedTicks > 0) return false;
  let tids;
  try {
    tids = readdirSync(`/proc/${root}/task`);
  } catch {
    return false;
  }
  for (const tid of tids) {
    const children = readProcFile(`/proc/${root}/task/${tid}/children`);
    if (children === null || children.trim() !== "") return false;
  }
  return true;
}
function readStat(pid) {
  const fields = procStatFields(readProcFile(`/proc/${pid}/stat`));
  if (fields === null) return null;
  const number = (index) => Number(fields[index]);
  const stat = {
    ppid: number(1),
    pgrp: number(2),
    reapedFaults: number(8),
    ownTicks: number(11) + number(12),
    reapedTicks: number(13) + number(14)
  };
  return Object.values(stat).every(Number.isFinite) ? stat : null;
}

// src/runtimes/node/shared/load-function.ts
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

// src/runtimes/node/shared/faults.ts
import { types } from "node:util";

// src/errors.ts
function formatError(error) {
  if (error instanceof Error) {
    const cause = error.cause === void 0 ? "" : ` (cause: ${formatError(error.cause)})`;
    return `${error.message}${cause}`.replace(/\s*\n\s*/g, " ");
  }
  if (typeof error === "string") return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}

// src/runtimes/text.ts
function lastLines(text, count) {
  return text.split("\n").map((line) => line.trimEnd()).filter((line) => line !== "").slice(-count).join("\n");
}

// src/runtimes/node/shared/faults.ts
var DETAIL_LINES = 12;
function exceptionFault(error) {
  if (!isErrorLike(error)) {
    return {
      kind: "exception",
      type: typeof error,
      message: `threw a non-Error value: ${oneLine(formatError(error))}`
    };
  }
  const name = typeof error.name === "string" && error.name !== "" ? error.name : "Error";
  const code = typeof error.code === "string" ? error.code : void 0;
  const label = code === void 0 ? name : `${name} [${code}]`;
  const text = oneLine(error.message);
  const cause = error.cause === void 0 ? "" : `
[cause]: ${oneLine(formatError(error.cause))}`;
  const stack = typeof error.stack === "string" ? error.stack : `${label}: ${error.message}`;
  return {
    kind: code === "ERR_WORKER_OUT_OF_MEMORY" ? "memory" : "exception",
    type: name,
    ...code === void 0 ? {} : { code },
    message: text === "" ? label : `${label}: ${text}`,
    detail: lastLines(stack + cause, DETAIL_LINES)
  };
}
function withContext(fault, context) {
  return { ...fault, message: `${context}: ${fault.message}` };
}
function isErrorLike(value) {
  if (types.isNativeError(value)) return true;
  return typeof value === "object" && value !== null && typeof value.message === "string" && typeof value.stack === "string";
}
function oneLine(text) {
  return text.trim().split("\n")[0]?.trim() ?? "";
}

// src/runtimes/node/shared/load-function.ts
var CJS_EXPORTS_KEY = "module.exports";
async function loadFunction(modulePath, name) {
  let namespace;
  try {
    namespace = await import(pathToFileURL(resolve(modulePath)).href);
  } catch (error) {
    return {
      kind: "fault",
      fault: withContext(exceptionFault(error), "importing the module failed")
    };
  }
  return resolveFunction(namespace, name);
}
function resolveFunction(namespace, name) {
  const fallback = namespace.default;
  let found = null;
  if (name !== CJS_EXPORTS_KEY && Object.hasOwn(namespace, name)) {
    found = { value: namespace[name], owner: null };
  } else if (isObject(fallback) && hasMember(fallback, name)) {
    found = { value: fallback[name], owner: fallback };
  }
  if (found === null || found.value === void 0) {
    const names = functionNames(namespace);
    const list = names.length === 0 ? "it exports no functions" : `it exports: ${names.join(", ")}`;
    return { kind: "config-error", problem: `has no function '${name}' (${list})` };
  }
  const { value, owner } = found;
  if (typeof value !== "function") {
    return { kind: "config-error", problem: `'${name}' is ${describe(value)}, not a function` };
  }
  const target = value;
  const fn = owner === null ? target : (...args) => target.call(owner, ...args);
  return { kind: "function", fn };
}
function functionNames(namespace) {
  const names = /* @__PURE__ */ new Set();
  for (const [key, value] of Object.entries(namespace)) {
    if (key !== CJS_EXPORTS_KEY && typeof value === "function") names.add(key);
  }
  const fallback = namespace.default;
  if (isObject(fallback)) {
    for (const [key, value] of Object.entries(fallback)) {
      if (typeof value === "function") names.add(key);
    }
  }
  return [...names].sort();
}
function hasMember(owner, name) {
  if (Object.hasOwn(owner, name)) return true;
  const base = typeof owner === "function" ? Function.prototype : Object.prototype;
  return name in owner && !(name in base);
}
function isObject(value) {
  return typeof value === "object" && value !== null || typeof value === "function";
}
function isThenable(value) {
  return isObject(value) && typeof value.then === "function";
}
function describe(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  const type = typeof value;
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

// src/runtimes/node/harness/check.ts
function probeNode() {
  return { version: process.versions.node, executable: process.execPath, defaultStartMethod: null };
}
async function checkWorkloads(input) {
  if (!Array.isArray(input)) throw new Error("--check expects a JSON array on stdin");
  const entries = [];
  for (const item of input) {
    if (!isRecord(item) || typeof item.name !== "string" || typeof item.modulePath !== "string" || typeof item.function !== "string")
      throw new Error("--check expects entries of {name, modulePath, function}");
    const loaded = await loadFunction(item.modulePath, item.function);
    entries.push({
      workload: item.name,
      configError: loaded.kind === "config-error" ? loaded.problem : null,
      fault: loaded.kind === "fault" ? loaded.fault : null
    });
  }
  return entries;
}

// src/runtimes/node/harness/commands.ts
function parseCommand(line) {
  const value = parseJsonRecord(line);
  if (value === null) return null;
  switch (value.type) {
    case "exit":
      return { type: "exit" };
    case "start":
      return { type: "start" };
    case "round":
      return isCount(value.tasks) && typeof value.measureBytes === "boolean" ? { type: "round", tasks: value.tasks, measureBytes: value.measureBytes } : null;
    case "init": {
      const { modulePath, args, strategy, workers, startMethod, memoryLimitBytes } = value;
      const fn = value.function;
      const strategyName = STRATEGIES.find((known) => known === strategy);
      const method = START_METHODS.find((known) => known === startMethod);
      const memory = memoryLimitBytes === null || memoryLimitBytes === void 0 ? null : typeof memoryLimitBytes === "number" && memoryLimitBytes > 0 ? memoryLimitBytes : void 0;
      if (typeof modulePath !== "string" || typeof fn !== "string" || !Array.isArray(args) || strategyName === void 0 || !isCount(workers) || workers < 1 || memory === void 0)
        return null;
      return {
        type: "init",
        modulePath,
        function: fn,
        // JSON.parse yields JSON values only.
        args,
        strategy: strategyName,
        workers,
        startMethod: method ?? "default",
        memoryLimitBytes: memory
      };
    }
    default:
      return null;
  }
}

// src/runtimes/node/shared/locate.ts
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
function locateSibling(base, names) {
  const paths = names.map((name) => fileURLToPath(new URL(`./${name}`, base)));
  const found = paths.find((path) => existsSync(path));
  if (found === void 0)
    throw new Error(`a file of the Node runtime is missing: looked for ${paths.join(" and ")}`);
  return found;
}

// src/runtimes/node/harness/output.ts
import { writeSync } from "node:fs";
var STDOUT_FD = 1;
function routeStdoutToStderr() {
  Object.defineProperty(process.stdout, "write", {
    value: process.stderr.write.bind(process.stderr),
    configurable: true,
    writable: true
  });
}
function writeProtocolLine(value) {
  const bytes = Buffer.from(`${JSON.stringify(value)}
`, "utf8");
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(STDOUT_FD, bytes, offset);
    } catch (error) {
      if (error.code !== "EAGAIN") throw error;
    }
  }
}

// src/runtimes/node/harness/parent-watch.ts
import { Worker } from "node:worker_threads";
var WATCH_INTERVAL_MS = 500;
var watchSource = () => `
const { workerData } = require('node:worker_threads')
const killIfOrphaned = ${killIfOrphaned.toString()}
setInterval(() => killIfOrphaned(workerData.parent), workerData.intervalMs)
`;
function watchParent() {
  if (process.platform === "win32") return;
  const parent = enginePid();
  setInterval(() => killIfOrphaned(parent), WATCH_INTERVAL_MS).unref();
}
function watchParentFromThread() {
  if (process.platform === "win32") return;
  const worker = new Worker(watchSource(), {
    eval: true,
    execArgv: [],
    workerData: { parent: enginePid(), intervalMs: WATCH_INTERVAL_MS }
  });
  worker.unref();
}
function killIfOrphaned(parent) {
  if (process.ppid === parent) return;
  try {
    process.kill(-process.pid, "SIGKILL");
  } catch {
  }
  process.kill(process.pid, "SIGKILL");
}
function enginePid() {
  const passed = Number(process.env.CONCURRENCY_ADVISOR_ENGINE_PID);
  return Number.isInteger(passed) && passed > 0 ? passed : process.ppid;
}

// src/runtimes/node/harness/pool.ts
import { performance as performance2 } from "node:perf_hooks";

// src/runtimes/node/harness/runner.ts
import { performance } from "node:perf_hooks";
function roundOnThisThread(started2, cpu, first, awaited) {
  const wallSeconds = (performance.now() - started2) / 1e3;
  return {
    ok: true,
    result: {
      wallSeconds,
      cpuSeconds: cpuSecondsSince(cpu),
      peakRssBytes: ownPeakRssBytes(),
      first,
      awaited
    }
  };
}
function cpuSecondsSince(start) {
  const delta = process.cpuUsage(start);
  return (delta.user + delta.system) / 1e6;
}
function ownPeakRssBytes() {
  return process.resourceUsage().maxRSS * 1024;
}

// src/runtimes/node/harness/pool.ts
function createPool(options) {
  const members = [];
  const usage = [];
  let broken = null;
  const idle = (_index, event) => {
    broken ??= isFault(event) ? event : unexpected(event);
  };
  let handler = idle;
  const send = (index, message) => {
    try {
      members[index]?.send(message);
    } catch {
    }
  };
  const collectUsage = (asked, command, reply) => {
    if (asked.length === 0) return Promise.resolve(null);
    return new Promise((resolve2) => {
      let answered = 0;
      handler = (index, event) => {
        if (isFault(event) || event.type !== reply) {
          handler = idle;
          resolve2(isFault(event) ? event : unexpected(event));
          return;
        }
        usage[index] = event.usage;
        if (++answered === asked.length) {
          handler = idle;
          resolve2(null);
        }
      };
      for (const index of asked) send(index, command);
    });
  };
  const askUsage = () => collectUsage(
    usage.flatMap((last, index) => last === null ? [] : [index]),
    { type: "usage" },
    "usage"
  );
  return {
    start() {
      for (let index = 0; index < options.workers; index++) {
        members.push(
          options.spawn({
            message: (message) => handler(index, message),
            fault: (fault) => handler(index, fault)
          })
        );
        usage.push(null);
      }
      return collectUsage(
        members.map((_, index) => index),
        { type: "start", modulePath: options.modulePath, function: options.function },
        "ready"
      );
    },
    async round(tasks, keepFirst) {
      if (broken !== null) return { ok: false, fault: broken };
      const before = [...usage];
      const cpu = process.cpuUsage();
      const started2 = performance2.now();
      const outcome = await new Promise((resolve2) => {
        let sent = 0;
        let done = 0;
        let first = void 0;
        const dispatch = (index) => {
          if (sent < tasks) send(index, { type: "task", id: sent++, args: options.args });
        };
        handler = (index, event) => {
          if (isFault(event) || event.type !== "result") {
            resolve2(isFault(event) ? event : unexpected(event));
            return;
          }
          if (done === 0 && keepFirst) first = event.value;
          if (++done === tasks) resolve2({ first });
          else dispatch(index);
        };
        if (tasks === 0) resolve2({ first });
        for (let index = 0; index < Math.min(tasks, members.length); index++) dispatch(index);
      });
      const wallSeconds = (performance2.now() - started2) / 1e3;
      const ownCpuSeconds = cpuSecondsSince(cpu);
      handler = idle;
      if (isFault(outcome)) {
        broken = outcome;
        return { ok: false, fault: outcome };
      }
      const fault = await askUsage();
      if (fault !== null) {
        broken = fault;
        return { ok: false, fault };
      }
      let childCpuMicros = 0;
      let childPeakBytes = 0;
      usage.forEach((now, index) => {
        if (now === null) return;
        childCpuMicros += now.cpuMicros - (before[index]?.cpuMicros ?? now.cpuMicros);
        childPeakBytes += now.maxRssBytes;
      });
      return {
        ok: true,
        result: {
          wallSeconds,
          cpuSeconds: ownCpuSeconds + childCpuMicros / 1e6,
          peakRssBytes: ownPeakRssBytes() + childPeakBytes,
          first: outcome.first
        }
      };
    },
    stop() {
      handler = () => void 0;
      for (const member of members) member.stop();
    },
    pids() {
      return [
        process.pid,
        ...members.flatMap((member) => member.pid === null ? [] : [member.pid])
      ];
    }
  };
}
function isFault(event) {
  return "kind" in event;
}
function unexpected(message) {
  if (message.type === "error") return message.fault;
  return { kind: "protocol", message: `task host sent "${message.type}" out of turn` };
}

// src/runtimes/node/harness/process-pool.ts
import { fork } from "node:child_process";

// src/runtimes/node/shared/heap-limit.ts
var MIN_HEAP_MEGABYTES = 16;
function heapLimitMegabytes(memoryLimitBytes) {
  if (memoryLimitBytes === null) return null;
  return Math.max(MIN_HEAP_MEGABYTES, Math.floor(memoryLimitBytes / (1024 * 1024)));
}
function heapLimitFlags(memoryLimitBytes) {
  const megabytes = heapLimitMegabytes(memoryLimitBytes);
  return megabytes === null ? [] : [`--max-old-space-size=${megabytes}`];
}

// src/runtimes/node/shared/protocol.ts
function parseHostReply(value) {
  if (!isRecord(value)) return null;
  switch (value.type) {
    case "ready":
    case "usage": {
      const usage = parseUsage(value.usage);
      return usage === void 0 ? null : { type: value.type, usage };
    }
    case "result":
      return isCount(value.id) ? { type: "result", id: value.id, value: value.value } : null;
    case "error": {
      const fault = parseFault(value.fault);
      const id = value.id === null ? null : isCount(value.id) ? value.id : void 0;
      return fault === null || id === void 0 ? null : { type: "error", id, fault };
    }
    default:
      return null;
  }
}
function parseUsage(value) {
  if (value === null) return null;
  if (!isRecord(value)) return void 0;
  const { cpuMicros, maxRssBytes } = value;
  return typeof cpuMicros === "number" && typeof maxRssBytes === "number" ? { cpuMicros, maxRssBytes } : void 0;
}

// src/runtimes/node/harness/member.ts
function memberReporter(events, noun) {
  let over = false;
  const fault = (value) => {
    if (over) return;
    over = true;
    events.fault(value);
  };
  return {
    receive: (value) => {
      if (over) return;
      const message = parseHostReply(value);
      if (message === null)
        fault({ kind: "protocol", message: `${noun} sent an unreadable message` });
      else events.message(message);
    },
    fault,
    silence: () => {
      over = true;
    }
  };
}

// src/runtimes/node/harness/process-pool.ts
var STDERR_TAIL_CHARS = 4e3;
var DETAIL_LINES2 = 12;
function processMembers(hostPath, memoryLimitBytes) {
  return (events) => {
    const child = fork(hostPath, [], {
      serialization: "advanced",
      // stdout onto the harness's stderr (fd 2), away from the protocol channel. stderr passes
      // through the harness, which keeps its tail to tell a V8 heap overflow from another abort.
      stdio: ["ignore", 2, "pipe", "ipc"],
      execArgv: heapLimitFlags(memoryLimitBytes)
    });
    let stderrTail = "";
    child.stderr?.on("data", (chunk) => {
      process.stderr.write(chunk);
      stderrTail = (stderrTail + chunk.toString("utf8")).slice(-STDERR_TAIL_CHARS);
    });
    const report = memberReporter(events, "a worker process");
    child.on("message", report.receive);
    child.on(
      "error",
      (error) => report.fault({ kind: "exit", message: `a worker process failed: ${error.message}` })
    );
    child.on("close", (code, signal) => report.fault(childDeathFault(code, signal, stderrTail)));
    return {
      pid: child.pid ?? null,
      send: (message) => {
        child.send(message, void 0, void 0, () => void 0);
      },
      stop: () => {
        report.silence();
        child.kill("SIGKILL");
      }
    };
  };
}
function childDeathFault(code, signal, stderr) {
  const detail = lastLines(stderr, DETAIL_LINES2);
  const detailField = detail === "" ? {} : { detail };
  const fatal = stderr.split("\n").find((line) => line.includes("heap out of memory"));
  if (fatal !== void 0)
    return {
      kind: "memory",
      message: "a worker process ran out of JavaScript heap",
      detail: fatal.trim()
    };
  if (signal !== null)
    return {
      kind: "signal",
      message: `a worker process was killed by ${signal}`,
      signal,
      ...detailField
    };
  const exitCode = code ?? -1;
  return {
    kind: "exit",
    message: `a worker process exited with code ${exitCode}`,
    exitCode,
    ...detailField
  };
}

// src/runtimes/node/harness/async-loop.ts
import { performance as performance3 } from "node:perf_hooks";
function createAsyncLoopRunner(fn, args, concurrency) {
  return {
    start: () => Promise.resolve(null),
    async round(tasks, keepFirst) {
      let next = 0;
      let first = void 0;
      let awaited = false;
      const lane = async () => {
        while (next < tasks) {
          const index = next++;
          let value = fn(...args);
          if (index === 0) awaited = isThenable(value);
          if (isThenable(value)) value = await value;
          if (index === 0 && keepFirst) first = value;
        }
      };
      const cpu = process.cpuUsage();
      const started2 = performance3.now();
      try {
        await Promise.all(Array.from({ length: Math.min(concurrency, tasks) }, lane));
      } catch (error) {
        return { ok: false, fault: exceptionFault(error) };
      }
      return roundOnThisThread(started2, cpu, first, awaited);
    },
    stop: () => void 0,
    // The calls run in the harness itself: its children are the workload's.
    pids: () => [process.pid]
  };
}

// src/runtimes/node/harness/serial.ts
import { performance as performance4 } from "node:perf_hooks";
function createSerialRunner(fn, args) {
  return {
    start: () => Promise.resolve(null),
    async round(tasks, keepFirst) {
      let first = void 0;
      let awaited = false;
      const cpu = process.cpuUsage();
      const started2 = performance4.now();
      for (let index = 0; index < tasks; index++) {
        let value;
        try {
          value = fn(...args);
          if (index === 0) awaited = isThenable(value);
          if (isThenable(value)) value = await value;
        } catch (error) {
          return { ok: false, fault: exceptionFault(error) };
        }
        if (index === 0 && keepFirst) first = value;
      }
      return roundOnThisThread(started2, cpu, first, awaited);
    },
    stop: () => void 0,
    pids: () => [process.pid]
  };
}

// src/runtimes/node/harness/thread-pool.ts
import { Worker as Worker2 } from "node:worker_threads";
function threadMembers(hostPath, memoryLimitBytes) {
  const heapMegabytes = heapLimitMegabytes(memoryLimitBytes);
  return (events) => {
    const worker = new Worker2(hostPath, {
      // The harness's stdout is the protocol channel: a worker's console.log goes to stderr.
      stdout: true,
      // The harness's own flags (its heap cap) are not the workers'; resourceLimits caps them.
      execArgv: [],
      ...heapMegabytes === null ? {} : { resourceLimits: { maxOldGenerationSizeMb: heapMegabytes } }
    });
    worker.stdout.pipe(process.stderr, { end: false });
    const report = memberReporter(events, "a worker thread");
    worker.on("message", report.receive);
    worker.on("messageerror", (error) => report.fault(exceptionFault(error)));
    worker.on("error", (error) => report.fault(exceptionFault(error)));
    worker.on(
      "exit",
      (exitCode) => report.fault({
        kind: "exit",
        message: `a worker thread exited with code ${exitCode}`,
        exitCode
      })
    );
    return {
      pid: null,
      send: (message) => worker.postMessage(message),
      stop: () => {
        report.silence();
        void worker.terminate();
      }
    };
  };
}

// src/runtimes/node/harness/harness.ts
var runner = null;
var started = false;
async function main() {
  routeStdoutToStderr();
  if (process.argv.includes("--probe")) {
    writeProtocolLine(probeNode());
    return finish();
  }
  watchParent();
  if (process.argv.includes("--check")) {
    watchParentFromThread();
    writeProtocolLine(await checkWorkloads(JSON.parse(await readStdin())));
    return finish();
  }
  process.on(
    "uncaughtException",
    (error) => finish({ type: "fault", fault: exceptionFault(error) })
  );
  await serveSession();
  finish();
}
async function serveSession() {
  let args = [];
  let strategy = "serial";
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    if (line.trim() === "") continue;
    const command = parseCommand(line);
    if (command === null)
      return finish(protocolFaultReply(`unreadable command: ${line.slice(0, 200)}`));
    switch (command.type) {
      case "exit":
        return;
      case "init": {
        if (runner !== null) return finish(protocolFaultReply('a second "init"'));
        args = command.args;
        strategy = command.strategy;
        if (strategy === "serial" || strategy === "async") watchParentFromThread();
        const loaded = await loadRunner(command);
        if ("kind" in loaded) return finish({ type: "fault", fault: loaded });
        runner = loaded;
        writeProtocolLine({ type: "loaded" });
        break;
      }
      case "start": {
        if (runner === null) return finish(protocolFaultReply('"start" before "init"'));
        if (started) return finish(protocolFaultReply('a second "start"'));
        started = true;
        const startup = await startRunner(runner, strategy);
        if ("kind" in startup) return finish({ type: "fault", fault: startup });
        writeProtocolLine(startup);
        break;
      }
      case "round": {
        if (runner === null || !started) return finish(protocolFaultReply('"round" before "start"'));
        const childrenBefore = childCpuSeconds(process.pid, runner.pids());
        const outcome = await runner.round(command.tasks, command.measureBytes);
        if (!outcome.ok) return finish({ type: "fault", fault: outcome.fault });
        const childrenAfter = childCpuSeconds(process.pid, runner.pids());
        const children = childrenBefore === null || childrenAfter === null ? null : Math.max(0, childrenAfter - childrenBefore);
        const { result } = outcome;
        const measure = command.measureBytes;
        writeProtocolLine({
          type: "round",
          wallSeconds: result.wallSeconds,
          cpuSeconds: result.cpuSeconds + (children ?? 0),
          childCpuSeconds: children,
          peakRssBytes: result.peakRssBytes,
          bytesToWorkersPerCall: measure ? serializedBytes(args) : null,
          bytesFromWorkersPerCall: measure ? serializedBytes(result.first) : null,
          awaited: result.awaited ?? null
        });
        break;
      }
    }
  }
}
async function loadRunner(command) {
  const { modulePath, workers, memoryLimitBytes } = command;
  let members;
  switch (command.strategy) {
    case "serial":
    case "async": {
      const loaded = await loadFunction(modulePath, command.function);
      if (loaded.kind === "config-error")
        return { kind: "exception", message: `${modulePath} ${loaded.problem}` };
      if (loaded.kind === "fault") return loaded.fault;
      return command.strategy === "serial" ? createSerialRunner(loaded.fn, command.args) : createAsyncLoopRunner(loaded.fn, command.args, workers);
    }
    case "threads":
      members = threadMembers(taskHostPath(), memoryLimitBytes);
      break;
    case "processes":
      members = processMembers(taskHostPath(), memoryLimitBytes);
      break;
  }
  return createPool({
    workers,
    modulePath,
    function: command.function,
    args: command.args,
    spawn: members
  });
}
async function startRunner(loaded, strategy) {
  const since = performance5.now();
  const fault = await loaded.start();
  if (fault !== null) return fault;
  const pool = strategy === "threads" || strategy === "processes";
  return ready(pool ? (performance5.now() - since) / 1e3 : 0);
}
function ready(startupSeconds) {
  return { type: "ready", startupSeconds, runtimeVersion: process.versions.node, startMethod: null };
}
function taskHostPath() {
  return locateSibling(import.meta.url, ["../task-host/task-host.ts", "task-host.js"]);
}
function serializedBytes(value) {
  try {
    return serialize(value).length;
  } catch {
    return null;
  }
}
function protocolFaultReply(message) {
  return { type: "fault", fault: protocolFault(message, "harness") };
}
function finish(reply) {
  if (reply !== void 0) writeProtocolLine(reply);
  runner?.stop();
  process.exit(0);
}
async function readStdin() {
  let text = "";
  process.stdin.setEncoding("utf8");
  for await (const chunk of process.stdin) text += String(chunk);
  return text;
}
await main();
