"""The one way a share is written as a percentage."""

from decimal import Decimal


def percent(part, whole):
    """``part`` of ``whole`` in per cent, to one decimal; ``None`` when there is no whole (no share to show)."""
    if not whole:
        return None
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1"))
