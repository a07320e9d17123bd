"""Spanish for families and providers: the family's and the provider's language, and Spanish
names for the reference data that reaches them (concern items, activities, tiers, practice areas),
filled here and editable in the admin."""

from django.db import migrations, models

# English name -> Spanish name. Rows an install added or renamed are left for the admin.
CONCERN_ITEMS_ES = {
    "Rarely cries": "Casi nunca llora",
    "Little interest in people or toys": "Poco interés en las personas o los juguetes",
    "Hard to calm or soothe": "Difícil de calmar o consolar",
    "Does not make eye contact": "No hace contacto visual",
    "Does not gain weight": "No aumenta de peso",
    "Does not go to familiar adults for help or comfort": (
        "No busca ayuda ni consuelo en los adultos conocidos"
    ),
    "Does not like being touched or held": "No le gusta que lo toquen ni que lo carguen",
    "Does not play well with others": "No juega bien con otros niños",
    "Extremely fearful": "Extremadamente miedoso",
    "Does not show different emotions": "No muestra emociones diferentes",
    "Unable to calm self (self-soothe) with caregiver support": (
        "No logra calmarse (autorregularse) con el apoyo de quien lo cuida"
    ),
    "Has trouble making friends": "Le cuesta hacer amigos",
    "Loss of skills it had before (regression: toileting, talking, playing)": (
        "Pérdida de habilidades que ya tenía (regresión: ir al baño, hablar, jugar)"
    ),
    "Destructive to self or others": "Se hace daño a sí mismo o a otros",
    "Withdrawn, sad or fearful": "Retraído, triste o con miedo",
    "Unable to calm (self-soothe)": "No logra calmarse (autorregularse)",
}

ACTIVITIES_ES = {
    "Classroom observation": "Observación en el aula",
    "Teacher coaching": "Acompañamiento al maestro",
    "Reflective consultation": "Consulta reflexiva",
    "Caregiver/family meeting": "Reunión con la familia o cuidadores",
    "Training for staff": "Capacitación para el personal",
    "Screening": "Evaluación de detección",
    "Modelling": "Modelado",
    "Verbal support": "Apoyo verbal",
    "Side-by-side support": "Apoyo lado a lado",
    "Problem solving": "Resolución de problemas",
    "Environmental arrangement": "Organización del ambiente",
    "Role play": "Juego de roles",
    "Video review": "Revisión de video",
    "Graphic feedback": "Retroalimentación gráfica",
    "Goal setting": "Establecimiento de metas",
    "Performance feedback": "Retroalimentación sobre el desempeño",
    "Providing materials": "Entrega de materiales",
    "Follow-up by email": "Seguimiento por correo electrónico",
    "Follow-up by phone": "Seguimiento por teléfono",
    "Follow-up in person": "Seguimiento en persona",
}

PYRAMID_TIERS_ES = {
    "Effective workforce": "Personal eficaz",
    "Nurturing and responsive relationships": "Relaciones afectuosas y receptivas",
    "High-quality supportive environments": "Ambientes de apoyo de alta calidad",
    "Targeted social-emotional supports": "Apoyos socioemocionales específicos",
    "Intensive intervention (individual behaviour support plan)": (
        "Intervención intensiva (plan individual de apoyo a la conducta)"
    ),
}

PRACTICE_AREAS_ES = {
    "Schedules, routines and transitions": "Horarios, rutinas y transiciones",
    "Classroom expectations": "Expectativas del aula",
    "Teaching emotional literacy": "Enseñar a reconocer y nombrar las emociones",
    "Friendship skills": "Habilidades para la amistad",
    "Problem solving": "Resolución de problemas",
    "Responding to challenging behaviour": "Responder a la conducta desafiante",
    "Partnering with families": "Colaborar con las familias",
    "Behaviour support plan": "Plan de apoyo a la conducta",
}

NAMED = [
    ("Activity", "name", ACTIVITIES_ES),
    ("PyramidTier", "name", PYRAMID_TIERS_ES),
    ("PracticeArea", "name", PRACTICE_AREAS_ES),
    ("ConcernItem", "text", CONCERN_ITEMS_ES),
]


def fill_spanish(apps, schema_editor):
    for model_name, field, names in NAMED:
        model = apps.get_model("consultation", model_name)
        for english, spanish in names.items():
            model.objects.filter(**{field: english, f"{field}_es": ""}).update(
                **{f"{field}_es": spanish}
            )


class Migration(migrations.Migration):
    dependencies = [
        ("consultation", "0013_intake"),
    ]

    operations = [
        migrations.AddField(
            model_name="activity",
            name="name_es",
            field=models.CharField(
                blank=True,
                help_text="Shown on Spanish pages and documents; left empty, they show the English name.",
                max_length=160,
                verbose_name="name in Spanish",
            ),
        ),
        migrations.AddField(
            model_name="child",
            name="preferred_language",
            field=models.CharField(
                choices=[
                    ("en", "English"),
                    ("es", "Spanish"),
                    ("other", "Other"),
                    ("not_recorded", "Not recorded"),
                    ("declined", "Declined to say"),
                ],
                default="not_recorded",
                max_length=16,
                verbose_name="family's preferred language",
            ),
        ),
        migrations.AddField(
            model_name="concernitem",
            name="text_es",
            field=models.CharField(
                blank=True,
                help_text="Shown on Spanish pages and documents; left empty, they show the English text.",
                max_length=250,
                verbose_name="text in Spanish",
            ),
        ),
        migrations.AddField(
            model_name="historicalchild",
            name="preferred_language",
            field=models.CharField(
                choices=[
                    ("en", "English"),
                    ("es", "Spanish"),
                    ("other", "Other"),
                    ("not_recorded", "Not recorded"),
                    ("declined", "Declined to say"),
                ],
                default="not_recorded",
                max_length=16,
                verbose_name="family's preferred language",
            ),
        ),
        migrations.AddField(
            model_name="historicalsite",
            name="provider_language",
            field=models.CharField(
                blank=True,
                choices=[("en", "English"), ("es", "Spanish")],
                help_text="The language visit summaries for this program are printed in.",
                max_length=8,
                verbose_name="provider's language",
            ),
        ),
        migrations.AddField(
            model_name="practicearea",
            name="name_es",
            field=models.CharField(
                blank=True,
                help_text="Shown on Spanish pages and documents; left empty, they show the English name.",
                max_length=160,
                verbose_name="name in Spanish",
            ),
        ),
        migrations.AddField(
            model_name="pyramidtier",
            name="name_es",
            field=models.CharField(
                blank=True,
                help_text="Shown on Spanish pages and documents; left empty, they show the English name.",
                max_length=160,
                verbose_name="name in Spanish",
            ),
        ),
        migrations.AddField(
            model_name="site",
            name="provider_language",
            field=models.CharField(
                blank=True,
                choices=[("en", "English"), ("es", "Spanish")],
                help_text="The language visit summaries for this program are printed in.",
                max_length=8,
                verbose_name="provider's language",
            ),
        ),
        migrations.RunPython(fill_spanish, migrations.RunPython.noop),
    ]
