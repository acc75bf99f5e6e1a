"""Demo content for the site core, written from BRIEF.md. Fictional numbers (555-01xx) and example.org only."""

from .i18n import language_codes, localized_field
from .models import SiteSettings


def localized(**fields):
    """`title={"en": ..., "es": ...}` as `{"title_en": ..., "title_es": ...}`, for the configured languages only."""
    values = {}
    for name, texts in fields.items():
        for code in language_codes():
            values[localized_field(name, code)] = texts.get(code, "")
    return values


CHIEF_MESSAGE = {
    "en": (
        "<p>This department does not take part in immigration raids or deportation arrests. Our officers do not "
        "ask about immigration status, and calling us for help will not get you reported.</p>"
        "<p>Keep calling us when you need us. Keep going to work. Keep sending your children to school. Come to "
        "one of our community meetings and ask us anything.</p>"
    ),
    "es": (
        "<p>Este departamento no participa en redadas de inmigración ni en arrestos para deportación. Nuestros "
        "agentes no preguntan por su estatus migratorio, y llamarnos para pedir ayuda no hará que lo "
        "denuncien.</p>"
        "<p>Siga llamándonos cuando nos necesite. Siga yendo a trabajar. Siga mandando a sus hijos a la escuela. "
        "Venga a una de nuestras reuniones comunitarias y pregúntenos lo que quiera.</p>"
    ),
}


def seed():
    site = SiteSettings.load()
    values = localized(
        organization_name={"en": "Dallas Police Department", "es": "Departamento de Policía de Dallas"},
        program_name={
            "en": "Latino Community Outreach Program",
            "es": "Programa de Acercamiento a la Comunidad Latina",
        },
        tagline={
            "en": "Meetings, plain answers and legal help for every resident, whatever their status.",
            "es": "Reuniones, respuestas claras y ayuda legal para todos los residentes, sin importar su estatus.",
        },
        chief_message=CHIEF_MESSAGE,
    )
    values.update(
        emergency_number="911",
        non_emergency_number="555-0100",
        contact_email="outreach@example.org",
        official_domain="outreach.example.org",
    )
    for name, value in values.items():
        setattr(site, name, value)
    site.save()
    return "site settings"
