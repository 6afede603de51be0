"""Where the fleet simulator's time goes, by pyinstrument (a statistical profiler: less distortion
than cProfile on code made of many small calls).

Owns: profiling one worker's chunk (`run_chunk`: every default policy on the same histories).

Run: `pip install 'authsession[bench]' && python benchmarks/profile_fleet.py [--devices N]
[--days D]` (tiny: `--devices 1 --days 1`). Prints pyinstrument's call tree (library frames
folded away), each frame with its share of the time.
"""

from __future__ import annotations

import argparse

from pyinstrument import Profiler

from authsession.fleet import DEFAULT_POLICIES
from authsession.fleet.simulate import run_chunk


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--devices", type=int, default=16)
    parser.add_argument("--days", type=int, default=7)
    args = parser.parse_args()
    profiler = Profiler(interval=0.0005)
    profiler.start()
    run_chunk(0, list(range(args.devices)), args.days, list(DEFAULT_POLICIES))
    profiler.stop()
    print(profiler.output_text(show_all=False, color=False, unicode=True, time="percent_of_total"))


if __name__ == "__main__":
    main()
