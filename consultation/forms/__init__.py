"""Forms check the shape of what was typed; the rules live in consultation.services."""

from consultation.forms.cases import CaseCloseForm, CaseOpenForm, VoidForm
from consultation.forms.records import ChildForm, ClassroomForm, SiteForm
from consultation.forms.visit_log import VisitLogForm

__all__ = [
    "CaseCloseForm",
    "CaseOpenForm",
    "ChildForm",
    "ClassroomForm",
    "SiteForm",
    "VisitLogForm",
    "VoidForm",
]
