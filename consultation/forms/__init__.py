"""Forms check the shape of what was typed; the rules live in consultation.services."""

from consultation.forms.cases import CaseCloseForm, CaseOpenForm, VoidForm
from consultation.forms.consents import ConsentForm, RevokeForm
from consultation.forms.records import (
    ArchiveForm,
    ChildEditForm,
    ChildForm,
    ClassroomEditForm,
    ClassroomForm,
    SiteEditForm,
    SiteForm,
)
from consultation.forms.visit_log import VisitLogForm

__all__ = [
    "ArchiveForm",
    "CaseCloseForm",
    "CaseOpenForm",
    "ChildEditForm",
    "ChildForm",
    "ClassroomEditForm",
    "ClassroomForm",
    "ConsentForm",
    "RevokeForm",
    "SiteEditForm",
    "SiteForm",
    "VisitLogForm",
    "VoidForm",
]
