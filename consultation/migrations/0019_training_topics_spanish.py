from django.db import migrations, models

SPANISH = {
    "Pyramid Model module 1: Building relationships and creating supportive environments": (
        "Modelo Pirámide, módulo 1: Construir relaciones y crear ambientes de apoyo"
    ),
    "Pyramid Model module 2: Social and emotional teaching strategies": (
        "Modelo Pirámide, módulo 2: Estrategias de enseñanza socioemocional"
    ),
    "Pyramid Model module 3: Individualized intensive interventions": (
        "Modelo Pirámide, módulo 3: Intervenciones intensivas individualizadas"
    ),
    "Pyramid Model infant-toddler module 1: Relationships and environments": (
        "Modelo Pirámide para bebés y niños pequeños, módulo 1: Relaciones y ambientes"
    ),
    "Pyramid Model infant-toddler module 2: Responsive routines and social-emotional teaching": (
        "Modelo Pirámide para bebés y niños pequeños, módulo 2: Rutinas receptivas y enseñanza"
        " socioemocional"
    ),
    "Pyramid Model infant-toddler module 3: Individualized intervention": (
        "Modelo Pirámide para bebés y niños pequeños, módulo 3: Intervención individualizada"
    ),
    "Pyramid Model: Practice-based coaching": "Modelo Pirámide: Coaching basado en la práctica",
    "Pyramid Model: Partnering with families": "Modelo Pirámide: Colaboración con las familias",
    "Trauma-informed care": "Atención informada sobre el trauma",
    "Infant Mental Health ECHO session": "Sesión ECHO de salud mental infantil",
    "Other": "Otro",
}


def fill_spanish_names(apps, schema_editor):
    TrainingTopic = apps.get_model("consultation", "TrainingTopic")
    for name, name_es in SPANISH.items():
        TrainingTopic.objects.filter(name=name, name_es="").update(name_es=name_es)


class Migration(migrations.Migration):
    dependencies = [
        ("consultation", "0018_reassignment_reason"),
    ]

    operations = [
        migrations.AddField(
            model_name="trainingtopic",
            name="name_es",
            field=models.CharField(
                blank=True,
                help_text=(
                    "Shown on Spanish pages and documents; left empty, they show the English name."
                ),
                max_length=160,
                verbose_name="name in Spanish",
            ),
        ),
        migrations.RunPython(fill_spanish_names, migrations.RunPython.noop),
    ]
