"""A comparison chart of a fleet run (optional: needs matplotlib, extra `plot`).

Owns: drawing spurious logouts and exposure per policy side by side and writing the file
atomically (`authsession.atomic`: only over a regular file, with the umask's mode). Must not
be imported unless a plot is asked for.
"""

from __future__ import annotations

import io
from pathlib import Path

from authsession.atomic import write_bytes_atomically
from authsession.fleet.simulate import FleetResult


def write_plot(result: FleetResult, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")  # no display on servers and CI
    import matplotlib.pyplot as plt

    names = list(result.policies)
    spurious = [result.policies[n].spurious_logouts_per_1000_device_days for n in names]
    exposure = [result.policies[n].exposure_seconds / 3600 / result.policies[n].device_days
                for n in names]  # fmt: skip
    # One bar per policy: thirteen by default, so the names are slanted to fit.
    figure, (left, right) = plt.subplots(1, 2, figsize=(14, 5.5))
    left.bar(names, spurious, color="#c0392b")
    left.set_title("Spurious logouts per 1,000 device-days")
    right.bar(names, exposure, color="#2c3e50")
    right.set_title("Hours a secret was readable while locked, per device-day")
    for axis in (left, right):
        axis.tick_params(axis="x", rotation=55)
        for tick in axis.get_xticklabels():
            tick.set_horizontalalignment("right")
    figure.suptitle(f"{result.devices} devices x {result.days} days (seed {result.seed})")
    figure.tight_layout()
    image = io.BytesIO()
    try:
        figure.savefig(image, format=path.suffix.lower().lstrip("."))
    finally:
        plt.close(figure)
    write_bytes_atomically(path, image.getvalue())
