#!/usr/bin/env python3
"""concurrency-advisor's Python harness: the launcher that src/runtimes/python/adapter.ts starts as
`python3 harness.py [--probe | --check]`. The code is the package beside it, concurrency_advisor_harness
(its __init__.py says what each module does).

A script, not `python -m`: `-m` would put the working directory (the user's config folder) first on
sys.path, where a user's json.py would shadow the standard library, and Python 3.9 has no -P to stop
it. A script puts its own folder first, and that folder holds only the package, whose name no user
module takes. Process-pool workers started with spawn or forkserver get the same sys.path, and
import the package's worker functions by name from there.
"""

import sys

# Older Pythons cannot run the package (it needs 3.9). The probe still answers with the version, so
# that the engine refuses the interpreter in one line that says why; this part reads on any Python,
# 2.7 included (hence no f-string).
if sys.version_info < (3, 9):  # noqa: UP036
    if "--probe" in sys.argv:
        import json

        version = "%d.%d.%d" % tuple(sys.version_info[:3])  # noqa: UP031
        sys.stdout.write(json.dumps({"version": version, "executable": sys.executable}) + "\n")
        sys.exit(0)
    sys.stderr.write("concurrency-advisor's harness needs Python 3.9 or later\n")
    sys.exit(2)

# The package ships in dist/ (an action's checkout, node_modules): compile it in memory rather than
# leave __pycache__ folders there. The user's modules, imported later, are cached as usual.
_write_bytecode = sys.dont_write_bytecode
sys.dont_write_bytecode = True
from concurrency_advisor_harness.main import main  # noqa: E402

sys.dont_write_bytecode = _write_bytecode

if __name__ == "__main__":
    main()
