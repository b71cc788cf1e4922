"""A facility against the standard for its type (§2.1-§2.4).

Why Python and not SQL: each rule is a comparison with the standard in force
(an area range, two set differences over many-to-many rows, a bed minimum, two
flags). Written once here, ``Facility.shortfalls()``, the list filter "does not
meet the standard", the per-township counts and the Excel report all give the
same answer. The cost stays constant in queries: the facilities, the pks of
their rooms and equipment (``attach_feature_ids``) and the standards in force
with their three lists (``FacilityStandard.objects.by_kind``) — seven queries
however many facilities there are. A county has a few hundred facilities, so reading
them all to count is cheap.
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from facilities.models import BuildingSource, Facility, FacilityStandard


@dataclass(frozen=True)
class Shortfall:
    code: str  # area, room, equipment, beds, reuse, approval
    message: str
    clause: str = ""

    def __str__(self):
        return self.message


def standards_on(on=None):
    return FacilityStandard.objects.by_kind(on or timezone.localdate())


def shortfalls(facility, *, on=None, standards=None):
    """Every shortfall of one facility; an empty list when it meets the standard (or its type has none)."""
    standards = standards if standards is not None else standards_on(on)
    standard = standards.get(facility.kind)
    if standard is None:
        return []
    found = []
    for check in CHECKS:
        found.extend(check(facility, standard))
    return found


def _area(facility, standard):
    if standard.min_area is None and standard.max_area is None:
        return
    area = facility.floor_area
    if area is None:
        yield Shortfall(
            "area", _("Floor area not recorded (standard: %(range)s)") % {"range": standard.area_range}, standard.clause
        )
    elif (standard.min_area is not None and area < standard.min_area) or (
        standard.max_area is not None and area > standard.max_area
    ):
        message = _("Floor area %(area)s m² outside the standard %(range)s") % {
            "area": f"{area.normalize():f}",
            "range": standard.area_range,
        }
        yield Shortfall("area", message, standard.clause)


def _missing(code, label, required, present_ids, clause):
    for feature in required:
        if feature.pk not in present_ids:
            yield Shortfall(code, label % {"name": feature.name}, clause)


FEATURE_RELATIONS = ("rooms", "equipment")


def _present_ids(facility, relation):
    """The pks of the facility's rooms or equipment: from ``with_shortfalls``' bulk read, else the relation."""
    known = getattr(facility, "feature_ids", None)
    if known is not None:
        return known[relation]
    return {feature.pk for feature in getattr(facility, relation).all()}


def _rooms(facility, standard):
    yield from _missing(
        "room", _("Missing room: %(name)s"), standard.required_rooms.all(), _present_ids(facility, "rooms"), standard.clause
    )


def _equipment(facility, standard):
    yield from _missing(
        "equipment",
        _("Missing equipment: %(name)s"),
        standard.required_equipment.all(),
        _present_ids(facility, "equipment"),
        standard.clause,
    )


def _beds(facility, standard):
    # the beds of the day the check is for, where the caller read them (progress: ``beds_on``)
    beds = getattr(facility, "beds_on", facility.beds)
    if standard.min_beds is not None and beds < standard.min_beds:
        message = _("Too few beds: %(beds)d, the standard asks for at least %(minimum)d") % {
            "beds": beds,
            "minimum": standard.min_beds,
        }
        yield Shortfall("beds", message, standard.clause)


def _reuse(facility, standard):
    if standard.reuse_expected and facility.building_source == BuildingSource.NEW_BUILD:
        yield Shortfall("reuse", _("New build where reuse of an idle building is expected"), standard.clause)


def _approval(facility, standard):
    if standard.approval_required and not (facility.approval_kind and facility.approval_date):
        yield Shortfall("approval", _("No approval record of the villagers' committee or meeting"), standard.clause)


CHECKS = (_area, _rooms, _equipment, _beds, _reuse, _approval)


def with_shortfalls(facilities, on=None):
    """The facilities (an iterable), each given ``.shortfall_list``.

    Six queries besides the facilities' own: the standards in force (four) and the
    rooms and equipment of all the facilities (two, see ``attach_feature_ids``).
    """
    standards = standards_on(on)
    rows = list(facilities)
    attach_feature_ids(rows)
    for facility in rows:
        facility.shortfall_list = shortfalls(facility, standards=standards)
    return rows


def attach_feature_ids(facilities):
    """Give each facility ``feature_ids``: {"rooms": {feature pk}, "equipment": {feature pk}}.

    One query of (facility, feature) pairs per relation, read from the many-to-many
    tables. Cheaper than ``prefetch_related``, which builds Feature objects and a
    related manager with its own queryset for every facility; the checks only need pks.
    """
    by_pk = {facility.pk: facility for facility in facilities}
    if not by_pk:
        return
    for facility in facilities:
        facility.feature_ids = {relation: set() for relation in FEATURE_RELATIONS}
    for relation in FEATURE_RELATIONS:
        pairs = getattr(Facility, relation).through.objects.filter(facility_id__in=list(by_pk))
        for facility_id, feature_id in pairs.values_list("facility_id", "feature_id"):
            by_pk[facility_id].feature_ids[relation].add(feature_id)


# The columns the checks read; loading only these keeps counting the whole county light.
CHECKED_FIELDS = ("pk", "township_id", "kind", "floor_area", "beds", "building_source", "approval_kind", "approval_date")


def _checked(queryset, on):
    return with_shortfalls(queryset.select_related(None).only(*CHECKED_FIELDS), on=on)


def non_compliant_ids(queryset, on=None):
    return [facility.pk for facility in _checked(queryset, on) if facility.shortfall_list]


def compliance_by_township(facilities_qs=None, on=None):
    """{township_id: (compliant, not compliant)} over the given facilities (all of them by default).

    Facilities of a type without a standard count as compliant. Seven queries, whatever the number of facilities.
    """
    queryset = facilities_qs if facilities_qs is not None else Facility.objects.all()
    return tally_by_township(_checked(queryset, on))


def tally_by_township(checked):
    """{township_id: (compliant, not compliant)} over facilities already given ``shortfall_list``."""
    counts = {}
    for facility in checked:
        good, bad = counts.get(facility.township_id, (0, 0))
        counts[facility.township_id] = (good, bad + 1) if facility.shortfall_list else (good + 1, bad)
    return counts
