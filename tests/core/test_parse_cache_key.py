"""The parse cache key of a file does not depend on what the process did before."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_KEY = """
import sys
from pathlib import Path
from termsite.source.schema import schema_text, validate
from termsite.source.yaml import Source
from termsite.speed.parse_cache import ParseCache
if sys.argv[1] == "validated-first":
    validate(Source("x", {}), "version")  # compiles the validator, which adds to schema("version")
raw = Path(sys.argv[2]).read_bytes()
print(ParseCache(None).key(raw, schema_text("version")))
"""


def test_the_key_is_the_same_whether_or_not_a_validator_was_compiled_first() -> None:
    version = next((ROOT / "terms").glob("*/2*.yml"))
    keys = {
        subprocess.run([sys.executable, "-c", _KEY, order, str(version)], capture_output=True, text=True,
                       check=True).stdout
        for order in ("validated-first", "keyed-first")
    }
    assert len(keys) == 1
