"""numpy workloads: where the work runs in numpy's C loops (which release the GIL for numeric
dtypes) and where Python drives numpy one small call at a time (which holds it)."""

import numpy as np

_RANDOM = np.random.default_rng(19).random(400_000)


def sort_copy(times: int) -> float:
    """Sorts a copy of 400,000 floats `times` times: C code with the GIL released."""
    total = 0.0
    for _ in range(times):
        total += float(np.sort(_RANDOM)[-1])
    return total


def small_steps(steps: int) -> float:
    """Thousands of tiny numpy calls from a Python loop: the GIL is held between them."""
    value = np.zeros(4)
    for i in range(steps):
        value = value * 0.5 + np.float64(i % 7)
    return float(value.sum())


def make_array(megabytes: int) -> np.ndarray:
    """An array of `megabytes` MiB that a process pool must pickle back."""
    return np.ones(megabytes * 1024 * 1024 // 8)
