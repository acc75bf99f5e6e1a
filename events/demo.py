"""
Demo meetings: the weekly series from BRIEF.md, dated relative to today so the calendar is never empty.

Familia Bethel Internacional is a real church, so it gets no invented street address; the other venues are
fictional and say so.
"""

import datetime

from django.utils import timezone

from editorial.i18n import localized
from editorial.publication import PublishStatus

from .models import Event, EventStatus, Venue

VENUES = [
    {
        "key": "bethel",
        "name": {"en": "Familia Bethel Internacional church", "es": "Iglesia Familia Bethel Internacional"},
        "city": "Dallas",
        "street_address": "",
        "directions": {
            "en": "Ask the church office for parking and the meeting room.",
            "es": "Pregunte en la oficina de la iglesia por el estacionamiento y el salón de la reunión.",
        },
        "accessibility_notes": {
            "en": "Step-free entrance at the main doors.",
            "es": "Entrada sin escalones por las puertas principales.",
        },
    },
    {
        "key": "oak-cliff",
        "name": {
            "en": "Oak Cliff community hall (demo venue)",
            "es": "Salón comunitario de Oak Cliff (lugar de ejemplo)",
        },
        "city": "Dallas",
        "street_address": "100 Example Street",
        "postal_code": "75208",
        "latitude": "32.743800",
        "longitude": "-96.826600",
        "directions": {
            "en": "Free parking behind the building. Bus stop across the street.",
            "es": "Estacionamiento gratis detrás del edificio. Parada de autobús enfrente.",
        },
        "accessibility_notes": {
            "en": "Step-free entrance on the parking side. Hearing loop in the main room.",
            "es": "Entrada sin escalones del lado del estacionamiento. Bucle auditivo en el salón principal.",
        },
    },
    {
        "key": "irving",
        "name": {"en": "Irving parish hall (demo venue)", "es": "Salón parroquial de Irving (lugar de ejemplo)"},
        "city": "Irving",
        "street_address": "200 Example Avenue",
        "postal_code": "75060",
        "latitude": "32.814000",
        "longitude": "-96.948900",
        "directions": {
            "en": "Use the side door on the parking lot.",
            "es": "Use la puerta lateral del estacionamiento.",
        },
        "accessibility_notes": {"en": "Step-free access.", "es": "Acceso sin escalones."},
    },
    {
        "key": "garland",
        "name": {
            "en": "Garland recreation center (demo venue)",
            "es": "Centro recreativo de Garland (lugar de ejemplo)",
        },
        "city": "Garland",
        "street_address": "300 Example Road",
        "postal_code": "75040",
        "latitude": "32.912600",
        "longitude": "-96.638900",
        "directions": {"en": "Room B, next to the gym.", "es": "Salón B, junto al gimnasio."},
        "accessibility_notes": {
            "en": "Step-free access. Elevator to Room B.",
            "es": "Acceso sin escalones. Elevador al salón B.",
        },
        "childcare": True,
    },
    {
        "key": "grand-prairie",
        "name": {
            "en": "Grand Prairie community church (demo venue)",
            "es": "Iglesia comunitaria de Grand Prairie (lugar de ejemplo)",
        },
        "city": "Grand Prairie",
        "street_address": "400 Example Boulevard",
        "postal_code": "75050",
        "latitude": "32.745900",
        "longitude": "-96.997800",
        "directions": {
            "en": "Fellowship hall, behind the church.",
            "es": "Salón de convivencia, detrás de la iglesia.",
        },
        "accessibility_notes": {"en": "Step-free access.", "es": "Acceso sin escalones."},
    },
    {
        "key": "mesquite",
        "name": {
            "en": "Mesquite school cafeteria (demo venue)",
            "es": "Cafetería escolar de Mesquite (lugar de ejemplo)",
        },
        "city": "Mesquite",
        "street_address": "500 Example Lane",
        "postal_code": "75149",
        "latitude": "32.766800",
        "longitude": "-96.599200",
        "directions": {"en": "Enter by the main school doors.", "es": "Entre por la puerta principal de la escuela."},
        "accessibility_notes": {"en": "Step-free access.", "es": "Acceso sin escalones."},
    },
]

# The series: (weeks from this week, venue key). The first meeting, at the church, was two weeks ago.
SERIES = [
    (-2, "bethel"),
    (-1, "oak-cliff"),
    (0, "irving"),
    (1, "garland"),
    (2, "bethel"),
    (3, "grand-prairie"),
    (4, "mesquite"),
    (5, "oak-cliff"),
    (6, "irving"),
    (7, "garland"),
    (8, "bethel"),
    (9, "grand-prairie"),
    (10, "mesquite"),
    (11, "oak-cliff"),
    (12, "bethel"),
]
CANCELLED_WEEK = 4
UNTRANSLATED_WEEK = 6

# What each meeting of the series is about, in turn: a title and a one-line summary of its own, so a list of
# meetings reads like a real calendar rather than the same paragraph fifteen times.
THEMES = [
    {
        "title": {
            "en": "Know your rights with the police: {city}",
            "es": "Conozca sus derechos ante la policía: {city}",
        },
        "summary": {
            "en": "What officers will and will not ask you, and why calling 911 is safe whatever your status.",
            "es": "Lo que los agentes le preguntarán y lo que no, y por qué llamar al 911 es seguro sin importar su "
            "estatus.",
        },
    },
    {
        "title": {
            "en": "The warrant exception, explained: {city}",
            "es": "La excepción por órdenes de arresto: {city}",
        },
        "summary": {
            "en": "The one exception to our commitments, said plainly, with time for your questions.",
            "es": "La única excepción a nuestros compromisos, dicha con claridad, con tiempo para sus preguntas.",
        },
    },
    {
        "title": {"en": "Free legal help night: {city}", "es": "Noche de ayuda legal gratuita: {city}"},
        "summary": {
            "en": "Lawyers from local legal aid groups answer questions in private. No appointment needed.",
            "es": "Abogados de grupos locales de ayuda legal responden preguntas en privado. No necesita cita.",
        },
    },
    {
        "title": {"en": "Meet your neighborhood officers: {city}", "es": "Conozca a los agentes de su barrio: {city}"},
        "summary": {
            "en": "Coffee and conversation with the officers who patrol your streets, in Spanish and English.",
            "es": "Café y conversación con los agentes que patrullan sus calles, en español y en inglés.",
        },
    },
    {
        "title": {"en": "Reporting a crime safely: {city}", "es": "Cómo denunciar un delito con seguridad: {city}"},
        "summary": {
            "en": "How victims and witnesses are helped, and what happens after you call.",
            "es": "Cómo se ayuda a las víctimas y los testigos, y qué pasa después de que usted llama.",
        },
    },
]
DESCRIPTION = {
    "en": (
        "<h2>What we will talk about</h2><ul>"
        "<li><p>Calling 911 is safe: no one who calls will be reported to immigration authorities.</p></li>"
        "<li><p>The department does not join immigration raids and does not detain anyone for their status.</p></li>"
        "<li><p>No arrests or raids at churches, schools or hospitals.</p></li>"
        "<li><p>The exception, said plainly: a person with an outstanding criminal warrant can still be "
        "arrested, and that arrest can lead to deportation.</p></li></ul>"
        "<p>Lawyers from local legal aid groups will be there to answer questions in private.</p>"
    ),
    "es": (
        "<h2>De qué vamos a hablar</h2><ul>"
        "<li><p>Llamar al 911 es seguro: nadie que llame será denunciado a las autoridades de inmigración.</p></li>"
        "<li><p>El departamento no participa en redadas de inmigración y no detiene a nadie por su estatus.</p></li>"
        "<li><p>No hay arrestos ni redadas en iglesias, escuelas ni hospitales.</p></li>"
        "<li><p>La excepción, dicha con claridad: una persona con una orden de arresto penal pendiente puede ser "
        "arrestada, y ese arresto puede llevar a su deportación.</p></li></ul>"
        "<p>Abogados de grupos locales de ayuda legal estarán presentes para responder preguntas en privado.</p>"
    ),
}
HOST = {"en": "Latino Community Outreach Program", "es": "Programa de Acercamiento a la Comunidad Latina"}
CANCELLED_NOTE = {
    "en": "The school is closed that day for repairs. Join us the following week instead.",
    "es": "La escuela está cerrada ese día por reparaciones. Acompáñenos la semana siguiente.",
}


CHILDCARE = {
    "en": "<p>Children are welcome, and childcare is offered in the next room.</p>",
    "es": "<p>Los niños son bienvenidos, y hay cuidado de niños en el salón de al lado.</p>",
}

# What was heard at the first meeting, at the church: questions residents asked and the answers given, written up
# afterwards (without names) and published apart from the meeting. Written to match the published commitments, with
# the warrant exception beside them, and to promise nothing the department cannot keep.
HEARD_WEEK = -2
HEARD_NOTES = {
    "en": (
        "<h3>Will police ask my immigration status if I report a crime?</h3>"
        "<p>No. Officers do not ask victims or witnesses about their immigration status, and no one who calls 911 "
        "is reported to immigration authorities. Report the crime: that is what makes the neighborhood safer.</p>"
        "<h3>Is there any case where I could be arrested and deported?</h3>"
        "<p>Yes, one, and we said it plainly: a person with an outstanding criminal warrant can still be arrested, "
        "and that arrest can lead to deportation. It is about criminal warrants only, never about status. If you "
        "think there may be a warrant in your name, talk to a lawyer first.</p>"
        "<h3>Will there be raids at churches or schools?</h3>"
        "<p>The chief said the department will not make arrests or raids at churches, schools or hospitals. He also "
        "said what that covers: it is what this department does. The department cannot decide what federal agents "
        "do.</p>"
        "<h3>Can I bring my children to the meetings?</h3>"
        "<p>Yes. Children are welcome at every meeting, and some places offer childcare; the meeting's page says "
        "which.</p>"
        "<h3>I do not speak English. Can I still call?</h3>"
        "<p>Yes. Call 911 in an emergency and 555-0100 for anything else, and say the name of your language: an "
        "interpreter joins the call at no cost. Every meeting is in Spanish and English, and you can ask for "
        "another language by writing to outreach@example.org before the meeting.</p>"
        "<h3>Do I have to give my name to ask a question?</h3>"
        "<p>No. No one at the meetings asks for names or papers, and you can ask a question on this site without "
        "giving your name.</p>"
    ),
    "es": (
        "<h3>¿La policía me preguntará por mi estatus migratorio si denuncio un delito?</h3>"
        "<p>No. Los agentes no les preguntan a las víctimas ni a los testigos por su estatus migratorio, y nadie que "
        "llame al 911 es denunciado a las autoridades de inmigración. Denuncie el delito: eso hace más seguro su "
        "barrio.</p>"
        "<h3>¿Hay algún caso en que me puedan arrestar y deportar?</h3>"
        "<p>Sí, uno, y lo dijimos con claridad: una persona con una orden de arresto penal pendiente puede ser "
        "arrestada, y ese arresto puede llevar a su deportación. Se trata solo de órdenes de arresto penales, nunca "
        "del estatus. Si cree que puede haber una orden a su nombre, hable primero con un abogado.</p>"
        "<h3>¿Habrá redadas en iglesias o escuelas?</h3>"
        "<p>El jefe dijo que el departamento no hará arrestos ni redadas en iglesias, escuelas ni hospitales. "
        "También dijo qué abarca eso: es lo que hace este departamento. El departamento no puede decidir lo que "
        "hacen los agentes federales.</p>"
        "<h3>¿Puedo llevar a mis hijos a las reuniones?</h3>"
        "<p>Sí. Los niños son bienvenidos en todas las reuniones, y en algunos lugares hay cuidado de niños; la "
        "página de cada reunión lo indica.</p>"
        "<h3>No hablo inglés. ¿Puedo llamar de todos modos?</h3>"
        "<p>Sí. Llame al 911 en una emergencia y al 555-0100 para todo lo demás, y diga el nombre de su idioma: un "
        "intérprete se une a la llamada sin costo. Todas las reuniones son en español y en inglés, y puede pedir "
        "otro idioma escribiendo a outreach@example.org antes de la reunión.</p>"
        "<h3>¿Tengo que dar mi nombre para hacer una pregunta?</h3>"
        "<p>No. En las reuniones nadie pide nombres ni papeles, y puede hacer una pregunta en este sitio sin dar su "
        "nombre.</p>"
    ),
}


def seed():
    venues = {}
    for spec in VENUES:
        spec = dict(spec)
        key = spec.pop("key")
        spec.pop("childcare", None)
        texts = {name: spec.pop(name) for name in ["name", "directions", "accessibility_notes"]}
        venue = Venue.objects.filter(**{"name_en": texts["name"]["en"]}).first() or Venue()
        for name, value in {**localized(**texts), **spec}.items():
            setattr(venue, name, value)
        venue.save()
        venues[key] = venue

    # Thursdays at 7 p.m., in the site's time zone.
    today = timezone.localdate()
    this_thursday = today + datetime.timedelta(days=(3 - today.weekday()) % 7)
    childcare = {spec["key"] for spec in VENUES if spec.get("childcare")}
    meetings = {}
    for number, (weeks, venue_key) in enumerate(SERIES, start=1):
        venue = venues[venue_key]
        theme = THEMES[(number - 1) % len(THEMES)]
        day = this_thursday + datetime.timedelta(weeks=weeks)
        starts_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(19, 0)))
        description = DESCRIPTION
        if venue_key in childcare:
            description = {code: text + CHILDCARE[code] for code, text in DESCRIPTION.items()}
        texts = {
            "title": {code: text.format(city=venue.city) for code, text in theme["title"].items()},
            "summary": theme["summary"],
            "description": description,
            "host": HOST,
            "status_note": CANCELLED_NOTE if weeks == CANCELLED_WEEK else {},
        }
        if weeks == UNTRANSLATED_WEEK:
            # Deliberately left untranslated, so the demo shows the fallback to English and the queue.
            texts = {name: {"en": value.get("en", "")} for name, value in texts.items()}
        event = Event.objects.filter(slug=f"community-meeting-{number:02d}").first() or Event()
        values = {
            **localized(**texts),
            "slug": f"community-meeting-{number:02d}",
            "starts_at": starts_at,
            "ends_at": starts_at + datetime.timedelta(hours=2),
            "venue": venue,
            "languages": ["es", "en"],
            "event_status": EventStatus.CANCELLED if weeks == CANCELLED_WEEK else EventStatus.SCHEDULED,
            "status": PublishStatus.PUBLISHED,
        }
        heard = HEARD_NOTES if weeks == HEARD_WEEK else {}
        values.update(localized(heard_notes=heard))
        # Written up and published the morning after the meeting.
        values["heard_notes_published_at"] = values["ends_at"] + datetime.timedelta(hours=14) if heard else None
        for name, value in values.items():
            setattr(event, name, value)
        event.save()
        meetings[weeks] = event
    # The cancelled meeting sends residents to the next one.
    cancelled = meetings[CANCELLED_WEEK]
    cancelled.replaced_by = meetings[CANCELLED_WEEK + 1]
    cancelled.save()
    return f"{len(venues)} venues, {len(SERIES)} meetings"
