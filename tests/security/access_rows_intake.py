"""Access matrix rows of the intake pages (requests for consultation). A consultant sees only the
requests assigned to them; a supervisor their team's, and the unassigned ones in the counties
where the team works; the program lead and admin read all. Supervisors record requests and take
their steps; the assigned consultant records contact, opens the case, or ends it; leads only
read (403 on a step). Anything outside a user's scope does not exist for them (404)."""

from collections.abc import Callable

from tests.security.access_common import (
    READ_ONLY_PAGE,
    SIGNED_IN_ONLY,
    SUPERVISOR_OF,
    Row,
    expect,
    of_both,
    readable_by,
)

SIGNED_OUT = {"anonymous": 302, "inactive": 302}


def step_of(owner: str, step: str) -> Callable[[dict], dict]:
    return lambda world: {"uuid": world["records"][owner]["intake"].uuid, "step": step}


def unassigned(step: str = "") -> Callable[[dict], dict]:
    def kwargs(world: dict) -> dict:
        found = {"uuid": world["unassigned_intake"].uuid}
        return found | ({"step": step} if step else {})

    return kwargs


def step_takers(*takers: str, seen_by: tuple[str, ...]) -> dict[str, int]:
    """A step's page: those who may take it get the form (an empty POST: its errors, 200); the
    others who see the request are refused (403); the rest do not see it (404)."""
    return expect(404, **SIGNED_OUT) | dict.fromkeys(seen_by, 403) | dict.fromkeys(takers, 200)


def readers_of(owner: str) -> tuple[str, ...]:
    return (owner, SUPERVISOR_OF[owner], "lee", "admin")


INTAKE_ROWS: dict[str, Row | tuple[Row, ...]] = {
    # Everyone signed in has a queue (consultants: their assignments; others: empty or theirs).
    "consultation:intake_queue": Row(get=SIGNED_IN_ONLY(200), post=READ_ONLY_PAGE),
    # Supervisors record requests; an empty POST redisplays the form with its errors.
    "consultation:intake_create": Row(
        get=expect(403, **SIGNED_OUT, sue=200, tom=200),
        post=expect(403, **SIGNED_OUT, sue=200, tom=200),
    ),
    "consultation:intake_detail": (
        *of_both("intake", get=readable_by, post=lambda owner: READ_ONLY_PAGE),
        # Unassigned, in a county of sue's team: sue sees it, tom (another team) does not.
        Row(
            get=expect(404, **SIGNED_OUT, sue=200, lee=200, admin=200),
            post=READ_ONLY_PAGE,
            kwargs=unassigned(),
        ),
    ),
    "consultation:intake_step": (
        # An assigned request: its consultant and their supervisor may decline it.
        *(
            Row(
                get=step_takers(owner, SUPERVISOR_OF[owner], seen_by=readers_of(owner)),
                post=step_takers(owner, SUPERVISOR_OF[owner], seen_by=readers_of(owner)),
                kwargs=step_of(owner, "decline"),
            )
            for owner in ("ana", "cara")
        ),
        # Only the assigned consultant opens the case.
        *(
            Row(
                get=step_takers(owner, seen_by=readers_of(owner)),
                post=step_takers(owner, seen_by=readers_of(owner)),
                kwargs=step_of(owner, "open-case"),
            )
            for owner in ("ana", "cara")
        ),
        # Unassigned: the supervisor of the area records the contact.
        Row(
            get=step_takers("sue", seen_by=("lee", "admin")),
            post=step_takers("sue", seen_by=("lee", "admin")),
            kwargs=unassigned("contact"),
        ),
        # No such step: not found, for everyone signed in.
        Row(
            get=SIGNED_IN_ONLY(404),
            post=SIGNED_IN_ONLY(404),
            kwargs=step_of("ana", "reopen"),
        ),
    ),
}
