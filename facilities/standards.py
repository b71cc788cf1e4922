"""The plan's standard for each facility type (§2.1-§2.4), as a shortfall check (see facilities.compliance).

Why Python and not SQL: each rule is a comparison with the standard in force (an area range, two
set differences over many-to-many rows, a bed minimum, two flags); as SQL they would be nested
``EXISTS`` that duplicate this and could drift from it. The cost stays constant in queries: the
standards in force with the rooms and equipment they require (``FacilityStandard.objects.by_kind``,
three queries) and the facilities' own rooms and equipment (their prefetch, ``for_compliance``,
when every facility has one; otherwise two queries over the many-to-many tables). Types without
a standard meet it. The beds are the beds of the day checked (``beds_on``, from ``as_of``).
"""

from django.utils.translation import gettext as _

from facilities.compliance import Check, Shortfall
from facilities.models import BuildingSource, Facility, FacilityStandard

STANDARD_CHECK = "standard"
FEATURE_RELATIONS = ("rooms", "equipment")


class StandardsOnDay:
    """What the check read for a set of facilities: the standards in force and the facilities' rooms and equipment."""

    def __init__(self, standards, feature_ids):
        self.standards = standards  # {kind: FacilityStandard}
        self.feature_ids = feature_ids  # {facility pk: {"rooms": {feature pk}, "equipment": {feature pk}}}
        # each standard's required rooms and equipment, read from its prefetch once (not once per facility)
        self.required = {
            kind: (list(standard.required_rooms.all()), list(standard.required_equipment.all()))
            for kind, standard in standards.items()
        }

    def standard_for(self, facility):
        return self.standards.get(facility.kind)

    def __call__(self, facility):
        """Every shortfall of one facility against the standard of its type."""
        standard = self.standard_for(facility)
        if standard is None:
            return []
        present = self.feature_ids.get(facility.pk, {relation: set() for relation in FEATURE_RELATIONS})
        rooms, equipment = self.required[facility.kind]
        return [
            *_area(facility, standard),
            *_missing("room", _("Missing room: %(name)s"), rooms, present["rooms"], standard),
            *_missing("equipment", _("Missing equipment: %(name)s"), equipment, present["equipment"], standard),
            *_beds(facility, standard),
            *_reuse(facility, standard),
            *_approval(facility, standard),
        ]


def prepare(facilities, *, on):
    return StandardsOnDay(FacilityStandard.objects.by_kind(on), feature_ids(facilities))


def feature_ids(facilities):
    """{facility pk: {"rooms": {feature pk}, "equipment": {feature pk}}}: from the prefetch, else two queries.

    The many-to-many tables give the pairs directly: cheaper than ``prefetch_related``, which
    builds Feature objects and a related manager for every facility, where the checks need pks.
    """
    found = {facility.pk: {relation: set() for relation in FEATURE_RELATIONS} for facility in facilities}
    if not found:
        return found
    if all(_prefetched(facility) for facility in facilities):
        for facility in facilities:
            for relation in FEATURE_RELATIONS:
                found[facility.pk][relation] = {feature.pk for feature in getattr(facility, relation).all()}
        return found
    for relation in FEATURE_RELATIONS:
        pairs = getattr(Facility, relation).through.objects.filter(facility_id__in=list(found))
        for facility_id, feature_id in pairs.values_list("facility_id", "feature_id"):
            found[facility_id][relation].add(feature_id)
    return found


def _prefetched(facility):
    cache = getattr(facility, "_prefetched_objects_cache", {})
    return all(relation in cache for relation in FEATURE_RELATIONS)


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


def _missing(code, label, required, present_ids, standard):
    for feature in required:
        if feature.pk not in present_ids:
            yield Shortfall(code, label % {"name": feature.name}, standard.clause)


def _beds(facility, standard):
    if standard.min_beds is not None and facility.beds_on < standard.min_beds:
        message = _("Too few beds: %(beds)d, the standard asks for at least %(minimum)d") % {
            "beds": facility.beds_on,
            "minimum": standard.min_beds,
        }
        yield Shortfall("beds", message, standard.clause)


def _reuse(facility, standard):
    if standard.reuse_expected and facility.building_source == BuildingSource.NEW_BUILD:
        yield Shortfall("reuse", _("New build where reuse of an idle building is expected"), standard.clause)


def _approval(facility, standard):
    if standard.approval_required and not (facility.approval_kind and facility.approval_date):
        yield Shortfall("approval", _("No approval record of the villagers' committee or meeting"), standard.clause)


check = Check(
    code=STANDARD_CHECK,
    prepare=prepare,
    fields=("kind", "floor_area", "building_source", "approval_kind", "approval_date"),
)
