#!/bin/sh
# Installs the real-library suite's pinned libraries beside it (README.md): a virtual environment in
# bench/libraries/.venv from requirements.txt, and bench/libraries/node_modules from package-lock.json.
# Needs network access to PyPI and npm. PYTHON picks the interpreter (default: python3 on PATH).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
python=${PYTHON:-python3}
if [ ! -x "$here/.venv/bin/python" ]; then
  "$python" -m venv "$here/.venv"
fi
"$here/.venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt"
(cd "$here" && npm ci --no-audit --no-fund --silent)
"$here/.venv/bin/python" -c 'import markdown, numpy, yaml; print("python libraries:", "numpy", numpy.__version__, "Markdown", markdown.__version__, "PyYAML", yaml.__version__)'
echo "npm libraries: $(cd "$here" && node -p "Object.keys(require('./package.json').dependencies).join(', ')")"
