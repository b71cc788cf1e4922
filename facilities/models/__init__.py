"""The facilities app's models, one module per section of the plan they serve.

``from facilities.models import X`` keeps working for every public name:

* ``places``: the county, townships, administrative villages, relocation sites;
* ``plan``: the policy document, the task table (Attachment 3) and its targets;
* ``oversight``: the leading group, its office and the responsibility table (Attachments 1-2);
* ``registry``: facility types, standards and features, facilities and their dated histories;
* ``projects``: the key projects the plan names and their milestones.
"""

from facilities.models.oversight import Department, Duty, GroupRole, LeadingGroupMember, LeadingGroupOffice
from facilities.models.places import BedRatio, City, County, RelocationSite, Township, TownshipKind, Village
from facilities.models.plan import PlanTableCell, PlanTableRow, PolicyDocument, Target, TargetCode, TaskKind
from facilities.models.plan_uploads import PlanUpload, PlanUploadStatus
from facilities.models.projects import KeyProject, Milestone, MilestoneStatus
from facilities.models.registry import (
    COVERAGE_KINDS,
    IN_SERVICE,
    LIFE_ORDER,
    NURSING_KINDS,
    ApprovalKind,
    BedCount,
    BuildingSource,
    Facility,
    FacilityKind,
    FacilityStandard,
    FacilityStatus,
    FacilityStatusChange,
    Feature,
    FeatureCategory,
    MealService,
    OperatingModel,
)

__all__ = [
    "COVERAGE_KINDS",
    "IN_SERVICE",
    "LIFE_ORDER",
    "NURSING_KINDS",
    "ApprovalKind",
    "BedCount",
    "BedRatio",
    "BuildingSource",
    "City",
    "County",
    "Department",
    "Duty",
    "Facility",
    "FacilityKind",
    "FacilityStandard",
    "FacilityStatus",
    "FacilityStatusChange",
    "Feature",
    "FeatureCategory",
    "GroupRole",
    "KeyProject",
    "LeadingGroupMember",
    "LeadingGroupOffice",
    "MealService",
    "Milestone",
    "MilestoneStatus",
    "OperatingModel",
    "PlanTableCell",
    "PlanUpload",
    "PlanUploadStatus",
    "PlanTableRow",
    "PolicyDocument",
    "RelocationSite",
    "Target",
    "TargetCode",
    "TaskKind",
    "Township",
    "TownshipKind",
    "Village",
]
