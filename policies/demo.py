"""
Demo policies: the commitments from BRIEF.md, the warrant exception said plainly, language access and how to
report, each saying who stands behind it, what it comes from and what it binds. The sensitive-places statement is
what the chief told residents, not a rule over federal agents. One policy (calling 911) has two published versions,
the second a major change with a public note, so the history page, the home page and the changes feed have
something to show.

Safe to run again: items are found by slug and saved only when their demo text differs, so a second run adds
no rows and no history. Dates are set when an item is first created (relative to that day) and left alone after.
Fictional numbers (911, 555-01xx) and example.org only.
"""

import datetime

from django.utils import timezone

from editorial.i18n import localized
from editorial.publication import PublishStatus
from editorial.seeding import apply_values

from .models import IssuedBy, Policy, PolicyTopic

TOPICS = [
    {"slug": "immigration", "order": 1, "name": {"en": "Immigration", "es": "Inmigración"}},
    {
        "slug": "calling-and-reporting",
        "order": 2,
        "name": {"en": "Calling for help and reporting", "es": "Cómo pedir ayuda y denunciar"},
    },
    {"slug": "language-access", "order": 3, "name": {"en": "Language access", "es": "Acceso en su idioma"}},
]

NO_RAIDS = {
    "slug": "immigration-enforcement",
    "topic": "immigration",
    "order": 1,
    "is_key_commitment": True,
    "title": {
        "en": "No part in immigration raids or deportation arrests",
        "es": "No participamos en redadas de inmigración ni en arrestos para deportación",
    },
    "summary": {
        "en": (
            "Our officers do not take part in federal immigration raids or deportation arrests. We do not detain "
            "anyone because of their immigration status, and officers do not ask about it when you call for help, "
            "report a crime or come forward as a victim or witness."
        ),
        "es": (
            "Nuestros agentes no participan en redadas federales de inmigración ni en arrestos para deportación. "
            "No detenemos a nadie por su estatus migratorio, y los agentes no le preguntan por él cuando usted pide "
            "ayuda, denuncia un delito o se presenta como víctima o testigo."
        ),
    },
    "body": {
        "en": (
            "<h2>What this means for you</h2><ul>"
            "<li><p>Officers of this department do not join immigration raids and do not arrest anyone so that "
            "they can be deported.</p></li>"
            "<li><p>No one is detained because of their immigration status.</p></li>"
            "<li><p>Officers do not ask about your immigration status when you call us, report a crime or come "
            "forward as a victim or witness.</p></li></ul>"
            "<h2>What state law says</h2>"
            "<p>Texas law (Government Code §752.053) does not let a local department forbid its officers to ask "
            "about immigration status during a lawful detention or arrest. This commitment covers calling us, "
            "reporting and coming forward; it does not promise more than the law lets the department keep.</p>"
            "<h2>The one exception</h2>"
            "<p>A person with an outstanding criminal warrant can still be arrested, and that arrest can lead to "
            "deportation. The exception has its own page, so you know exactly what it means and what it does "
            "not mean.</p>"
            "<p>Keep calling the police, keep going to work and keep sending your children to school.</p>"
        ),
        "es": (
            "<h2>Qué significa para usted</h2><ul>"
            "<li><p>Los agentes de este departamento no participan en redadas de inmigración y no arrestan a "
            "nadie para que lo deporten.</p></li>"
            "<li><p>Nadie es detenido por su estatus migratorio.</p></li>"
            "<li><p>Los agentes no le preguntan por su estatus migratorio cuando usted nos llama, denuncia un "
            "delito o se presenta como víctima o testigo.</p></li></ul>"
            "<h2>Lo que dice la ley estatal</h2>"
            "<p>La ley de Texas (Código de Gobierno §752.053) no permite que un departamento local prohíba a sus "
            "agentes preguntar por el estatus migratorio durante una detención o un arresto legales. Este "
            "compromiso cubre las llamadas, las denuncias y a quienes se presentan como víctimas o testigos; no "
            "promete más de lo que la ley permite cumplir al departamento.</p>"
            "<h2>La única excepción</h2>"
            "<p>Una persona con una orden de arresto penal pendiente puede ser arrestada, y ese arresto puede "
            "llevar a su deportación. La excepción tiene su propia página, para que usted sepa exactamente qué "
            "significa y qué no significa.</p>"
            "<p>Siga llamando a la policía, siga yendo a trabajar y siga mandando a sus hijos a la escuela.</p>"
        ),
    },
    "issued_by": IssuedBy.DEPARTMENT,
    "source_title": {
        "en": "General Order 315: Immigration status and federal enforcement",
        "es": "Orden General 315: Estatus migratorio y acciones federales",
    },
    "source_url": "https://example.org/general-orders/315",
    "scope": {
        "en": (
            "Officers and staff of this department. It does not bind federal immigration agents, who answer to "
            "the federal government."
        ),
        "es": (
            "Los agentes y el personal de este departamento. No obliga a los agentes federales de inmigración, que "
            "responden al gobierno federal."
        ),
    },
}

CALL_911_V1 = {
    "slug": "calling-911",
    "topic": "calling-and-reporting",
    "order": 1,
    "is_key_commitment": True,
    "title": {
        "en": "Call 911 whatever your immigration status",
        "es": "Llame al 911 sin importar su estatus migratorio",
    },
    "summary": {
        "en": (
            "Anyone who calls 911, documented or not, will not be reported to immigration authorities. Call "
            "when you need help."
        ),
        "es": (
            "Nadie que llame al 911, tenga papeles o no, será denunciado a las autoridades de inmigración. Llame "
            "cuando necesite ayuda."
        ),
    },
    "body": {
        "en": (
            "<p>Call 911 in an emergency: a crime happening now, a fire, someone hurt or in danger.</p>"
            "<p>We will not report you to immigration authorities for calling, and the person who answers will "
            "not ask about your immigration status.</p>"
        ),
        "es": (
            "<p>Llame al 911 en una emergencia: un delito que está pasando, un incendio, alguien herido o en "
            "peligro.</p>"
            "<p>No lo denunciaremos a las autoridades de inmigración por llamar, y la persona que contesta no le "
            "preguntará por su estatus migratorio.</p>"
        ),
    },
    "issued_by": IssuedBy.DEPARTMENT,
    "source_title": {
        "en": "General Order 316: Calls for service and immigration status",
        "es": "Orden General 316: Llamadas de servicio y estatus migratorio",
    },
    "source_url": "https://example.org/general-orders/316",
    "scope": {
        "en": "Everyone who answers 911 and non-emergency calls for this department, and the officers it sends.",
        "es": (
            "Todas las personas que contestan las llamadas al 911 y a la línea que no es de emergencia de este "
            "departamento, y los agentes que envía."
        ),
    },
}

# The second published version: it says who the promise covers. A major change, with a public note residents see
# on the policy's page, its history, the home page (for 14 days) and the changes feed.
CALL_911_V2 = {
    **CALL_911_V1,
    "is_major": True,
    "note": {
        "en": "The promise now says plainly that it covers victims, witnesses and people calling for someone else.",
        "es": (
            "La promesa ahora dice claramente que protege a víctimas, testigos y personas que llaman por otra persona."
        ),
    },
    "summary": {
        "en": CALL_911_V1["summary"]["en"]
        + " This includes victims, witnesses and people calling for a neighbor or a family member.",
        "es": CALL_911_V1["summary"]["es"]
        + " Esto incluye a víctimas, testigos y personas que llaman por un vecino o un familiar.",
    },
    "body": {
        "en": CALL_911_V1["body"]["en"]
        + (
            "<h2>Who this covers</h2>"
            "<p>Everyone who calls: victims, witnesses, and people calling for a neighbor or a family member.</p>"
            "<p>For something that is not an emergency, call 555-0100.</p>"
        ),
        "es": CALL_911_V1["body"]["es"]
        + (
            "<h2>A quién protege</h2>"
            "<p>A todas las personas que llaman: víctimas, testigos y personas que llaman por un vecino o un "
            "familiar.</p>"
            "<p>Para algo que no es una emergencia, llame al 555-0100.</p>"
        ),
    },
}

# What the chief told residents, not a department rule over federal agents: a local department cannot bind them,
# and the federal "protected areas" guidance was rescinded in January 2025. The page says so, and who said what.
SENSITIVE_PLACES = {
    "slug": "sensitive-locations",
    "topic": "immigration",
    "order": 2,
    "is_key_commitment": True,
    "title": {
        "en": "What the chief told residents about churches, schools and hospitals",
        "es": "Lo que el jefe de policía dijo a los vecinos sobre iglesias, escuelas y hospitales",
    },
    "summary": {
        "en": (
            "At the community meetings the chief said that this department will make no immigration arrests or "
            "raids at churches, schools or hospitals. That is what our officers do. It does not bind federal "
            "immigration agents: the federal guidance that limited their arrests at such places was withdrawn in "
            "January 2025."
        ),
        "es": (
            "En las reuniones comunitarias, el jefe de policía dijo que este departamento no hará arrestos ni "
            "redadas de inmigración en iglesias, escuelas ni hospitales. Eso es lo que hacen nuestros agentes. No "
            "obliga a los agentes federales de inmigración: la guía federal que limitaba sus arrestos en esos "
            "lugares fue retirada en enero de 2025."
        ),
    },
    "body": {
        "en": (
            "<h2>What the chief said</h2>"
            "<p>Places of worship, schools and hospitals are where families need to feel safe. At the community "
            "meetings the chief told residents that officers of this department will not make immigration arrests "
            "or carry out raids there.</p>"
            "<h2>Who it binds</h2>"
            "<p>It binds officers of this department only. Federal immigration agents do not answer to the "
            "department, and the department cannot promise what they will do. The federal guidance on "
            "“protected areas”, which limited immigration arrests at churches, schools and hospitals, was "
            "rescinded in January 2025: federal agents are not bound by it.</p>"
            "<h2>The exception still applies</h2>"
            "<p>A person with an outstanding criminal warrant can still be arrested, wherever they are, and that "
            "arrest can lead to deportation.</p>"
            "<ul><li><p>Keep sending your children to school.</p></li>"
            "<li><p>Keep going to your church.</p></li>"
            "<li><p>Go to the hospital or clinic when you or your family need care.</p></li></ul>"
        ),
        "es": (
            "<h2>Lo que dijo el jefe de policía</h2>"
            "<p>Los templos, las escuelas y los hospitales son lugares donde las familias necesitan sentirse "
            "seguras. En las reuniones comunitarias, el jefe de policía dijo a los vecinos que los agentes de este "
            "departamento no harán arrestos ni redadas de inmigración en ellos.</p>"
            "<h2>A quién obliga</h2>"
            "<p>Obliga solo a los agentes de este departamento. Los agentes federales de inmigración no responden "
            "al departamento, y el departamento no puede prometer lo que ellos harán. La guía federal sobre "
            "“áreas protegidas”, que limitaba los arrestos de inmigración en iglesias, escuelas y hospitales, fue "
            "anulada en enero de 2025: los agentes federales no están obligados por ella.</p>"
            "<h2>La excepción sigue vigente</h2>"
            "<p>Una persona con una orden de arresto penal pendiente puede ser arrestada, esté donde esté, y ese "
            "arresto puede llevar a su deportación.</p>"
            "<ul><li><p>Siga mandando a sus hijos a la escuela.</p></li>"
            "<li><p>Siga yendo a su iglesia.</p></li>"
            "<li><p>Vaya al hospital o a la clínica cuando usted o su familia necesiten atención.</p></li></ul>"
        ),
    },
    "issued_by": IssuedBy.DEPARTMENT,
    "source_title": {
        "en": "The chief's remarks at the community meeting of 22 January 2026",
        "es": "Palabras del jefe de policía en la reunión comunitaria del 22 de enero de 2026",
    },
    "source_url": "https://example.org/news/community-meeting-remarks",
    "scope": {
        "en": "Officers of this department only. This does not bind federal agents.",
        "es": "Solo los agentes de este departamento. Esto no obliga a los agentes federales.",
    },
}

WARRANT_EXCEPTION = {
    "slug": "warrant-exception",
    "topic": "immigration",
    "order": 3,
    "is_exception": True,
    "title": {
        "en": "The exception: outstanding criminal warrants",
        "es": "La excepción: órdenes de arresto penales pendientes",
    },
    "summary": {
        "en": (
            "A person with an outstanding criminal warrant can still be arrested, and that arrest can lead to "
            "deportation. This is the exception to our commitments. It is about criminal warrants only: no one "
            "is detained because of their immigration status."
        ),
        "es": (
            "Una persona con una orden de arresto penal pendiente puede ser arrestada, y ese arresto puede llevar "
            "a su deportación. Esta es la excepción a nuestros compromisos. Se trata solo de órdenes de arresto "
            "penales: nadie es detenido por su estatus migratorio."
        ),
    },
    "body": {
        "en": (
            "<h2>What it means</h2>"
            "<p>An outstanding criminal warrant is an order from a court to arrest a person for a crime, which "
            "has not been carried out yet. Officers can arrest a person who has one, whatever that person's "
            "immigration status. That arrest can lead to deportation.</p>"
            "<h2>What it does not mean</h2><ul>"
            "<li><p>It does not mean officers ask about immigration status. They do not.</p></li>"
            "<li><p>It does not mean the department joins immigration raids or arrests people to deport them. "
            "It does not.</p></li>"
            "<li><p>It does not change the other commitments: calling 911 will not get you reported to "
            "immigration authorities, and no one is detained for their status.</p></li></ul>"
            "<h2>If you are worried</h2>"
            "<p>If you think there may be a warrant in your name, talk to a lawyer first. Lawyers from legal aid "
            "groups answer questions in private at our community meetings, and the list of legal resources on "
            "this site has more.</p>"
        ),
        "es": (
            "<h2>Qué significa</h2>"
            "<p>Una orden de arresto penal pendiente es una orden de un tribunal para arrestar a una persona por "
            "un delito, que todavía no se ha cumplido. Los agentes pueden arrestar a una persona que tiene una, "
            "sin importar su estatus migratorio. Ese arresto puede llevar a su deportación.</p>"
            "<h2>Qué no significa</h2><ul>"
            "<li><p>No significa que los agentes pregunten por el estatus migratorio. No lo hacen.</p></li>"
            "<li><p>No significa que el departamento participe en redadas de inmigración o arreste a personas "
            "para deportarlas. No lo hace.</p></li>"
            "<li><p>No cambia los demás compromisos: llamar al 911 no hará que lo denuncien a las autoridades de "
            "inmigración, y nadie es detenido por su estatus.</p></li></ul>"
            "<h2>Si está preocupado</h2>"
            "<p>Si cree que puede haber una orden de arresto a su nombre, hable primero con un abogado. Abogados "
            "de grupos de ayuda legal responden preguntas en privado en nuestras reuniones comunitarias, y la "
            "lista de recursos legales de este sitio tiene más.</p>"
        ),
    },
    "issued_by": IssuedBy.STATE_LAW,
    "source_title": {
        "en": "Texas Code of Criminal Procedure, chapter 15: arrest under warrant",
        "es": "Código de Procedimiento Penal de Texas, capítulo 15: arresto con orden judicial",
    },
    "source_url": "https://example.org/texas-code-of-criminal-procedure/chapter-15",
    "scope": {
        "en": (
            "Every officer in Texas, including ours, must carry out a court's criminal warrant. What follows an "
            "arrest, including deportation, is decided by the courts and federal authorities, not by this "
            "department."
        ),
        "es": (
            "Todo agente en Texas, incluidos los nuestros, debe cumplir la orden de arresto penal de un tribunal. "
            "Lo que sigue a un arresto, incluida la deportación, lo deciden los tribunales y las autoridades "
            "federales, no este departamento."
        ),
    },
}

LANGUAGE_ACCESS = {
    "slug": "language-access",
    "topic": "language-access",
    "order": 1,
    "title": {"en": "Help in your language", "es": "Ayuda en su idioma"},
    "summary": {
        "en": (
            "You can talk to us in Spanish or in your own language. If the officer does not speak it, we will "
            "get an interpreter, at no cost to you."
        ),
        "es": (
            "Puede hablar con nosotros en español o en su propio idioma. Si el agente no lo habla, conseguiremos "
            "un intérprete, sin costo para usted."
        ),
    },
    "body": {
        "en": (
            "<ul><li><p>On a 911 call, say the name of your language and stay on the line.</p></li>"
            "<li><p>In person, an officer who does not speak your language will get an interpreter, by phone if "
            "needed. We will not ask a child to interpret for you.</p></li>"
            "<li><p>Our community meetings are held in Spanish and English, and this website is in both "
            "languages.</p></li></ul>"
        ),
        "es": (
            "<ul><li><p>En una llamada al 911, diga el nombre de su idioma y no cuelgue.</p></li>"
            "<li><p>En persona, un agente que no habla su idioma conseguirá un intérprete, por teléfono si hace "
            "falta. No le pediremos a un niño que interprete por usted.</p></li>"
            "<li><p>Nuestras reuniones comunitarias son en español y en inglés, y este sitio web está en los dos "
            "idiomas.</p></li></ul>"
        ),
    },
    "issued_by": IssuedBy.DEPARTMENT,
    "source_title": {"en": "General Order 402: Language access", "es": "Orden General 402: Acceso en su idioma"},
    "source_url": "https://example.org/general-orders/402",
    "scope": {
        "en": "Officers and call takers of this department.",
        "es": "Los agentes y las personas que contestan las llamadas de este departamento.",
    },
}

REPORTING = {
    "slug": "reporting-crime",
    "topic": "calling-and-reporting",
    "order": 2,
    "title": {
        "en": "How to report a crime or make a complaint",
        "es": "Cómo denunciar un delito o presentar una queja",
    },
    "summary": {
        "en": (
            "Call 911 in an emergency and 555-0100 for anything else. You can report a crime or complain about "
            "an officer without being asked about your immigration status."
        ),
        "es": (
            "Llame al 911 en una emergencia y al 555-0100 para todo lo demás. Puede denunciar un delito o "
            "presentar una queja sobre un agente sin que le pregunten por su estatus migratorio."
        ),
    },
    "body": {
        "en": (
            "<h2>To report a crime</h2><ul>"
            "<li><p>If it is happening now or someone is in danger, call 911.</p></li>"
            "<li><p>If it already happened and no one is in danger, call the non-emergency line, 555-0100.</p>"
            "</li></ul>"
            "<h2>To make a complaint about an officer</h2>"
            "<p>Tell us at any community meeting, call 555-0100 or write to outreach@example.org. Say what "
            "happened, when and where. You do not need to give your immigration status, and making a complaint "
            "will not get you reported to immigration authorities.</p>"
            "<p>To ask a question without giving your name, use the “Ask a question” page on this site.</p>"
        ),
        "es": (
            "<h2>Para denunciar un delito</h2><ul>"
            "<li><p>Si está pasando ahora o alguien está en peligro, llame al 911.</p></li>"
            "<li><p>Si ya pasó y nadie está en peligro, llame a la línea que no es de emergencia, 555-0100.</p>"
            "</li></ul>"
            "<h2>Para presentar una queja sobre un agente</h2>"
            "<p>Díganos en cualquier reunión comunitaria, llame al 555-0100 o escriba a outreach@example.org. "
            "Cuente qué pasó, cuándo y dónde. No tiene que decir su estatus migratorio, y presentar una queja no "
            "hará que lo denuncien a las autoridades de inmigración.</p>"
            "<p>Para hacer una pregunta sin dar su nombre, use la página «Hacer una pregunta» de este sitio.</p>"
        ),
    },
    "issued_by": IssuedBy.DEPARTMENT,
    "source_title": {
        "en": "General Order 210: Reports and complaints",
        "es": "Orden General 210: Denuncias y quejas",
    },
    "source_url": "https://example.org/general-orders/210",
    "scope": {
        "en": "Officers and staff of this department who take reports and complaints.",
        "es": "Los agentes y el personal de este departamento que reciben denuncias y quejas.",
    },
}

# Each policy as its published versions, oldest first: (days ago the version went live, values).
POLICIES = [
    [(120, NO_RAIDS)],
    [(120, CALL_911_V1), (5, CALL_911_V2)],
    [(120, SENSITIVE_PLACES)],
    [(120, WARRANT_EXCEPTION)],
    [(90, LANGUAGE_ACCESS)],
    [(90, REPORTING)],
]
TRANSLATED = ["title", "summary", "body", "source_title", "scope"]


def seed():
    topics = {spec["slug"]: _upsert_topic(spec) for spec in TOPICS}
    created = sum(_upsert_policy(versions, topics) for versions in POLICIES)
    revisions = sum(len(versions) for versions in POLICIES)
    return f"{len(topics)} topics, {len(POLICIES)} policies ({created} new), {revisions} published versions"


def _upsert_topic(spec):
    topic = PolicyTopic.objects.filter(slug=spec["slug"]).first() or PolicyTopic(slug=spec["slug"])
    if apply_values(topic, {**localized(name=spec["name"]), "order": spec["order"]}):
        topic.save()
    return topic


def _values(spec, topics):
    return {
        **localized(**{name: spec[name] for name in TRANSLATED}),
        "topic": topics[spec["topic"]],
        "order": spec["order"],
        "is_key_commitment": spec.get("is_key_commitment", False),
        "is_exception": spec.get("is_exception", False),
        "issued_by": spec["issued_by"],
        "source_url": spec["source_url"],
        "status": PublishStatus.PUBLISHED,
    }


def _upsert_policy(versions, topics):
    """Create the policy version by version (each a dated history record), or bring an existing one up to date."""
    slug = versions[-1][1]["slug"]
    policy = Policy.objects.filter(slug=slug).first()
    if policy is not None:
        # Only the text and flags are the demo's; the dates were set when it was created.
        if apply_values(policy, _values(versions[-1][1], topics)):
            policy.save()
        return 0
    policy = Policy(slug=slug)
    now = timezone.now()
    for days_ago, spec in versions:
        went_live = now - datetime.timedelta(days=days_ago)
        apply_values(policy, _values(spec, topics))
        if spec.get("is_major"):
            # A major change, with its public note in every language (kept with this version's record).
            apply_values(policy, {"is_major": True, **localized(note=spec["note"])})
        if policy.pk is None:
            policy.effective_date = timezone.localdate(went_live)
        policy.last_reviewed = timezone.localdate(went_live)
        # django-simple-history dates the record by this attribute, so the demo history reads like real use.
        policy._history_date = went_live
        policy.save()
    del policy._history_date
    return 1
