"""The records of consultation work, one module per feature; import them from here."""

from consultation.models.base import ReferenceItem, TimeStamped
from consultation.models.cases import ConsultationCase
from consultation.models.children import Child, FamilyLanguage, initials_of
from consultation.models.consents import Consent
from consultation.models.drafts import VisitDraft
from consultation.models.exclusions import MAX_EXCLUSION_DAYS, ExclusionEvent
from consultation.models.goals import GoalProgress, PyramidGoal
from consultation.models.imports import ImportRun
from consultation.models.intake import OPEN_INTAKE_STATUSES, Intake, IntakeStep
from consultation.models.measures import (
    Administration,
    CutOff,
    Instrument,
    MeasureDue,
    Point,
    Score,
    ScoreField,
)
from consultation.models.outcomes import (
    DECLINED,
    FOLLOW_UP_DAYS,
    NOT_RECORDED,
    ChildDemographics,
    PlacementFollowUp,
    Race,
)
from consultation.models.reference import (
    Activity,
    ConcernItem,
    County,
    PracticeArea,
    PyramidTier,
)
from consultation.models.sites import STARS_NEW_SCALE_FROM, Classroom, Site, StarRating
from consultation.models.supervision import MAX_SUPERVISION_MINUTES, SupervisionSession
from consultation.models.trainings import MAX_TRAINING_MINUTES, Training, TrainingTopic
from consultation.models.visits import MAX_VISIT_MINUTES, VISIT_HISTORY, ObservedConcern, Visit

__all__ = [
    "DECLINED",
    "FOLLOW_UP_DAYS",
    "NOT_RECORDED",
    "ChildDemographics",
    "PlacementFollowUp",
    "Race",
    "MAX_EXCLUSION_DAYS",
    "MAX_VISIT_MINUTES",
    "MAX_SUPERVISION_MINUTES",
    "OPEN_INTAKE_STATUSES",
    "STARS_NEW_SCALE_FROM",
    "Activity",
    "Administration",
    "Child",
    "FamilyLanguage",
    "Classroom",
    "ConcernItem",
    "Consent",
    "ConsultationCase",
    "CutOff",
    "County",
    "ExclusionEvent",
    "GoalProgress",
    "Intake",
    "IntakeStep",
    "Instrument",
    "MeasureDue",
    "ObservedConcern",
    "Point",
    "PracticeArea",
    "PyramidGoal",
    "PyramidTier",
    "ReferenceItem",
    "Score",
    "ScoreField",
    "Site",
    "StarRating",
    "SupervisionSession",
    "TimeStamped",
    "Visit",
    "VISIT_HISTORY",
    "VisitDraft",
    "initials_of",
    "ImportRun",
    "MAX_TRAINING_MINUTES",
    "Training",
    "TrainingTopic",
]
