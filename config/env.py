"""Settings read from the environment, parsed one way for config.settings and
config.program_settings alike."""

import os
import sys

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


def env_bool(name: str, default: bool) -> bool:
    """A boolean from the environment, parsed strictly: a typo ("ture") refuses to start rather
    than silently meaning "off" (healthchecks' envbool)."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    # One line, no traceback: the operator needs to know what to fix, nothing else.
    sys.exit(
        f"Refusing to start: {name}={value!r} is not a boolean (use 1/0, true/false, yes/no, "
        "on/off)."
    )


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name, "")
    items = [item.strip() for item in value.split(",") if item.strip()]
    return items or default
