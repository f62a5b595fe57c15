#!/usr/bin/env python3
"""Extracts the two seed scripts from the seed document's ```python blocks, unchanged."""
import pathlib
import re
import sys

HERE = pathlib.Path(__file__).parent
SCRIPTS = {
    '"""\nGenerate a config list of projects not yet completed': "generate_remaining_configs.py",
    '"""\nGenerate a completion log from existing S3 products': "generate_retroactive_log.py",
}

doc = pathlib.Path(sys.argv[1]).read_text()
for block in re.findall(r"```python\n(.*?)```", doc, re.S):
    for opening, name in SCRIPTS.items():
        if block.startswith("#!/usr/bin/env python3\n" + opening):
            (HERE / name).write_text(block)
            print("wrote", HERE / name)
