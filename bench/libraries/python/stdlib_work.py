"""The standard library's C modules: lzma and bz2 release the GIL while they compress; json and re
hold it."""

import bz2
import json
import lzma
import re

_DATA = bytes(range(256)) * 2048 + b"concurrency advisor " * 20_000
_DOCUMENT = {"rows": [{"id": i, "name": f"row {i}", "values": list(range(20))} for i in range(300)]}
_TEXT = " ".join(f"user{i}@example{i % 13}.com said {i * 7} things" for i in range(3000))
_EMAIL = re.compile(r"([a-z0-9]+)@([a-z0-9]+)\.com")


def compress_lzma(level: int) -> int:
    return len(lzma.compress(_DATA, preset=level))


def compress_bz2(level: int) -> int:
    return len(bz2.compress(_DATA, level))


def dump_json(times: int) -> int:
    return sum(len(json.dumps(_DOCUMENT)) for _ in range(times))


def find_emails(times: int) -> int:
    return sum(len(_EMAIL.findall(_TEXT)) for _ in range(times))
