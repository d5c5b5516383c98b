import gc
import sys

from .cli import main

status = main()
# Nothing the command made is garbage that needs collecting now: freezing it spares the
# interpreter's final collection about 5 ms of every run (docs/performance.md).
gc.freeze()
sys.exit(status)
