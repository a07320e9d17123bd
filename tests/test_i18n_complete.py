"""The Spanish catalogue is complete: a string that reaches a Spanish page untranslated fails.

Every {% translate %} and {% blocktranslate %} in the project's templates (the pages, the base
and its navigation, the crisis-lines footer, the printed documents) must have a Spanish
translation, from our catalogue (locale/es) or Django's own (the admin's strings); and every
message in our catalogue, the Python ones too (choice labels, form labels), must be translated.
"""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.template import Context, engines
from django.templatetags.i18n import BlockTranslateNode, TranslateNode
from django.utils import translation

TEMPLATES_DIR = Path(settings.BASE_DIR) / "templates"
CATALOGUE = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES" / "django.po"
# The families' and providers' pages: each must have strings to translate at all.
FAMILY_AND_PROVIDER_TEMPLATES = [
    "base.html",
    "partials/nav_items.html",
    "partials/crisis_footer.html",
    "consultation/visit_summary.html",
    "consultation/consent_form.html",
]


def read_catalogue():
    with CATALOGUE.open("rb") as source:
        return read_po(source, locale="es")


def messages_in(name: str) -> set[tuple[str | None, str]]:
    """(context, msgid) of every translatable string in one template."""
    template = engines["django"].engine.get_template(name)
    found: set[tuple[str | None, str]] = set()
    empty = Context()
    for node in template.nodelist.get_nodes_by_type(TranslateNode):
        literal = node.filter_expression.var.literal
        if literal is not None and not node.noop:
            context = node.message_context.resolve(empty) if node.message_context else None
            found.add((context, str(literal)))
    for node in template.nodelist.get_nodes_by_type(BlockTranslateNode):
        singular, _vars = node.render_token_list(node.singular)
        context = node.message_context.resolve(empty) if node.message_context else None
        found.add((context, singular))
    return found


def template_names() -> list[str]:
    return sorted(str(p.relative_to(TEMPLATES_DIR)) for p in TEMPLATES_DIR.rglob("*.html"))


def is_translated(context: str | None, msgid: str, ours: dict) -> bool:
    if ours.get((context, msgid)):
        return True
    with translation.override("es"):
        spanish = translation.pgettext(context, msgid) if context else translation.gettext(msgid)
    return spanish != msgid


@pytest.mark.parametrize("name", template_names())
def test_every_template_string_has_a_spanish_translation(name):
    catalogue = read_catalogue()
    ours = {(m.context, m.id): m.string for m in catalogue if m.id and not m.fuzzy}
    missing = [
        msgid for context, msgid in messages_in(name) if not is_translated(context, msgid, ours)
    ]
    assert not missing, f"{name}: no Spanish for {missing} (run makemessages, fill locale/es)"


@pytest.mark.parametrize("name", FAMILY_AND_PROVIDER_TEMPLATES)
def test_the_family_and_provider_pages_are_translatable(name):
    assert messages_in(name), f"{name} has no strings marked for translation"


def test_every_message_in_the_spanish_catalogue_is_translated():
    untranslated = [
        message.id
        for message in read_catalogue()
        if message.id
        and (
            message.fuzzy
            or not all(message.string if isinstance(message.string, tuple) else [message.string])
        )
    ]
    assert not untranslated, f"untranslated or fuzzy in {CATALOGUE.name}: {untranslated}"


def test_the_compiled_catalogue_is_the_one_django_reads():
    with translation.override("es"):
        assert translation.gettext("Consultation visit summary") == (
            "Resumen de la visita de consulta"
        )


def test_the_check_catches_a_string_without_a_translation():
    assert not is_translated(None, "A sentence nobody has translated", {})
    assert is_translated(
        None,
        "A sentence nobody has translated",
        {(None, "A sentence nobody has translated"): "Una frase"},
    )


def test_the_catalogue_compiles_without_gnu_gettext(tmp_path):
    """scripts/compile_messages.py (Babel) writes a .mo that Python's gettext reads."""
    import gettext
    import runpy
    import shutil

    po = tmp_path / "es" / "LC_MESSAGES" / "django.po"
    po.parent.mkdir(parents=True)
    shutil.copy(CATALOGUE, po)
    compile_all = runpy.run_path(str(Path(settings.BASE_DIR) / "scripts" / "compile_messages.py"))[
        "compile_all"
    ]
    assert compile_all([po]) == [po.with_suffix(".mo")]
    assert compile_all([po]) == []  # up to date: not rewritten
    with po.with_suffix(".mo").open("rb") as compiled:
        spanish = gettext.GNUTranslations(compiled)
    assert spanish.gettext("Crisis lines:") == "Líneas de crisis:"
