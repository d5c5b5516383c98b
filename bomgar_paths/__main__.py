import gc
import sys

# Start-up makes long-lived objects only (modules, classes, the catalog), so the collector's
# passes over them, every 700 allocations by default, find nothing: about 0.5 ms of every
# run (issue 10). Collections still happen, 14 times less often; the command line owns
# its process, and a program that calls cli.main() keeps its own settings.
gc.set_threshold(10_000, *gc.get_threshold()[1:])

from .cli import main  # noqa: E402  (after the collector is set)

status = main()
# Nothing the command made is garbage that needs collecting now: freezing it spares the
# interpreter's final collection about 5 ms of every run (docs/performance.md).
gc.freeze()
sys.exit(status)
