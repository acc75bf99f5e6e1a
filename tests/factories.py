import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from editorial.publication import PublishStatus
from events.models import Event, EventStatus, Venue
from outreach.models import SiteSettings


def in_days(days, hour=19):
    """An aware datetime `days` from today at `hour` o'clock in the site's time zone."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


class SiteSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SiteSettings
        django_get_or_create = ("id",)

    id = 1
    organization_name_en = "Example Police Department"
    organization_name_es = "Departamento de Policía de Ejemplo"
    program_name_en = "Community Outreach Program"
    program_name_es = "Programa de Acercamiento Comunitario"
    tagline_en = "Meetings and plain answers for every resident."
    tagline_es = "Reuniones y respuestas claras para todos los residentes."
    emergency_number = "911"
    non_emergency_number = "555-0100"
    contact_email = "outreach@example.org"


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    name_en = factory.Sequence(lambda n: f"Community hall {n}")
    name_es = factory.Sequence(lambda n: f"Salón comunitario {n}")
    street_address = factory.Sequence(lambda n: f"{100 + n} Example Street")
    city = "Dallas"
    state = "TX"
    postal_code = "75201"
    latitude = "32.776700"
    longitude = "-96.797000"
    directions_en = "Park behind the building."
    directions_es = "Estacione detrás del edificio."
    accessibility_notes_en = "Step-free entrance."
    accessibility_notes_es = "Entrada sin escalones."


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title_en = factory.Sequence(lambda n: f"Community meeting {n}")
    title_es = factory.Sequence(lambda n: f"Reunión comunitaria {n}")
    slug = factory.Sequence(lambda n: f"community-meeting-{n}")
    summary_en = "Ask the police anything. No names are taken."
    summary_es = "Pregunte a la policía lo que quiera. No se piden nombres."
    description_en = "<p>What the department will and will not do.</p>"
    description_es = "<p>Lo que el departamento hará y no hará.</p>"
    host_en = "Outreach program"
    host_es = "Programa de acercamiento"
    starts_at = factory.LazyFunction(lambda: in_days(7))
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + datetime.timedelta(hours=2))
    venue = factory.SubFactory(VenueFactory)
    languages = factory.LazyFunction(lambda: ["es", "en"])
    event_status = EventStatus.SCHEDULED
    status = PublishStatus.PUBLISHED

    class Params:
        draft = factory.Trait(status=PublishStatus.DRAFT)
        cancelled = factory.Trait(
            event_status=EventStatus.CANCELLED,
            status_note_en="The hall is closed that day.",
            status_note_es="El salón está cerrado ese día.",
        )
        untranslated = factory.Trait(title_es="", summary_es="", description_es="", host_es="")
        # Last week's meeting, with its "what we heard" notes published the day after.
        heard = factory.Trait(
            starts_at=factory.LazyFunction(lambda: in_days(-7)),
            heard_notes_en="<h3>Can I bring my children?</h3><p>Yes, children are welcome.</p>",
            heard_notes_es="<h3>¿Puedo llevar a mis hijos?</h3><p>Sí, los niños son bienvenidos.</p>",
            heard_notes_published_at=factory.LazyFunction(lambda: in_days(-6, hour=10)),
        )


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    is_staff = True
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery staple")

    @factory.post_generation
    def save_password(self, create, extracted, **kwargs):
        if create:
            self.save()


class SuperuserFactory(UserFactory):
    is_superuser = True


class FaqCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "outreach.FaqCategory"

    name_en = factory.Sequence(lambda n: f"Category {n}")
    name_es = factory.Sequence(lambda n: f"Categoría {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")
    order = factory.Sequence(lambda n: n)


class FaqEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "outreach.FaqEntry"

    question_en = factory.Sequence(lambda n: f"Question number {n}?")
    question_es = factory.Sequence(lambda n: f"¿Pregunta número {n}?")
    answer_en = "<p>The plain answer.</p>"
    answer_es = "<p>La respuesta clara.</p>"
    category = factory.SubFactory(FaqCategoryFactory)
    order = factory.Sequence(lambda n: n)
    status = PublishStatus.PUBLISHED

    class Params:
        draft = factory.Trait(status=PublishStatus.DRAFT)


class ResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "outreach.Resource"

    name_en = factory.Sequence(lambda n: f"Legal clinic {n}")
    name_es = factory.Sequence(lambda n: f"Clínica legal {n}")
    description_en = "Free consultations about immigration cases."
    description_es = "Consultas gratuitas sobre casos de inmigración."
    category = "legal-aid"
    phone = "555-0142"
    website = "https://legal-clinic.example.org/"
    languages = factory.LazyFunction(lambda: ["es", "en"])
    is_free = True
    last_verified = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))
    status = PublishStatus.PUBLISHED


class AlertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "outreach.Alert"

    message_en = "Tonight's meeting in Irving is cancelled because of the storm."
    message_es = "La reunión de esta noche en Irving se canceló por la tormenta."
    level = "urgent"
    status = PublishStatus.PUBLISHED


class FactCheckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "outreach.FactCheck"

    claim_en = factory.Sequence(lambda n: f"Police are checking papers at the market {n}")
    claim_es = factory.Sequence(lambda n: f"La policía está pidiendo papeles en el mercado {n}")
    facts_en = "<p>False. Officers do not ask about immigration status.</p>"
    facts_es = "<p>Falso. Los agentes no preguntan por el estatus migratorio.</p>"
    published_on = factory.LazyFunction(timezone.localdate)
    status = PublishStatus.PUBLISHED


class PolicyTopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "policies.PolicyTopic"

    name_en = factory.Sequence(lambda n: f"Topic {n}")
    name_es = factory.Sequence(lambda n: f"Tema {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")
    order = factory.Sequence(lambda n: n)


class PolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "policies.Policy"

    title_en = factory.Sequence(lambda n: f"Policy number {n}")
    title_es = factory.Sequence(lambda n: f"Política número {n}")
    slug = factory.Sequence(lambda n: f"policy-{n}")
    topic = factory.SubFactory(PolicyTopicFactory)
    summary_en = "What this means for you, in plain words."
    summary_es = "Lo que esto significa para usted, en palabras sencillas."
    body_en = "<p>The full text of the policy.</p>"
    body_es = "<p>El texto completo de la política.</p>"
    effective_date = datetime.date(2025, 1, 15)
    last_reviewed = datetime.date(2025, 6, 30)
    order = factory.Sequence(lambda n: n)
    status = PublishStatus.PUBLISHED
    issued_by = "department"

    class Params:
        draft = factory.Trait(status=PublishStatus.DRAFT)
        key_commitment = factory.Trait(is_key_commitment=True)
        exception = factory.Trait(is_exception=True)
        untranslated = factory.Trait(title_es="", summary_es="", body_es="")


def staff_in_role(role, **kwargs):
    """A staff user in the "Outreach editors" or "Translators" group (created by the data migration)."""
    from django.contrib.auth.models import Group

    from editorial.roles import EDITORS, TRANSLATORS

    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get(name={"editor": EDITORS, "translator": TRANSLATORS}[role]))
    return user
