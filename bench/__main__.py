"""``python -m bench``: the callback micro-benchmark (bench/run.py)."""

import sys

from bench.run import main

sys.exit(main())
