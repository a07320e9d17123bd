"""The access matrix's rows for the admin of case records and reference lists (see
access_rows.py for the rest, and test_access_matrix.py for how to add a row)."""

from collections.abc import Callable

from django.contrib.contenttypes.models import ContentType

from tests.security.access_common import (
    READ_ONLY,
    SUPERVISOR_OF,
    Row,
    admin_model_rows,
    expect,
)

# The admin of the case records ------------------------------------------------------------------
# Consultants are not staff: every admin page sends them to sign in (302), like the signed out.
# Reference lists: staff read them, superusers edit them. Case records: a supervisor sees their
# team's (another team's record does not exist: 404), the program lead reads all, nobody deletes.
STAFF = ("sue", "tom", "lee")


def staff(status: int, *, admin: int | None = None, **by_role: int) -> dict[str, int]:
    """Every staff member (and the superuser, unless given) gets `status`; others sign in."""
    return expect(302, **dict.fromkeys(STAFF, status), admin=status if admin is None else admin) | (
        by_role
    )


def in_scope_of(owner: str, ok: int, *, lee: int | None = None, admin: int | None = None):
    """A case record of `owner`: their supervisor gets `ok`, the other supervisor 404."""
    other = {"sue": "tom", "tom": "sue"}[SUPERVISOR_OF[owner]]
    return staff(ok, admin=admin, lee=ok if lee is None else lee) | {other: 404}


def admin_pk(kind: str, owner: str | None = None) -> Callable[[dict], dict]:
    def kwargs(world):
        obj = world["records"][owner][kind] if owner else world[kind]
        return {"object_id": str(obj.pk)}

    return kwargs


def supervision_session_of(owner: str) -> Callable[[dict], dict]:
    def kwargs(world):
        return {"object_id": str(world["records"][owner]["supervisionsession"].pk)}

    return kwargs


def view_on_site_of(kind: str, owner: str) -> Callable[[dict], dict]:
    def kwargs(world):
        record = world["records"][owner][kind]
        content_type = ContentType.objects.get_for_model(record)
        return {"content_type_id": str(content_type.pk), "object_id": str(record.pk)}

    return kwargs


def admin_history_version(kind: str, owner: str | None = None) -> Callable[[dict], tuple]:
    def args(world):
        obj = world["records"][owner][kind] if owner else world[kind]
        if not hasattr(obj, "history"):  # a log without an audit trail of its own
            return (str(obj.pk), "0")
        return (str(obj.pk), str(obj.history.order_by("history_id").first().history_id))

    return args


def reference_admin_rows(app: str, model: str, *, history_version: bool = False) -> dict:
    """A reference list: staff read it (a POST of the change form is refused), superusers edit
    and delete (an empty POST redisplays the form or the confirmation)."""
    prefix, pk = f"admin:{app}_{model}", admin_pk(model)
    rows = {
        f"{prefix}_changelist": Row(get=staff(200), post=staff(200)),
        f"{prefix}_add": Row(get=staff(403, admin=200), post=staff(403, admin=200)),
        f"{prefix}_change": Row(get=staff(200), post=staff(403, admin=200), kwargs=pk),
        f"{prefix}_history": Row(get=staff(200), post=staff(200), kwargs=pk),
        f"{prefix}_delete": Row(get=staff(403, admin=200), post=staff(403, admin=200), kwargs=pk),
    }
    if history_version:
        rows[f"{prefix}_simple_history"] = Row(
            get=staff(200), post=staff(405), kwargs=admin_history_version(model)
        )
    return rows


def catalogue_admin_rows(model: str, *, history_version: bool = False) -> dict:
    """A row of the instrument catalogue: like a reference list, but the program lead edits."""
    rows = reference_admin_rows("consultation", model, history_version=history_version)
    prefix, pk = f"admin:consultation_{model}", admin_pk(model)
    edits = staff(403, admin=200, lee=200)
    rows[f"{prefix}_add"] = Row(get=edits, post=edits)
    rows[f"{prefix}_change"] = Row(get=staff(200), post=edits, kwargs=pk)
    return rows


def scoped_admin_rows(
    app: str,
    model: str,
    *,
    superuser_adds: bool = False,
    read_only: bool = False,
    versions: bool | None = None,
) -> dict:
    """A case record, against ana's and cara's: the reviewer's scope decides, the program lead
    reads only, nobody deletes; an empty POST of the change form redisplays it with errors.
    A read-only record is a log without versions of its own unless `versions` says it has."""
    prefix = f"admin:{app}_{model}"
    versions = not read_only if versions is None else versions
    add = staff(403, admin=200 if superuser_adds else 403)

    def per_owner(get, post, kwargs) -> tuple[Row, ...]:
        return tuple(
            Row(get=get(owner), post=post(owner), kwargs=kwargs(model, owner))
            for owner in ("ana", "cara")
        )

    return {
        f"{prefix}_changelist": Row(get=staff(200), post=staff(200)),
        f"{prefix}_add": Row(get=add, post=add),
        f"{prefix}_change": per_owner(
            lambda o: in_scope_of(o, 200),
            lambda o: in_scope_of(o, 403) if read_only else in_scope_of(o, 200, lee=403),
            admin_pk,
        ),
        f"{prefix}_history": per_owner(
            lambda o: in_scope_of(o, 200), lambda o: in_scope_of(o, 200), admin_pk
        ),
        f"{prefix}_delete": per_owner(
            lambda o: in_scope_of(o, 403), lambda o: in_scope_of(o, 403), admin_pk
        ),
        f"{prefix}_simple_history": per_owner(
            # A log without versions of its own has no page per version (404).
            lambda o: in_scope_of(o, 200 if versions else 404),
            lambda o: in_scope_of(o, 405 if versions else 404),
            admin_history_version,
        ),
    }


def intake_admin_rows() -> dict:
    """Requests for consultation, read only (steps are taken on the request's page): scoped like
    the intake queue. Besides ana's and cara's assigned requests, an unassigned one in a county
    of sue's team: sue sees it, tom (another team) does not."""
    rows = scoped_admin_rows("consultation", "intake", read_only=True, versions=True)
    unassigned = {
        "change": (staff(200, tom=404), staff(403, tom=404)),
        "history": (staff(200, tom=404), staff(200, tom=404)),
        "delete": (staff(403, tom=404), staff(403, tom=404)),
    }
    for view, (get, post) in unassigned.items():
        key = f"admin:consultation_intake_{view}"
        rows[key] = (*rows[key], Row(get=get, post=post, kwargs=admin_pk("unassigned_intake")))
    return rows


ADMIN_RECORD_ROWS: dict[str, Row | tuple[Row, ...]] = {
    **reference_admin_rows("consultation", "county"),
    **reference_admin_rows("consultation", "activity"),
    **reference_admin_rows("consultation", "concernitem"),
    **reference_admin_rows("consultation", "practicearea"),
    **reference_admin_rows("consultation", "pyramidtier"),
    **reference_admin_rows("consultation", "trainingtopic"),
    **reference_admin_rows("referrals", "servicetype"),
    **reference_admin_rows("referrals", "agency", history_version=True),
    **scoped_admin_rows("consultation", "site", superuser_adds=True),
    **scoped_admin_rows("consultation", "starrating", superuser_adds=True),
    **scoped_admin_rows("consultation", "classroom", superuser_adds=True),
    **scoped_admin_rows("consultation", "child"),
    # Consent is read in the admin; it is recorded and revoked on the child's page.
    **scoped_admin_rows("consultation", "consent", read_only=True, versions=True),
    **scoped_admin_rows("consultation", "consultationcase"),
    **scoped_admin_rows("consultation", "visit"),
    **scoped_admin_rows("consultation", "observedconcern"),
    **scoped_admin_rows("consultation", "pyramidgoal"),
    **scoped_admin_rows("consultation", "goalprogress"),
    **scoped_admin_rows("referrals", "referral"),
    # The dated steps of a referral: read-only for everyone, superusers included.
    **scoped_admin_rows("referrals", "referralstatuschange", read_only=True),
    # The instrument catalogue: staff read it, program leads and superusers edit it, only a
    # superuser deletes a row. Score fields are edited under their instrument (with cut-offs).
    **catalogue_admin_rows("instrument", history_version=True),
    **catalogue_admin_rows("scorefield"),
    # Measures are recorded and voided on the case page: the admin reads them.
    **scoped_admin_rows("consultation", "administration", read_only=True, versions=True),
    # Scheduled by opening and closing cases: a supervisor lists the team's overdue ones.
    **scoped_admin_rows("consultation", "measuredue", read_only=True),
    # Recorded on the case page: the admin reads them.
    **scoped_admin_rows("consultation", "exclusionevent", read_only=True, versions=True),
    # Scheduled by closing a case, answered on the caseload: the admin reads them.
    **scoped_admin_rows("consultation", "placementfollowup", read_only=True, versions=True),
    **intake_admin_rows(),
    # Recorded and corrected on the consultant pages: the admin reads them and voids them.
    **scoped_admin_rows("consultation", "training", read_only=True, versions=True),
    "admin:consultation_team_caseload": Row(get=staff(200), post=staff(405)),
    # Supervision sessions: each supervisor their own (another's is 404); program leads have no
    # access (403 on the list, 404 on a session), superusers list none and open none.
    "admin:consultation_supervisionsession_changelist": Row(
        get=staff(200, lee=403), post=staff(200, lee=403)
    ),
    "admin:consultation_supervisionsession_add": Row(
        get=staff(200, lee=403, admin=403), post=staff(200, lee=403, admin=403)
    ),
    **{
        f"admin:consultation_supervisionsession_{view}": tuple(
            Row(
                get=staff(404, **{SUPERVISOR_OF[owner]: ok}),
                post=staff(404, **{SUPERVISOR_OF[owner]: ok}),
                kwargs=supervision_session_of(owner),
            )
            for owner in ("ana", "cara")
        )
        for view, ok in (("change", 200), ("history", 200), ("delete", 403))
    },
    # The export log: superusers read it; nobody adds, edits or deletes a line of it.
    **admin_model_rows("reports_reportexport", "reportexport", superuser=READ_ONLY),
}
