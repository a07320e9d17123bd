"""Spanish names for the services (the consent form lists them) and agencies (the crisis lines in
every page's footer), filled here and editable in the admin."""

from django.db import migrations, models

from accounts.immutable import install_audit_triggers

SERVICE_TYPES_ES = {
    "IECMH consultation": "Consulta de salud mental infantil (IECMH)",
    "Child Guidance Program": "Programa de Orientación Infantil (Child Guidance)",
    "Behavioural and speech therapy": "Terapia de conducta y del habla",
    "Early Childhood Warmline": "Línea de Apoyo para la Primera Infancia",
    "Systems of Care (wraparound)": "Sistemas de Atención (apoyo integral)",
    "SoonerStart early intervention": "Intervención temprana SoonerStart",
    "Crisis line": "Línea de crisis",
}

AGENCIES_ES = {
    "Early Childhood Warmline": "Línea de Apoyo para la Primera Infancia",
    "988 Suicide & Crisis Lifeline": "988 Línea de Prevención del Suicidio y Crisis",
}


def fill_spanish(apps, schema_editor):
    for model_name, names in (("ServiceType", SERVICE_TYPES_ES), ("Agency", AGENCIES_ES)):
        model = apps.get_model("referrals", model_name)
        for english, spanish in names.items():
            model.objects.filter(name=english, name_es="").update(name_es=spanish)


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0004_consent_records_cleanup"),
    ]

    operations = [
        migrations.AddField(
            model_name="agency",
            name="name_es",
            field=models.CharField(
                blank=True,
                help_text="Shown on Spanish pages and documents; left empty, they show the English name.",
                max_length=160,
                verbose_name="name in Spanish",
            ),
        ),
        migrations.AddField(
            model_name="historicalagency",
            name="name_es",
            field=models.CharField(
                blank=True,
                help_text="Shown on Spanish pages and documents; left empty, they show the English name.",
                max_length=160,
                verbose_name="name in Spanish",
            ),
        ),
        migrations.AddField(
            model_name="servicetype",
            name="name_es",
            field=models.CharField(
                blank=True,
                help_text="Shown on Spanish pages and documents; left empty, they show the English name.",
                max_length=160,
                verbose_name="name in Spanish",
            ),
        ),
        migrations.RunPython(fill_spanish, migrations.RunPython.noop),
        # SQLite rebuilds the agency's history table to add the column: its triggers go with it.
        migrations.RunPython(install_audit_triggers, migrations.RunPython.noop),
    ]
