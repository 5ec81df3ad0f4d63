"""Peak memory of this process: the kernel's high-water mark, reset between operations where Linux allows it."""

from __future__ import annotations

import resource
from pathlib import Path

_STATUS = Path("/proc/self/status")
_CLEAR_REFS = Path("/proc/self/clear_refs")


def _status_kb(field: str) -> int | None:
    try:
        for line in _STATUS.read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


class PeakMemory:
    """The peak resident set size since creation or the last :meth:`reset`.

    On Linux the high-water mark (``VmHWM``) is reset by writing ``5`` to
    ``/proc/self/clear_refs``, so each operation gets its own peak; elsewhere the peak is the
    process's since it started (``ru_maxrss``), which the report says.
    """

    def __init__(self) -> None:
        self.resettable = False
        self.reset()

    def reset(self) -> None:
        """Start a new measurement."""
        try:
            _CLEAR_REFS.write_text("5")
            self.resettable = _status_kb("VmHWM") is not None
        except OSError:
            self.resettable = False

    def peak_mb(self) -> float:
        """Peak resident memory in MiB."""
        peak = _status_kb("VmHWM") if self.resettable else None
        if peak is None:
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return round(peak / 1024, 1)


def current_mb() -> float | None:
    """Resident memory now, in MiB (``None`` where ``/proc`` is missing)."""
    rss = _status_kb("VmRSS")
    return None if rss is None else round(rss / 1024, 1)


__all__ = ["PeakMemory", "current_mb"]
