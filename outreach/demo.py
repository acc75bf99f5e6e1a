"""Demo content for the site core, written from BRIEF.md. Fictional numbers (555-01xx) and example.org only."""

import datetime

from django.utils import timezone

from editorial.i18n import language_codes, localized, localized_field
from editorial.publication import PublishStatus

from .models import Alert, AlertLevel, FactCheck, FaqCategory, FaqEntry, Resource, SiteSettings

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


def seed_site_settings(**overrides):
    """The demo department's settings row (also the benchmarks' site), with `overrides` applied."""
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
        **overrides,
    )
    for name, value in values.items():
        setattr(site, name, value)
    site.save()
    return site


def seed():
    seed_site_settings()
    entries = seed_faq()
    seed_resources()
    seed_fact_checks()
    seed_alert()
    return f"site settings, {entries} FAQ entries, {len(RESOURCES)} resources, {len(FACT_CHECKS)} fact checks, 1 alert"


def update_or_create(model, lookup, values):
    """Idempotent seeding that goes through save(), so translation status and history stay right."""
    item = model.objects.filter(**lookup).first() or model(**lookup)
    for name, value in values.items():
        setattr(item, name, value)
    item.save()
    return item


def policy(slug):
    from policies.models import Policy

    return Policy.objects.filter(slug=slug).first()


FAQ = [
    (
        {"en": "Calling the police", "es": "Llamar a la policía"},
        "calling-the-police",
        [
            (
                {
                    "en": "If I call 911, will they ask about my immigration status?",
                    "es": "Si llamo al 911, ¿me van a preguntar por mi estatus migratorio?",
                },
                {
                    "en": "<p>No. Call-takers and officers do not ask about immigration status, and calling for help "
                    "will not get you reported to immigration authorities. Call whenever you need help.</p>",
                    "es": "<p>No. Ni las operadoras ni los agentes preguntan por el estatus migratorio, y pedir ayuda "
                    "no hará que lo denuncien a las autoridades de inmigración. Llame siempre que necesite "
                    "ayuda.</p>",
                },
                "calling-911",
                True,
            ),
            (
                {
                    "en": "Can I report a crime if I am undocumented?",
                    "es": "¿Puedo denunciar un delito si no tengo papeles?",
                },
                {
                    "en": "<p>Yes. Victims and witnesses are helped the same way whatever their status. Reporting "
                    "crime keeps your neighborhood safe.</p>",
                    "es": "<p>Sí. Las víctimas y los testigos reciben la misma ayuda sin importar su estatus. "
                    "Denunciar delitos mantiene seguro su vecindario.</p>",
                },
                "reporting-crime",
                True,
            ),
            (
                {
                    "en": "What number do I call when it is not an emergency?",
                    "es": "¿A qué número llamo si no es una emergencia?",
                },
                {
                    "en": "<p>Call <strong>555-0100</strong>, day or night, to report something that already "
                    "happened, a noise complaint or anything else that is not an emergency. The number is also at "
                    "the top of every page. If someone is in danger right now, always call 911.</p>",
                    "es": "<p>Llame al <strong>555-0100</strong>, de día o de noche, para reportar algo que ya pasó, "
                    "una queja por ruido o cualquier otra cosa que no sea una emergencia. El número también está "
                    "arriba en cada página. Si alguien está en peligro en este momento, llame siempre al 911.</p>",
                },
                None,
                False,
            ),
            (
                {
                    "en": "What if I do not speak English when I call 911?",
                    "es": "¿Qué pasa si no hablo inglés cuando llamo al 911?",
                },
                {
                    "en": "<p>Say the name of your language in English, for example “Spanish”, and stay on the line. "
                    "A free interpreter joins the call.</p>",
                    "es": "<p>Diga el nombre de su idioma en inglés, por ejemplo “Spanish”, y no cuelgue. Un "
                    "intérprete gratuito se une a la llamada.</p>",
                },
                "language-access",
                False,
            ),
            (
                {
                    "en": "Can I report a crime without giving my name?",
                    "es": "¿Puedo denunciar un delito sin dar mi nombre?",
                },
                {
                    "en": "<p>Yes. Call the crime tip line at 555-0147 or use the online tip form. No one asks for "
                    "your name. In an emergency, call 911.</p>",
                    "es": "<p>Sí. Llame a la línea de denuncias al 555-0147 o use el formulario en línea. Nadie le "
                    "pide su nombre. En una emergencia, llame al 911.</p>",
                },
                "reporting-crime",
                False,
            ),
        ],
    ),
    (
        {"en": "Immigration and the police", "es": "La inmigración y la policía"},
        "immigration",
        [
            (
                {
                    "en": "Does the department take part in immigration raids?",
                    "es": "¿El departamento participa en redadas de inmigración?",
                },
                {
                    "en": "<p>No. The department does not join immigration raids or deportation arrests, and it does "
                    "not detain anyone because of their immigration status.</p>",
                    "es": "<p>No. El departamento no participa en redadas de inmigración ni en arrestos para "
                    "deportación, y no detiene a nadie por su estatus migratorio.</p>",
                },
                "immigration-enforcement",
                True,
            ),
            (
                {
                    "en": "Can I still be arrested if I have a warrant?",
                    "es": "¿Me pueden arrestar si tengo una orden de arresto?",
                },
                {
                    "en": "<p>Yes. This is the exception to the department's promises: a person with an outstanding "
                    "criminal warrant can be arrested, and that arrest can lead to deportation. Talk to a "
                    "lawyer about any warrant; the legal help page lists free options.</p>",
                    "es": "<p>Sí. Esta es la excepción a los compromisos del departamento: una persona con una orden "
                    "de arresto penal pendiente puede ser arrestada, y ese arresto puede llevar a su "
                    "deportación. Hable con un abogado sobre cualquier orden; la página de ayuda legal tiene "
                    "opciones gratuitas.</p>",
                },
                "warrant-exception",
                True,
            ),
            (
                {
                    "en": "Will police arrest people at church, school or the hospital?",
                    "es": "¿La policía arresta a la gente en la iglesia, la escuela o el hospital?",
                },
                {
                    "en": "<p>Our officers will not make immigration arrests or join raids at churches, schools or "
                    "hospitals: that is what the chief told residents, and it binds this department's officers. It "
                    "does not bind federal agents. Their own guidance on these places was withdrawn in January 2025. "
                    "A person with an outstanding criminal warrant can still be arrested anywhere.</p>"
                    "<p>Keep going to worship, sending your children to school and seeking medical care.</p>",
                    "es": "<p>Nuestros agentes no harán arrestos de inmigración ni participarán en redadas en "
                    "iglesias, escuelas u hospitales: eso dijo el jefe a los residentes, y obliga a los agentes de "
                    "este departamento. No obliga a los agentes federales. Su propia guía sobre estos lugares se "
                    "retiró en enero de 2025. Una persona con una orden de arresto penal pendiente puede ser arrestada "
                    "en cualquier lugar.</p><p>Siga yendo a su iglesia, mandando a sus hijos a la escuela y buscando "
                    "atención médica.</p>",
                },
                "sensitive-locations",
                False,
            ),
        ],
    ),
    (
        {"en": "The community meetings", "es": "Las reuniones comunitarias"},
        "meetings",
        [
            (
                {
                    "en": "Do I need papers or ID to attend a meeting?",
                    "es": "¿Necesito papeles o identificación para ir a una reunión?",
                },
                {
                    "en": "<p>No. Meetings are free and open to everyone. No one will ask for your name, papers or "
                    "status.</p>",
                    "es": "<p>No. Las reuniones son gratuitas y abiertas a todos. Nadie le pedirá su nombre, sus "
                    "papeles ni su estatus.</p>",
                },
                None,
                False,
            ),
            (
                {"en": "Are the meetings in Spanish?", "es": "¿Las reuniones son en español?"},
                {
                    "en": "<p>Yes, meetings are held in Spanish and English. Each meeting page lists its languages.</p>",
                    "es": "<p>Sí, las reuniones son en español e inglés. La página de cada reunión indica sus "
                    "idiomas.</p>",
                },
                "language-access",
                False,
            ),
            (
                {"en": "Can I bring my children?", "es": "¿Puedo llevar a mis hijos?"},
                {
                    "en": "<p>Yes, children are welcome. Some venues offer childcare; check the meeting page.</p>",
                    "es": "<p>Sí, los niños son bienvenidos. Algunos lugares ofrecen cuidado de niños; consulte la "
                    "página de la reunión.</p>",
                },
                None,
                False,
            ),
        ],
    ),
    (
        {"en": "Getting help", "es": "Cómo conseguir ayuda"},
        "getting-help",
        [
            (
                {
                    "en": "I was the victim of a crime. Can the police help me ask for a U visa?",
                    "es": "Fui víctima de un delito. ¿La policía me puede ayudar a pedir una visa U?",
                },
                {
                    "en": "<p>Yes. Victims of some crimes can ask us to sign a form for a U visa (or a T visa, for "
                    "trafficking). We do not ask about your status. The step-by-step guide explains how.</p>",
                    "es": "<p>Sí. Las víctimas de algunos delitos pueden pedirnos que firmemos un formulario para la "
                    "visa U (o la visa T, en casos de trata). No le preguntamos por su estatus. La guía paso a "
                    "paso explica cómo.</p>",
                },
                "calling-911",
                False,
            ),
            (
                {"en": "Where can I find a lawyer I can trust?", "es": "¿Dónde encuentro un abogado de confianza?"},
                {
                    "en": "<p>Use the legal help page: it lists free legal aid groups. Be careful with anyone who "
                    "promises papers for money.</p>",
                    "es": "<p>Use la página de ayuda legal: allí hay grupos de ayuda legal gratuita. Tenga cuidado "
                    "con quien le prometa papeles a cambio de dinero.</p>",
                },
                None,
                False,
            ),
            (
                {
                    "en": "How do I make a complaint about an officer?",
                    "es": "¿Cómo presento una queja sobre un agente?",
                },
                {
                    "en": "<p>You can make a complaint in your language, without giving your immigration status. The "
                    "policy on reporting explains how.</p>",
                    "es": "<p>Puede presentar una queja en su idioma, sin dar su estatus migratorio. La política sobre "
                    "denuncias explica cómo.</p>",
                },
                "reporting-crime",
                False,
            ),
            (
                {
                    "en": "Can I ask a question without giving my name?",
                    "es": "¿Puedo hacer una pregunta sin dar mi nombre?",
                },
                {
                    "en": "<p>Yes. The question form asks for nothing but your question, and the site keeps nothing "
                    "about who you are.</p>",
                    "es": "<p>Sí. El formulario solo le pide su pregunta, y el sitio no guarda nada sobre quién es "
                    "usted.</p>",
                },
                None,
                False,
            ),
        ],
    ),
]

RESOURCES = [
    (
        "legal-aid",
        {"en": "Community Legal Aid Clinic (example)", "es": "Clínica de Ayuda Legal Comunitaria (ejemplo)"},
        {
            "en": "Free consultations on immigration cases, warrants and family plans.",
            "es": "Consultas gratuitas sobre casos de inmigración, órdenes de arresto y planes familiares.",
        },
        "555-0141",
        "https://legal-aid.example.org/",
        True,
        ["es", "en"],
    ),
    (
        "legal-aid",
        {
            "en": "Immigrant Rights Law Project (example)",
            "es": "Proyecto Legal por los Derechos de los Inmigrantes (ejemplo)",
        },
        {
            "en": "Low-cost representation by accredited representatives and lawyers.",
            "es": "Representación a bajo costo por abogados y representantes acreditados.",
        },
        "555-0142",
        "https://rights-project.example.org/",
        False,
        ["es", "en", "pt"],
    ),
    (
        "consulate",
        {"en": "Consulate information line (example)", "es": "Línea de información consular (ejemplo)"},
        {
            "en": "Passports, consular ID cards and help for nationals in trouble.",
            "es": "Pasaportes, matrículas consulares y ayuda para connacionales en problemas.",
        },
        "555-0143",
        "https://consulate.example.org/",
        True,
        ["es"],
    ),
    (
        "victim-services",
        {"en": "Crime Victim Support Center (example)", "es": "Centro de Apoyo a Víctimas (ejemplo)"},
        {
            "en": "Counseling, safety planning and help with U visa certification for victims of crime.",
            "es": "Consejería, planes de seguridad y ayuda con la certificación para la visa U para víctimas de delitos.",
        },
        "555-0144",
        "https://victim-support.example.org/",
        True,
        ["es", "en", "vi"],
    ),
    (
        "hotline",
        {"en": "Family violence hotline (example)", "es": "Línea de ayuda contra la violencia familiar (ejemplo)"},
        {
            "en": "Confidential help day and night, in Spanish and English.",
            "es": "Ayuda confidencial de día y de noche, en español e inglés.",
        },
        "555-0145",
        "https://hotline.example.org/",
        True,
        ["es", "en"],
    ),
    (
        "other",
        {
            "en": "Neighborhood Family Resource Center (example)",
            "es": "Centro de Recursos Familiares del Barrio (ejemplo)",
        },
        {
            "en": "Food, school enrollment help and English classes.",
            "es": "Alimentos, ayuda para inscribir a los niños en la escuela y clases de inglés.",
        },
        "555-0146",
        "https://family-center.example.org/",
        True,
        ["es", "en", "vi", "zh-hans"],
    ),
]

FACT_CHECKS = [
    (
        {
            "en": "Police are checking papers at grocery stores.",
            "es": "La policía está pidiendo papeles en los supermercados.",
        },
        {
            "en": "<p>False. Officers do not ask for immigration papers at stores or anywhere else, and the department "
            "does not take part in immigration raids.</p>",
            "es": "<p>Falso. Los agentes no piden papeles migratorios en las tiendas ni en ningún otro lugar, y el "
            "departamento no participa en redadas de inmigración.</p>",
        },
        "immigration-enforcement",
        2,
    ),
    (
        {"en": "If you call 911, they will ask for your papers.", "es": "Si llama al 911, le van a pedir sus papeles."},
        {
            "en": "<p>False. Calling 911 is safe whatever your status. No one who calls will be reported to immigration "
            "authorities.</p>",
            "es": "<p>Falso. Llamar al 911 es seguro sin importar su estatus. Nadie que llame será denunciado a las "
            "autoridades de inmigración.</p>",
        },
        "calling-911",
        9,
    ),
    (
        {
            "en": "Police will arrest parents when they pick up their children from school.",
            "es": "La policía va a arrestar a los padres cuando recojan a sus hijos en la escuela.",
        },
        {
            "en": "<p>False. There are no immigration arrests or raids at schools. Keep sending your children to "
            "school.</p>",
            "es": "<p>Falso. No hay arrestos ni redadas de inmigración en las escuelas. Siga mandando a sus hijos a la "
            "escuela.</p>",
        },
        "sensitive-locations",
        16,
    ),
]


# The step-by-step guide under an answer (guides/demo.py), by the English question: what to do next.
FAQ_GUIDES = {
    "Can I report a crime if I am undocumented?": "help-for-victims-of-crime",
    "What if I do not speak English when I call 911?": "help-in-your-language",
    "Can I report a crime without giving my name?": "report-a-crime-anonymously",
    "Are the meetings in Spanish?": "help-in-your-language",
    "I was the victim of a crime. Can the police help me ask for a U visa?": "u-and-t-visa-certification",
    "Where can I find a lawyer I can trust?": "immigration-services-fraud",
    "How do I make a complaint about an officer?": "complaint-about-an-officer",
}


def guide(slug):
    from guides.models import Guide

    return Guide.objects.filter(slug=slug).first()


def seed_faq():
    count = 0
    for category_order, (name, slug, entries) in enumerate(FAQ):
        category = update_or_create(FaqCategory, {"slug": slug}, {**localized(name=name), "order": category_order})
        for order, (question, answer, policy_slug, highlighted) in enumerate(entries):
            update_or_create(
                FaqEntry,
                {localized_field("question", language_codes()[0]): question["en"]},
                {
                    **localized(question=question, answer=answer),
                    "category": category,
                    "order": order,
                    "related_policy": policy(policy_slug) if policy_slug else None,
                    "related_guide": guide(FAQ_GUIDES[question["en"]]) if question["en"] in FAQ_GUIDES else None,
                    "is_highlighted": highlighted,
                    "status": PublishStatus.PUBLISHED,
                },
            )
            count += 1
    return count


def seed_resources():
    for order, (category, name, description, phone, website, is_free, languages) in enumerate(RESOURCES):
        update_or_create(
            Resource,
            {"website": website},
            {
                **localized(name=name, description=description),
                "category": category,
                "phone": phone,
                "languages": languages,
                "is_free": is_free,
                "last_verified": timezone.localdate() - datetime.timedelta(days=7 * order + 3),
                "order": order,
                "status": PublishStatus.PUBLISHED,
            },
        )


def seed_fact_checks():
    for claim, facts, policy_slug, days_ago in FACT_CHECKS:
        update_or_create(
            FactCheck,
            {localized_field("claim", language_codes()[0]): claim["en"]},
            {
                **localized(claim=claim, facts=facts),
                "published_on": timezone.localdate() - datetime.timedelta(days=days_ago),
                "related_policy": policy(policy_slug),
                "status": PublishStatus.PUBLISHED,
            },
        )


def seed_alert():
    # Active from now for two weeks: the banner shows in the demo and goes away on its own.
    now = timezone.now()
    update_or_create(
        Alert,
        {"link": "/en/events/"},
        {
            **localized(
                message={
                    "en": "New meetings have been added in Irving, Garland, Grand Prairie and Mesquite.",
                    "es": "Se agregaron nuevas reuniones en Irving, Garland, Grand Prairie y Mesquite.",
                }
            ),
            "level": AlertLevel.INFO,
            "starts_at": now - datetime.timedelta(hours=1),
            "ends_at": now + datetime.timedelta(days=14),
            "status": PublishStatus.PUBLISHED,
        },
    )
