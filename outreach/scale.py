"""
A large, realistic site, written fast with bulk_create: `manage.py seed_demo --scale N` and the benchmarks
(`bench/run.py`) both build it from here.

bulk_create skips the models' save(), so this module does by hand what save() would: it sets `status`, the
per-language fields (`title_en`, `title_es`, …) and computes each item's translation record and status before
inserting (`refresh_translation_status()`, pure Python). Rich text is still sanitized, because the field does that
in `pre_save()`, which bulk_create calls. The search index, which saves keep current, is built at the end in one
pass. Everything is generated from a seeded random generator, so two runs of the same size build the same site
(apart from dates, which are relative to today).

Meeting history (django-simple-history) is not written for the bulk-created meetings, since no public page reads it;
policies get their first version, and the one policy the benchmark reads gets a long public history.
"""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from editorial.i18n import localized, localized_field, source_language, target_languages
from editorial.publication import PublishStatus
from events.models import Event, EventStatus, Venue
from guides.models import Guide, GuideStep
from outreach import search
from outreach.demo import seed_site_settings
from outreach.models import Alert, AlertLevel, FactCheck, FaqCategory, FaqEntry, Resource, ResourceCategory
from policies.models import Policy, PolicyTopic

BATCH_SIZE = 500


@dataclass(frozen=True)
class SiteSize:
    cities: int
    venues: int
    events: int
    policy_topics: int
    policies: int
    key_commitments: int
    faq_categories: int
    faq_entries: int
    resources: int
    fact_checks: int
    policy_revisions: int
    guides: int = 0
    steps_per_guide: int = 6


def scaled(meetings):
    """The site `seed_demo --scale N` adds: N meetings, N/5 policies and FAQ entries, N/10 resources and fact
    checks, with venues, cities and categories in proportion."""
    return SiteSize(
        cities=min(len(CITIES), max(1, meetings // 30)),
        venues=max(1, meetings // 30),
        events=meetings,
        policy_topics=min(len(POLICY_TOPICS), max(1, meetings // 500)),
        policies=max(2, meetings // 5),
        key_commitments=min(5, max(1, meetings // 50)),
        faq_categories=min(20, max(1, meetings // 100)),
        faq_entries=meetings // 5,
        resources=meetings // 10,
        fact_checks=meetings // 10,
        policy_revisions=min(30, max(2, meetings // 300)),
        guides=max(1, meetings // 20),
    )


SIZES = {
    # A department several years into the program, across a metro area.
    "default": SiteSize(
        cities=10,
        venues=300,
        events=10_000,
        policy_topics=10,
        policies=300,
        key_commitments=5,
        faq_categories=20,
        faq_entries=2_000,
        resources=500,
        fact_checks=1_000,
        policy_revisions=30,
        guides=500,
    ),
    # About 1% of it, for a quick check that every page works.
    "small": SiteSize(
        cities=3,
        venues=5,
        events=100,
        policy_topics=2,
        policies=6,
        key_commitments=2,
        faq_categories=2,
        faq_entries=20,
        resources=5,
        fact_checks=10,
        policy_revisions=5,
        guides=5,
    ),
}


@dataclass
class SiteFacts:
    """What the page list needs to know about the generated site: which items to open, which filters to use."""

    counts: dict
    event_slug: str
    policy_slug: str
    city: str
    month: str
    upcoming_published: int
    topic_slug: str
    faq_category_slug: str
    faq_entry_slug: str
    resource_category: str
    resource_slug: str
    fact_check_slug: str
    guide_slug: str = ""


# --- Text -------------------------------------------------------------------------------------------------------

# (name, latitude, longitude, weight): Dallas has most of the venues, as it would.
CITIES = [
    ("Dallas", 32.7767, -96.7970, 10),
    ("Irving", 32.8140, -96.9489, 3),
    ("Garland", 32.9126, -96.6389, 3),
    ("Grand Prairie", 32.7460, -96.9978, 2),
    ("Mesquite", 32.7668, -96.5992, 2),
    ("Richardson", 32.9483, -96.7299, 1),
    ("Carrollton", 32.9756, -96.8900, 1),
    ("Farmers Branch", 32.9265, -96.8961, 1),
    ("Duncanville", 32.6518, -96.9083, 1),
    ("DeSoto", 32.5899, -96.8570, 1),
]

VENUE_KINDS = [
    {"en": "Recreation center", "es": "Centro recreativo"},
    {"en": "Public library branch", "es": "Sucursal de la biblioteca pública"},
    {"en": "Parish hall", "es": "Salón parroquial"},
    {"en": "Elementary school cafeteria", "es": "Cafetería de la escuela primaria"},
    {"en": "Community college campus", "es": "Campus del colegio comunitario"},
    {"en": "Neighborhood church", "es": "Iglesia del vecindario"},
    {"en": "Apartment community clubhouse", "es": "Casa club del complejo de apartamentos"},
    {"en": "Community police storefront", "es": "Oficina comunitaria de la policía"},
]

STREETS = [
    "Jefferson Boulevard", "Buckner Boulevard", "Harry Hines Boulevard", "Bachman Lane", "Ross Avenue",
    "Singleton Boulevard", "Westmoreland Road", "Lake June Road", "Northwest Highway", "Walnut Hill Lane",
    "Illinois Avenue", "Ledbetter Drive", "Hampton Road", "Marsh Lane", "Story Road", "Belt Line Road",
]  # fmt: skip

# (title, summary) per kind of meeting. "meeting"/"reunión" and "café" are what the search benchmark looks for.
EVENT_KINDS = [
    (
        {"en": "Community meeting with the police", "es": "Reunión comunitaria con la policía"},
        {
            "en": "Ask the officers who patrol your neighborhood anything. No names are taken.",
            "es": "Pregunte lo que quiera a los agentes que patrullan su vecindario. No se piden nombres.",
        },
    ),
    (
        {"en": "Know your rights workshop", "es": "Taller: conozca sus derechos"},
        {
            "en": "What to do at a traffic stop, at home and at work, explained by an immigration attorney.",
            "es": "Qué hacer en una parada de tráfico, en casa y en el trabajo, explicado por una abogada.",
        },
    ),
    (
        {"en": "Coffee with an officer at Café La Esperanza", "es": "Café con un agente en el Café La Esperanza"},
        {
            "en": "An informal morning meeting over coffee. Bring your questions and your neighbors.",
            "es": "Una reunión informal por la mañana con café. Traiga sus preguntas y a sus vecinos.",
        },
    ),
    (
        {"en": "Meeting for parents and school staff", "es": "Reunión para padres y personal escolar"},
        {
            "en": "School safety, pickup and what officers at school may and may not ask children.",
            "es": "Seguridad escolar, la salida de clases y lo que los agentes pueden preguntar a los niños.",
        },
    ),
    (
        {"en": "Small business safety meeting", "es": "Reunión de seguridad para pequeños negocios"},
        {
            "en": "Robbery prevention, reporting wage theft and how to reach the division that serves your store.",
            "es": "Prevención de robos, cómo denunciar el robo de salarios y cómo contactar a su división.",
        },
    ),
    (
        {"en": "Listening session on traffic stops", "es": "Sesión para escuchar: paradas de tráfico"},
        {
            "en": "Tell the department's leaders how traffic stops go in your neighborhood.",
            "es": "Cuénteles a los líderes del departamento cómo son las paradas de tráfico en su vecindario.",
        },
    ),
    (
        {"en": "Scam prevention workshop", "es": "Taller para evitar estafas"},
        {
            "en": "Fake lawyers, notarios and phone scams that target immigrant families, and where to report them.",
            "es": "Falsos abogados, notarios y estafas telefónicas contra familias inmigrantes, y dónde denunciarlos.",
        },
    ),
    (
        {"en": "Victim services information night", "es": "Noche informativa sobre servicios para víctimas"},
        {
            "en": "Help for victims of crime whatever their status, including U and T visa certification.",
            "es": "Ayuda para víctimas de delitos sin importar su estatus, incluida la certificación de visas U y T.",
        },
    ),
]

HOSTS = [
    {"en": "Latino Community Outreach Program", "es": "Programa de Acercamiento a la Comunidad Latina"},
    {"en": "Northeast Patrol Division", "es": "División de Patrulla Noreste"},
    {"en": "Southwest Patrol Division", "es": "División de Patrulla Suroeste"},
    {"en": "Victim Services Unit", "es": "Unidad de Servicios para Víctimas"},
]

EVENT_DESCRIPTION = {
    "en": (
        "<p>{summary}</p>"
        "<h2>What to expect</h2>"
        "<ul><li>Officers from the division that serves {city}, in plain clothes or in uniform.</li>"
        "<li>Interpretation in English and Spanish; ask at the door for other languages.</li>"
        "<li>Coffee, water and a quiet corner for children.</li></ul>"
        "<p>Nobody at the meeting asks for your name, your identification or your immigration status. You can "
        "listen without speaking, and you can leave at any time.</p>"
        "<h2>Getting there</h2><p>{venue}. Parking is free. If you need a ride, call the outreach office at least "
        "two days before.</p>"
    ),
    "es": (
        "<p>{summary}</p>"
        "<h2>Qué esperar</h2>"
        "<ul><li>Agentes de la división que atiende {city}, de civil o de uniforme.</li>"
        "<li>Interpretación en inglés y español; pregunte en la entrada por otros idiomas.</li>"
        "<li>Café, agua y un rincón tranquilo para los niños.</li></ul>"
        "<p>En la reunión nadie le pide su nombre, su identificación ni su estatus migratorio. Puede escuchar sin "
        "hablar y puede irse en cualquier momento.</p>"
        "<h2>Cómo llegar</h2><p>{venue}. El estacionamiento es gratis. Si necesita transporte, llame a la oficina "
        "del programa al menos dos días antes.</p>"
    ),
}

STATUS_NOTES = {
    EventStatus.CANCELLED: {
        "en": "Cancelled because the hall is closed that day. The next meeting is listed below.",
        "es": "Se canceló porque el salón está cerrado ese día. La próxima reunión aparece abajo.",
    },
    EventStatus.POSTPONED: {
        "en": "Postponed because of the weather. The new date will be posted here.",
        "es": "Se pospuso por el clima. La nueva fecha se publicará aquí.",
    },
}

POLICY_TOPICS = [
    {"en": "Immigration status and policing", "es": "Estatus migratorio y la policía"},
    {"en": "Traffic stops", "es": "Paradas de tráfico"},
    {"en": "Victims and witnesses", "es": "Víctimas y testigos"},
    {"en": "Use of force", "es": "Uso de la fuerza"},
    {"en": "Complaints and commendations", "es": "Quejas y reconocimientos"},
    {"en": "Body-worn cameras", "es": "Cámaras corporales"},
    {"en": "Language access", "es": "Acceso lingüístico"},
    {"en": "Juveniles and schools", "es": "Menores y escuelas"},
    {"en": "Records and data sharing", "es": "Registros e intercambio de datos"},
    {"en": "Community partnerships", "es": "Colaboración con la comunidad"},
]

KEY_COMMITMENTS = [
    {"en": "Officers do not ask about immigration status", "es": "Los agentes no preguntan por el estatus migratorio"},
    {"en": "Calling the police will not get you reported", "es": "Llamar a la policía no hará que lo denuncien"},
    {"en": "We do not take part in immigration raids", "es": "No participamos en redadas de inmigración"},
    {"en": "Victims get help whatever their status", "es": "Las víctimas reciben ayuda sin importar su estatus"},
    {"en": "Interpreters at no cost", "es": "Intérpretes sin costo"},
]

EXCEPTION = {"en": "The outstanding-warrant exception", "es": "La excepción de las órdenes de arresto pendientes"}

POLICY_SUBJECTS = [
    {"en": "Interpreters during stops", "es": "Intérpretes durante las paradas"},
    {"en": "Identification that officers accept", "es": "Identificaciones que aceptan los agentes"},
    {"en": "Reporting a crime as a witness", "es": "Denunciar un delito como testigo"},
    {"en": "Certifying U and T visa requests", "es": "Certificación de solicitudes de visa U y T"},
    {"en": "Requests from federal agencies", "es": "Solicitudes de agencias federales"},
    {"en": "Recording and keeping video", "es": "Grabación y conservación de video"},
    {"en": "How a complaint is investigated", "es": "Cómo se investiga una queja"},
    {"en": "Officers at schools", "es": "Agentes en las escuelas"},
    {"en": "Consular notification", "es": "Notificación consular"},
    {"en": "Sharing records with other agencies", "es": "Intercambio de registros con otras agencias"},
    {"en": "Reporting the use of force", "es": "Informes sobre el uso de la fuerza"},
    {"en": "Working with community organizations", "es": "Trabajo con organizaciones comunitarias"},
]

POLICY_SUMMARY = {
    "en": (
        "{title}. This policy tells officers what they must do and what they may not do, and tells you what to "
        "expect. It applies to every officer of the department, on and off duty."
    ),
    "es": (
        "{title}. Esta política indica a los agentes lo que deben hacer y lo que no pueden hacer, y le dice a usted "
        "qué esperar. Se aplica a todos los agentes del departamento, estén o no de servicio."
    ),
}

POLICY_SECTION = {
    "en": (
        "<h2>Section {n}</h2><p>Officers shall treat every person with dignity and shall not ask about a person's "
        "place of birth, citizenship or immigration status unless a state or federal law requires it for the "
        "offense being investigated. This policy does not limit an officer's duty to protect life.</p>"
        "<ul><li>Record the reason for every stop.</li><li>Offer an interpreter at no cost.</li>"
        "<li>Give the person the officer's name and badge number when asked.</li></ul>"
    ),
    "es": (
        "<h2>Sección {n}</h2><p>Los agentes tratarán a toda persona con dignidad y no preguntarán por su lugar de "
        "nacimiento, ciudadanía o estatus migratorio salvo que una ley estatal o federal lo exija para el delito "
        "que se investiga. Esta política no limita el deber del agente de proteger la vida.</p>"
        "<ul><li>Anotar el motivo de cada parada.</li><li>Ofrecer un intérprete sin costo.</li>"
        "<li>Dar su nombre y número de placa cuando se lo pidan.</li></ul>"
    ),
}

FAQ_CATEGORIES = [
    {"en": "Calling the police", "es": "Llamar a la policía"},
    {"en": "Immigration and the police", "es": "La inmigración y la policía"},
    {"en": "Traffic stops", "es": "Paradas de tráfico"},
    {"en": "Reporting a crime", "es": "Denunciar un delito"},
    {"en": "Schools and children", "es": "Escuelas y niños"},
    {"en": "Identification", "es": "Identificación"},
    {"en": "Courts and tickets", "es": "Tribunales y multas"},
    {"en": "Family violence", "es": "Violencia familiar"},
    {"en": "Work and wage theft", "es": "Trabajo y robo de salarios"},
    {"en": "Scams and fake lawyers", "es": "Estafas y falsos abogados"},
    {"en": "Housing and landlords", "es": "Vivienda y caseros"},
    {"en": "Consulates", "es": "Consulados"},
    {"en": "Community meetings", "es": "Reuniones comunitarias"},
    {"en": "Complaints", "es": "Quejas"},
    {"en": "Language help", "es": "Ayuda con el idioma"},
    {"en": "Young people", "es": "Jóvenes"},
    {"en": "Driving", "es": "Manejar"},
    {"en": "U and T visas", "es": "Visas U y T"},
    {"en": "Your rights at home", "es": "Sus derechos en casa"},
    {"en": "Emergencies", "es": "Emergencias"},
]

FAQ_QUESTIONS = [
    {"en": "Will they ask about my immigration status?", "es": "¿Me van a preguntar por mi estatus migratorio?"},
    {"en": "Do I have to give my name?", "es": "¿Tengo que dar mi nombre?"},
    {"en": "Can I bring someone to interpret?", "es": "¿Puedo llevar a alguien que me interprete?"},
    {"en": "What if I do not have a driver's license?", "es": "¿Qué pasa si no tengo licencia de manejo?"},
    {
        "en": "Will the police share what I say with immigration?",
        "es": "¿La policía compartirá lo que diga con inmigración?",
    },
    {"en": "Who do I call when it is not an emergency?", "es": "¿A quién llamo si no es una emergencia?"},
    {"en": "Can my children be questioned at school?", "es": "¿Pueden interrogar a mis hijos en la escuela?"},
    {"en": "How do I make a complaint about an officer?", "es": "¿Cómo presento una queja sobre un agente?"},
    {"en": "Is the meeting really free?", "es": "¿La reunión es realmente gratis?"},
    {"en": "What documents should I carry?", "es": "¿Qué documentos debo llevar conmigo?"},
]

FAQ_ANSWER = {
    "en": (
        "<p>No. Officers of this department do not ask about immigration status, and asking for help does not get "
        "you reported. The one exception is an outstanding criminal warrant, explained on the policy page.</p>"
        "<ul><li>You may ask for an interpreter at no cost.</li><li>You may ask for the officer's name and badge "
        "number.</li></ul><p>If something went wrong, tell us: complaints can be made in any language.</p>"
    ),
    "es": (
        "<p>No. Los agentes de este departamento no preguntan por el estatus migratorio, y pedir ayuda no hará que "
        "lo denuncien. La única excepción es una orden de arresto penal pendiente, explicada en la página de la "
        "política.</p><ul><li>Puede pedir un intérprete sin costo.</li><li>Puede pedir el nombre y el número de "
        "placa del agente.</li></ul><p>Si algo salió mal, díganos: se pueden presentar quejas en cualquier "
        "idioma.</p>"
    ),
}

RESOURCE_NAMES = {
    ResourceCategory.LEGAL_AID: {"en": "Immigration legal clinic", "es": "Clínica legal de inmigración"},
    ResourceCategory.CONSULATE: {"en": "Consular office", "es": "Oficina consular"},
    ResourceCategory.VICTIM_SERVICES: {"en": "Victim advocacy center", "es": "Centro de apoyo a víctimas"},
    ResourceCategory.HOTLINE: {"en": "Help line", "es": "Línea de ayuda"},
    ResourceCategory.OTHER: {"en": "Community help center", "es": "Centro de ayuda comunitaria"},
}

RESOURCE_DESCRIPTION = {
    "en": "Free, confidential consultations about immigration cases, family petitions and protection for victims.",
    "es": "Consultas gratuitas y confidenciales sobre inmigración, peticiones familiares y protección a víctimas.",
}

FACT_CHECK_CLAIMS = [
    {"en": "Police are checking papers at the {place}", "es": "La policía está pidiendo papeles en {place}"},
    {
        "en": "Officers are waiting outside the {place} to arrest parents",
        "es": "Hay agentes esperando afuera de {place} para arrestar a los padres",
    },
    {"en": "Calling 911 from the {place} gets you reported", "es": "Llamar al 911 desde {place} hace que lo denuncien"},
]

FACT_CHECK_PLACES = [
    {"en": "flea market in {city}", "es": "el mercado de pulgas de {city}"},
    {"en": "elementary school in {city}", "es": "la escuela primaria de {city}"},
    {"en": "bus station in {city}", "es": "la estación de autobuses de {city}"},
    {"en": "grocery store in {city}", "es": "el supermercado de {city}"},
]

FACT_CHECK_FACTS = {
    "en": (
        "<p><strong>False.</strong> The department checked with every division: no officer was asked to check "
        "anyone's papers there, and officers do not ask about immigration status.</p><p>If you see something "
        "that worries you, call the non-emergency number and ask. Please share this page with whoever sent you the "
        "rumor.</p>"
    ),
    "es": (
        "<p><strong>Falso.</strong> El departamento consultó con todas las divisiones: a ningún agente se le pidió "
        "revisar papeles ahí, y los agentes no preguntan por el estatus migratorio.</p><p>Si ve algo que le "
        "preocupa, llame al número para casos que no son emergencias y pregunte. Comparta esta página con quien le "
        "envió el rumor.</p>"
    ),
}

PRIVACY_NOTICE = {
    "en": (
        "<p>This site sets no cookies when you read it and keeps no record of who visits. If you ask a question, "
        "we keep only its text, its language and the hour it arrived, for 90 days.</p>"
    ),
    "es": (
        "<p>Este sitio no guarda cookies cuando usted lo lee y no registra quién lo visita. Si hace una pregunta, "
        "solo guardamos el texto, el idioma y la hora en que llegó, durante 90 días.</p>"
    ),
}


def _format(texts, **values):
    """Fill a per-language template. A value is a per-language dict ("title") or the same everywhere ("city")."""

    def in_language(value, code):
        return value.get(code, "") if isinstance(value, dict) else value

    return {
        code: text.format(**{key: in_language(value, code) for key, value in values.items()})
        for code, text in texts.items()
    }


def _untranslated(texts):
    """Only the source-language text: the item shows the visible English fallback in Spanish."""
    return {code: text for code, text in texts.items() if code == source_language()}


def _at(day, hour):
    """An aware datetime on `day` at `hour` o'clock in the site's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _prepare(objects):
    """Do what save() would for translation status: record what each translation was made from."""
    for item in objects:
        item.refresh_translation_status()
    return objects


# --- The site ------------------------------------------------------------------------------------------------------


def build_site(size, *, seed=2024, progress=lambda message: None):
    """Fill an empty, migrated database with a site of `size` (a SiteSize). Returns SiteFacts."""
    rng = random.Random(seed)
    with translation.override(source_language()), transaction.atomic():
        build_settings()
        policies, featured_policy = build_policies(size, rng)
        progress(f"{len(policies)} policies in {size.policy_topics} topics")
        venues = build_venues(size, rng)
        events = build_events(size, rng, venues)
        progress(f"{len(events)} meetings at {len(venues)} venues in {size.cities} cities")
        faq_entries = build_faq(size, rng, policies)
        resources = build_resources(size, rng)
        fact_checks = build_fact_checks(size, rng, policies)
        build_alert()
        progress(f"{faq_entries} FAQ entries, {resources} resources, {fact_checks} fact checks, 1 alert")
        guides = build_guides(size, rng, policies, featured_policy)
        progress(f"{guides} guides of {size.steps_per_guide} steps")
        build_policy_history(featured_policy, size.policy_revisions)
        progress(f"{size.policy_revisions} revisions of {featured_policy.slug}")
        # bulk_create sent no post_save, so nothing was indexed as it was written: index it all in one pass.
        progress(f"{search.rebuild_index()} search index entries")
    return site_facts(size, featured_policy)


def build_settings():
    seed_site_settings(
        **localized(privacy_notice=PRIVACY_NOTICE),
        privacy_notice_updated=timezone.localdate() - datetime.timedelta(days=30),
    )


def build_venues(size, rng):
    cities = CITIES[: size.cities]
    weights = [weight for *_rest, weight in cities]
    venues = []
    for number in range(size.venues):
        # Every city gets at least one venue, the rest follow the weights.
        city, latitude, longitude, _weight = cities[number] if number < len(cities) else rng.choices(cities, weights)[0]
        kind = rng.choice(VENUE_KINDS)
        street = rng.choice(STREETS)
        has_location = rng.random() > 0.05
        venues.append(
            Venue(
                **localized(
                    name=_format({"en": "{kind} on {street}", "es": "{kind} en {street}"}, kind=kind, street=street),
                    directions={
                        "en": "Free parking behind the building. The meeting room is by the main entrance.",
                        "es": "Estacionamiento gratis detrás del edificio. El salón está junto a la entrada principal.",
                    },
                    accessibility_notes={
                        "en": "Step-free entrance. Accessible restrooms.",
                        "es": "Entrada sin escalones. Baños accesibles.",
                    },
                ),
                street_address=f"{100 + number * 7} {street}",
                city=city,
                state="TX",
                postal_code=f"75{rng.randint(0, 299):03d}",
                latitude=Decimal(f"{latitude + rng.uniform(-0.05, 0.05):.6f}") if has_location else None,
                longitude=Decimal(f"{longitude + rng.uniform(-0.05, 0.05):.6f}") if has_location else None,
            )
        )
    return Venue.objects.bulk_create(_prepare(venues), batch_size=BATCH_SIZE)


def build_events(size, rng, venues):
    """Half in the past (three years back), half upcoming (eighteen months ahead), in the evenings."""
    today = timezone.localdate()
    events = []
    for number in range(size.events):
        upcoming = number >= size.events // 2
        day = today + datetime.timedelta(days=rng.randint(1, 540) if upcoming else -rng.randint(1, 3 * 365))
        hour = 10 if day.weekday() == 5 else rng.choice([18, 19])
        venue = rng.choice(venues)
        (title, summary), host = rng.choice(EVENT_KINDS), rng.choice(HOSTS)
        title = _format({"en": "{title} in {city}", "es": "{title} en {city}"}, title=title, city=venue.city)
        description = _format(EVENT_DESCRIPTION, summary=summary, city=venue.city, venue=venue.one_line_address)
        texts = {"title": title, "summary": summary, "description": description, "host": host}
        if rng.random() < 0.08:  # not translated yet: the Spanish page shows the English, marked
            texts = {name: _untranslated(text) for name, text in texts.items()}
        roll = rng.random()
        event_status = (
            EventStatus.CANCELLED if roll < 0.04 else EventStatus.POSTPONED if roll < 0.06 else EventStatus.SCHEDULED
        )
        starts_at = _at(day, hour)
        events.append(
            Event(
                **localized(**texts, status_note=STATUS_NOTES.get(event_status, {})),
                slug=f"{slugify(title['en'])}-{number + 1}",
                starts_at=starts_at,
                ends_at=starts_at + datetime.timedelta(hours=2),
                venue=venue,
                languages=rng.choice([["es", "en"], ["es", "en"], ["es"], ["en", "es", "vi"]]),
                event_status=event_status,
                status=PublishStatus.DRAFT if rng.random() < 0.02 else PublishStatus.PUBLISHED,
            )
        )
    return Event.objects.bulk_create(_prepare(events), batch_size=BATCH_SIZE)


def build_policies(size, rng):
    """Topics, the key commitments and their exception (first topic), then numbered general orders."""
    topics = [
        PolicyTopic(
            **localized(name=POLICY_TOPICS[number]),
            # Numbered, so the generated topics never take a slug the demo content uses.
            slug=f"{slugify(POLICY_TOPICS[number]['en'])}-{number + 1}",
            order=number,
        )
        for number in range(size.policy_topics)
    ]
    topics = PolicyTopic.objects.bulk_create(_prepare(topics))
    policies = []
    for number in range(size.policies):
        topic = topics[0] if number <= size.key_commitments else topics[number % len(topics)]
        is_commitment = number < size.key_commitments
        is_exception = number == size.key_commitments
        if is_commitment:
            title = KEY_COMMITMENTS[number % len(KEY_COMMITMENTS)]
        elif is_exception:
            title = EXCEPTION
        else:
            subject = POLICY_SUBJECTS[number % len(POLICY_SUBJECTS)]
            title = _format(
                {"en": "General order {n}: {subject}", "es": "Orden general {n}: {subject}"},
                n=300 + number,
                subject=subject,
            )
        body = {code: "".join(POLICY_SECTION[code].format(n=section) for section in range(1, 9)) for code in title}
        texts = {"title": title, "summary": _format(POLICY_SUMMARY, title=title), "body": body}
        if not (is_commitment or is_exception) and rng.random() < 0.05:
            texts = {name: _untranslated(text) for name, text in texts.items()}
        policies.append(
            Policy(
                **localized(**texts),
                slug=f"{slugify(title['en'])}-{number + 1}",
                topic=topic,
                is_key_commitment=is_commitment,
                is_exception=is_exception,
                effective_date=datetime.date(2019, 1, 1) + datetime.timedelta(days=rng.randint(0, 1500)),
                last_reviewed=timezone.localdate() - datetime.timedelta(days=rng.randint(10, 400)),
                order=number,
                status=PublishStatus.PUBLISHED,
            )
        )
    # Every policy starts with its first version in the history, as one created in the admin would.
    created = timezone.now() - datetime.timedelta(days=3 * 365)
    policies = bulk_create_with_history(_prepare(policies), Policy, batch_size=BATCH_SIZE, default_date=created)
    return policies, policies[0]


def build_policy_history(policy, revisions):
    """A long public history for one policy: monthly edits in either language, a draft spell, no-op saves."""
    policy = Policy.objects.get(pk=policy.pk)
    start = timezone.now() - datetime.timedelta(days=2 * 365)
    for number in range(1, revisions + 1):
        step = number % 6
        if step == 1:
            policy.summary_en = f"{policy.summary_en.split(' Revised')[0]} Revised in revision {number}."
        elif step == 2:
            policy.summary_es = f"{policy.summary_es.split(' Revisado')[0]} Revisado en la revisión {number}."
        elif step == 3:
            policy.body_en += f"<p>Added in revision {number}: officers shall explain this policy on request.</p>"
            policy.body_es += f"<p>Añadido en la revisión {number}: los agentes explicarán esta política.</p>"
        elif step == 4:
            policy.status = PublishStatus.DRAFT  # a draft in between is not a public version
        elif step == 5:
            policy.status = PublishStatus.PUBLISHED
            policy.last_reviewed = timezone.localdate() - datetime.timedelta(days=revisions - number)
        # step 0: a save that changes nothing a resident reads
        policy._history_date = start + datetime.timedelta(days=30 * number)
        policy.save()
    if policy.status != PublishStatus.PUBLISHED:
        policy.status = PublishStatus.PUBLISHED
        policy.save()


def build_faq(size, rng, policies):
    categories = [
        FaqCategory(
            **localized(name=FAQ_CATEGORIES[number % len(FAQ_CATEGORIES)]), slug=f"topic-{number + 1}", order=number
        )
        for number in range(size.faq_categories)
    ]
    categories = FaqCategory.objects.bulk_create(_prepare(categories))
    entries = []
    for number in range(size.faq_entries):
        category = categories[number % len(categories)]
        texts = {"question": rng.choice(FAQ_QUESTIONS), "answer": FAQ_ANSWER}
        if rng.random() < 0.05:
            texts = {name: _untranslated(text) for name, text in texts.items()}
        entries.append(
            FaqEntry(
                **localized(**texts),
                slug=f"{slugify(texts['question'][source_language()])}-{number + 1}",
                category=category,
                order=number // len(categories),
                related_policy=rng.choice(policies) if rng.random() < 0.2 else None,
                is_highlighted=number < 6,
                status=PublishStatus.DRAFT if rng.random() < 0.02 else PublishStatus.PUBLISHED,
            )
        )
    # The featured policy's page lists its FAQ entries: give it a few.
    for entry in entries[:4]:
        entry.related_policy = policies[0]
    return len(FaqEntry.objects.bulk_create(_prepare(entries), batch_size=BATCH_SIZE))


def build_resources(size, rng):
    cities = [name for name, *_rest in CITIES[: size.cities]]
    categories = list(ResourceCategory)
    resources = []
    for number in range(size.resources):
        category = categories[number % len(categories)]
        city = rng.choice(cities)
        name = _format({"en": "{name} of {city}", "es": "{name} de {city}"}, name=RESOURCE_NAMES[category], city=city)
        resources.append(
            Resource(
                **localized(name=name, description=RESOURCE_DESCRIPTION),
                slug=f"{slugify(name[source_language()])}-{number + 1}",
                category=category,
                phone=f"555-01{number % 100:02d}",
                website=f"https://resource-{number + 1}.example.org/",
                address=f"{200 + number} {rng.choice(STREETS)}, {city}, TX",
                languages=rng.choice([["es", "en"], ["es"], ["en", "es", "vi", "zh-hans"]]),
                is_free=rng.random() < 0.85,
                last_verified=timezone.localdate() - datetime.timedelta(days=rng.randint(1, 365)),
                order=number,
                status=PublishStatus.PUBLISHED,
            )
        )
    return len(Resource.objects.bulk_create(_prepare(resources), batch_size=BATCH_SIZE))


def build_fact_checks(size, rng, policies):
    cities = [name for name, *_rest in CITIES[: size.cities]]
    fact_checks = []
    for number in range(size.fact_checks):
        place = _format(rng.choice(FACT_CHECK_PLACES), city=rng.choice(cities))
        claim = _format(rng.choice(FACT_CHECK_CLAIMS), place=place)
        fact_checks.append(
            FactCheck(
                **localized(claim=claim, facts=FACT_CHECK_FACTS),
                slug=f"{slugify(claim[source_language()])}-{number + 1}",
                published_on=timezone.localdate() - datetime.timedelta(days=rng.randint(0, 3 * 365)),
                related_policy=rng.choice(policies) if rng.random() < 0.3 else None,
                status=PublishStatus.PUBLISHED,
            )
        )
    return len(FactCheck.objects.bulk_create(_prepare(fact_checks), batch_size=BATCH_SIZE))


GUIDE_TITLES = [
    {"en": "Report a crime in {city}", "es": "Denuncie un delito en {city}"},
    {"en": "Get an interpreter in {city}", "es": "Consiga un intérprete en {city}"},
    {"en": "Ask for a U visa certification in {city}", "es": "Pida una certificación de visa U en {city}"},
]
GUIDE_SUMMARY = {"en": "What to do, in order, and who to call.", "es": "Qué hacer, en orden, y a quién llamar."}
STEP_TEXTS = {
    "title": {"en": "Step {number}: gather what you need", "es": "Paso {number}: reúna lo que necesita"},
    "body": {
        "en": "<p>Bring what you have. You do not need papers to ask for help.</p>",
        "es": "<p>Traiga lo que tenga. No necesita papeles para pedir ayuda.</p>",
    },
    "what_to_bring": {
        "en": "Your report number\nAn ID, if you have one",
        "es": "Su número de reporte\nUna identificación",
    },
    "how_long": {"en": "About 15 minutes", "es": "Unos 15 minutos"},
    "contact": {"en": "The outreach team, 214-555-0100", "es": "El equipo de enlace, 214-555-0100"},
}


def build_guides(size, rng, policies, featured_policy):
    """Guides of `steps_per_guide` steps each; the first is linked from the featured policy."""
    cities = [name for name, *_rest in CITIES[: size.cities]]
    guides = [
        Guide(
            **localized(title=_format(rng.choice(GUIDE_TITLES), city=rng.choice(cities)), summary=GUIDE_SUMMARY),
            slug=f"guide-{number + 1}",
            order=number,
            is_certification_guide=number == 0,
            target_days=60 if number == 0 else None,
            status=PublishStatus.PUBLISHED,
        )
        for number in range(size.guides)
    ]
    guides = Guide.objects.bulk_create(_prepare(guides), batch_size=BATCH_SIZE)
    steps = [
        GuideStep(
            guide=guide,
            order=number,
            **localized(**{field: _format(texts, number=number + 1) for field, texts in STEP_TEXTS.items()}),
        )
        for guide in guides
        for number in range(size.steps_per_guide)
    ]
    GuideStep.objects.bulk_create(_prepare(steps), batch_size=BATCH_SIZE)
    if guides:
        guides[0].related_policies.add(featured_policy, *rng.sample(policies, min(5, len(policies))))
    return len(guides)


def build_alert():
    now = timezone.now()
    alert = Alert(
        **localized(
            message={
                "en": "Tonight's meeting in Irving is cancelled because of the storm.",
                "es": "La reunión de esta noche en Irving se canceló por la tormenta.",
            }
        ),
        link=reverse("events:event-list"),
        level=AlertLevel.URGENT,
        starts_at=now - datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(days=2),
        status=PublishStatus.PUBLISHED,
    )
    alert.save()


def site_facts(size, featured_policy):
    """Which meeting, policy, city and month the benchmark opens, chosen from what was built."""
    upcoming = Event.objects.published().upcoming()
    # A translated, scheduled meeting about a month out, at a venue with a map location: a typical detail page.
    typical = upcoming.filter(
        starts_at__gte=timezone.now() + datetime.timedelta(days=30),
        event_status=EventStatus.SCHEDULED,
        venue__latitude__isnull=False,
    )
    for code in target_languages():
        typical = typical.exclude(**{localized_field("title", code): ""})
    meeting = typical.first() or upcoming.first()
    in_two_months = timezone.localdate() + datetime.timedelta(days=60)
    # A topic with policies of its own (a tiny site may have none besides the commitments: then any topic).
    listed = Policy.objects.published().by_topic().select_related("topic").order_by("topic__order", "order").first()
    topic = listed.topic if listed else PolicyTopic.objects.first()
    faq_entry = FaqEntry.objects.published().order_by("category__order", "order", "pk").first()
    resource = Resource.objects.published().first()
    return SiteFacts(
        counts={
            "cities": size.cities,
            "venues": Venue.objects.count(),
            "meetings": Event.objects.count(),
            "policy_topics": PolicyTopic.objects.count(),
            "policies": Policy.objects.count(),
            "policy_history_rows": Policy.history.count(),
            "faq_categories": FaqCategory.objects.count(),
            "faq_entries": FaqEntry.objects.count(),
            "resources": Resource.objects.count(),
            "fact_checks": FactCheck.objects.count(),
            "alerts": Alert.objects.count(),
            "guides": Guide.objects.count(),
            "guide_steps": GuideStep.objects.count(),
        },
        event_slug=meeting.slug,
        policy_slug=featured_policy.slug,
        city=CITIES[1][0] if size.cities > 1 else CITIES[0][0],
        month=f"{in_two_months:%Y-%m}",
        upcoming_published=upcoming.count(),
        topic_slug=topic.slug,
        faq_category_slug=faq_entry.category.slug,
        faq_entry_slug=faq_entry.slug,
        resource_category=resource.category,
        resource_slug=resource.slug,
        fact_check_slug=FactCheck.objects.published().first().slug,
        guide_slug=getattr(Guide.objects.published().certification().first(), "slug", ""),
    )
