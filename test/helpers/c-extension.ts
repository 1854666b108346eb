// A C extension module that has not declared free-threading support (no Py_mod_gil slot): importing
// it turns a free-threaded CPython's GIL back on, with a RuntimeWarning. Compiled at test time with
// the machine's gcc against the interpreter's own headers, into a test's temp folder.
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'

/** The source of module `name`, whose spin(n) adds up 0..n-1 in C, holding the GIL. */
function source(name: string): string {
  return `#include <Python.h>
static PyObject *spin(PyObject *self, PyObject *args) { long n; if (!PyArg_ParseTuple(args, "l", &n)) return NULL; volatile long s = 0; for (long i = 0; i < n; i++) s += i; return PyLong_FromLong(s); }
static PyMethodDef methods[] = {{"spin", spin, METH_VARARGS, NULL}, {NULL, NULL, 0, NULL}};
static struct PyModuleDef mod = {PyModuleDef_HEAD_INIT, "${name}", NULL, -1, methods};
PyMODINIT_FUNC PyInit_${name}(void) { return PyModule_Create(&mod); }
`
}

/** Whether gcc runs here. */
export function hasGcc(): boolean {
  try {
    execFileSync('gcc', ['--version'], { stdio: 'ignore', timeout: 30_000 })
    return true
  } catch {
    return false
  }
}

/**
 * Compiles module `name` for `python` into `dir` (with the interpreter's extension suffix, e.g.
 * `.cpython-313t-x86_64-linux-gnu.so`) and returns the path of the shared library.
 */
export function compileLegacyExtension(
  python: string,
  dir: { readonly path: string; write(relative: string, content: string): string },
  name: string
): string {
  const [include, suffix] = execFileSync(
    python,
    [
      '-c',
      'import sysconfig; print(sysconfig.get_paths()["include"]); print(sysconfig.get_config_var("EXT_SUFFIX"))'
    ],
    { encoding: 'utf8', timeout: 30_000 }
  )
    .trim()
    .split('\n')
  const c = dir.write(`${name}.c`, source(name))
  const library = join(dir.path, `${name}${suffix!}`)
  execFileSync('gcc', ['-shared', '-fPIC', `-I${include!}`, c, '-o', library], {
    stdio: 'pipe',
    timeout: 120_000
  })
  return library
}
