import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);

// src/runtimes/node/task-host/task-host.ts
import { parentPort } from "node:worker_threads";

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
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
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
async function callFunction(fn, args) {
  const value = fn(...args);
  return isThenable(value) ? await value : value;
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

// src/runtimes/protocol.ts
function isRecord(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
function isCount(value) {
  return typeof value === "number" && Number.isInteger(value) && value >= 0;
}
var OBSERVER_PREFIX = {
  engine: "harness protocol error",
  harness: "harness",
  "task host": "task host"
};
function protocolFault(message, seenBy = "engine") {
  return { kind: "protocol", message: `${OBSERVER_PREFIX[seenBy]}: ${message}` };
}

// src/runtimes/node/shared/protocol.ts
function parseHostCommand(value) {
  if (!isRecord(value)) return null;
  switch (value.type) {
    case "start":
      return typeof value.modulePath === "string" && typeof value.function === "string" ? { type: "start", modulePath: value.modulePath, function: value.function } : null;
    case "task":
      return isCount(value.id) && Array.isArray(value.args) ? { type: "task", id: value.id, args: value.args } : null;
    case "usage":
      return { type: "usage" };
    default:
      return null;
  }
}

// src/runtimes/node/task-host/task-host.ts
function serve() {
  const channel = openChannel();
  let fn = null;
  const handle = async (message) => {
    switch (message.type) {
      case "start": {
        const loaded = await loadFunction(message.modulePath, message.function);
        switch (loaded.kind) {
          case "function":
            fn = loaded.fn;
            channel.send({ type: "ready", usage: usage(channel) });
            return;
          case "config-error":
            fail(null, { kind: "exception", message: `${message.modulePath} ${loaded.problem}` });
            return;
          case "fault":
            fail(null, loaded.fault);
            return;
        }
        return;
      }
      case "task": {
        if (fn === null)
          return fail(message.id, protocolFault('a task came before "start"', "task host"));
        let value;
        try {
          value = await callFunction(fn, message.args);
        } catch (error) {
          return fail(message.id, exceptionFault(error));
        }
        try {
          channel.send({ type: "result", id: message.id, value });
        } catch (error) {
          fail(message.id, withContext(exceptionFault(error), "the result cannot be sent back"));
        }
        return;
      }
      case "usage":
        channel.send({ type: "usage", usage: usage(channel) });
        return;
    }
  };
  const fail = (id, fault) => {
    channel.send({ type: "error", id, fault });
  };
  const receive = (value) => {
    const message = parseHostCommand(value);
    if (message === null)
      fail(null, protocolFault("unreadable message from the harness", "task host"));
    else void handle(message);
  };
  if (parentPort !== null) parentPort.on("message", receive);
  else process.on("message", receive);
}
function openChannel() {
  const port = parentPort;
  if (port !== null) return { send: (message) => port.postMessage(message), reportsUsage: false };
  if (process.send === void 0)
    throw new Error("task-host runs inside the Node harness, as a worker thread or a forked child");
  process.on("disconnect", () => process.exit(0));
  process.on("uncaughtException", (error) => {
    const message = { type: "error", id: null, fault: exceptionFault(error) };
    try {
      process.send?.(message, void 0, void 0, () => process.exit(1));
    } catch {
      process.exit(1);
    }
  });
  return {
    send: (message) => {
      process.send?.(message);
    },
    reportsUsage: true
  };
}
function usage(channel) {
  if (!channel.reportsUsage) return null;
  const cpu = process.cpuUsage();
  return { cpuMicros: cpu.user + cpu.system, maxRssBytes: process.resourceUsage().maxRSS * 1024 };
}
serve();
