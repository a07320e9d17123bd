"""Factories for trainings and imports (kept apart from tests/factories.py, which is long)."""

import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from consultation.imports import import_preview
from consultation.models import ImportRun, Training, TrainingTopic
from tests.factories import ConsultantFactory, today


def training_topic(name: str = "Trauma-informed care") -> TrainingTopic:
    return TrainingTopic.objects.get(name=name)


class TrainingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Training
        skip_postgeneration_save = True

    consultant = factory.SubFactory(ConsultantFactory)
    delivered_on = factory.LazyFunction(today)
    minutes = 90
    topic = factory.LazyFunction(training_topic)
    mode = Training.Mode.IN_PERSON
    teachers = 4
    directors = 1
    other_staff = 0

    @factory.post_generation
    def sites(self, create, extracted, **kwargs):
        if create and extracted:
            self.sites.add(*extracted)


def upload(content: bytes, name: str = "file.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


def held_import_run(user) -> ImportRun:
    """A sites file waiting for confirmation that cannot be confirmed (a formula cell): each
    request of the access matrix sees it as it was."""
    content = b"licence_number,name,county\nOK-99,=HYPERLINK(1),Tulsa\n"
    run, _ = import_preview(user=user, kind=ImportRun.Kind.SITES, upload=upload(content))
    return run
