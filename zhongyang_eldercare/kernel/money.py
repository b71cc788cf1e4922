"""Money: Decimal yuan, exact to the fen, shown with thousands separators.

Every amount in the portal is a ``Decimal`` with two places (the fen); sums are computed in the
database or with ``Decimal`` (never ``float``), and a computed share is rounded once, half up,
to the fen (``to_fen``).
"""

from decimal import ROUND_HALF_UP, Decimal

FEN = Decimal("0.01")


def to_fen(amount):
    """``amount`` rounded half up to the fen (a ``Decimal`` with two places)."""
    return Decimal(amount).quantize(FEN, rounding=ROUND_HALF_UP)


def yuan(amount):
    """``amount`` as the portal shows it: thousands separators and two places ("30,000.00"); "" for None."""
    if amount is None or amount == "":
        return ""
    return f"{to_fen(amount):,.2f}"
