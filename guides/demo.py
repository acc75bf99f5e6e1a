"""
Demo guides: asking for a U or T visa certification (the first guide, with its quarterly figures), then the
get-help guides: language help, complaints about an officer, victim services, anonymous tips and immigration-services
fraud ("notarios"). Written in plain words (GOV.UK aims at a reading age of 9), in English and Spanish (usted).

Safe to run again: guides are found by slug, their steps by their place in the guide, figures by quarter; each is
saved only when its demo text differs, so a second run adds no rows and no history. Related policies are named by
slug and skipped when the policies demo does not have them. Fictional numbers (911, 555-01xx), example.org and
demo street addresses only: no real organisation's phone number or address.
"""

from django.utils import timezone

from editorial.i18n import localized
from editorial.publication import PublishStatus
from editorial.seeding import apply_values

from .models import CertificationFigure, Guide, GuideStep

CERTIFICATION = {
    "slug": "u-and-t-visa-certification",
    "order": 1,
    "is_certification_guide": True,
    "target_days": 60,
    "policies": ["calling-911", "reporting-crime", "immigration-enforcement"],
    "title": {
        "en": "Ask us to certify your U or T visa form",
        "es": "Pídanos certificar su formulario para la visa U o T",
    },
    "summary": {
        "en": (
            "Victims of some crimes can ask for a U visa or a T visa. You need a form signed by the police. "
            "This guide shows how to ask us to sign it."
        ),
        "es": (
            "Las víctimas de algunos delitos pueden pedir una visa U o una visa T. Para eso necesitan un formulario "
            "firmado por la policía. Esta guía le explica cómo pedirnos que lo firmemos."
        ),
    },
    "steps": [
        {
            "title": {"en": "Check that you can ask", "es": "Vea si usted puede pedirla"},
            "body": {
                "en": (
                    "<p>You can ask us to certify your form if:</p><ul>"
                    "<li><p><strong>U visa:</strong> you are the victim of a serious crime, such as domestic "
                    "violence, sexual assault, trafficking, felonious assault, kidnapping or blackmail, and you "
                    "helped, are helping or are likely to help the police or the prosecutor.</p></li>"
                    "<li><p><strong>T visa:</strong> you are a victim of human trafficking, for work or for "
                    "sex.</p></li>"
                    "<li><p><strong>Family members:</strong> in some cases, a family member can ask. For example, "
                    "when the victim is a child, or died, or cannot help.</p></li></ul>"
                    "<p>You can ask whatever your immigration status. We do not ask about your status to certify "
                    "your form. Asking does not start any immigration case.</p>"
                ),
                "es": (
                    "<p>Puede pedirnos que certifiquemos su formulario si:</p><ul>"
                    "<li><p><strong>Visa U:</strong> usted es víctima de un delito grave, como violencia "
                    "doméstica, agresión sexual, trata de personas, agresión grave, secuestro o extorsión, y ayudó, "
                    "está ayudando o probablemente ayudará a la policía o a la fiscalía.</p></li>"
                    "<li><p><strong>Visa T:</strong> usted es víctima de trata de personas, para trabajo o para "
                    "sexo.</p></li>"
                    "<li><p><strong>Familiares:</strong> en algunos casos, un familiar puede pedirla. Por ejemplo, "
                    "cuando la víctima es un niño, murió o no puede ayudar.</p></li></ul>"
                    "<p>Puede pedirla sin importar su estatus migratorio. No le preguntamos por su estatus para "
                    "certificar su formulario. Pedirla no abre ningún caso de inmigración.</p>"
                ),
            },
            "how_long": {"en": "A few minutes to read.", "es": "Unos minutos de lectura."},
        },
        {
            "title": {"en": "Get your papers ready", "es": "Prepare sus documentos"},
            "body": {
                "en": (
                    "<p>The form has a different name for each visa:</p><ul>"
                    "<li><p>U visa: <strong>Form I-918 Supplement B</strong>.</p></li>"
                    "<li><p>T visa: <strong>Form I-914 Supplement B</strong>.</p></li></ul>"
                    "<p>Fill in the parts about you. Leave the parts for the police empty. If something is not "
                    "clear, a lawyer or a victim advocate can help you for free.</p>"
                ),
                "es": (
                    "<p>El formulario tiene un nombre distinto para cada visa:</p><ul>"
                    "<li><p>Visa U: <strong>Formulario I-918, Suplemento B</strong>.</p></li>"
                    "<li><p>Visa T: <strong>Formulario I-914, Suplemento B</strong>.</p></li></ul>"
                    "<p>Llene las partes sobre usted. Deje vacías las partes para la policía. Si algo no está "
                    "claro, un abogado o un defensor de víctimas puede ayudarle gratis.</p>"
                ),
            },
            "what_to_bring": {
                "en": (
                    "The police report number or case number\n"
                    "An ID if you have one (any country's ID, passport or consular ID)\n"
                    "The form, with your parts filled in\n"
                    "A letter from your lawyer, if you have one\n"
                    "Any papers about the crime, such as a protective order or medical records"
                ),
                "es": (
                    "El número de la denuncia o del caso\n"
                    "Una identificación si tiene (de cualquier país, pasaporte o matrícula consular)\n"
                    "El formulario, con sus partes llenas\n"
                    "Una carta de su abogado, si tiene uno\n"
                    "Otros papeles sobre el delito, como una orden de protección o informes médicos"
                ),
            },
            "how_long": {"en": "About an hour.", "es": "Más o menos una hora."},
        },
        {
            "title": {"en": "Send your request to us", "es": "Envíenos su solicitud"},
            "body": {
                "en": (
                    "<p>Send your request to the department's certifying official. You can:</p><ul>"
                    '<li><p>send an e-mail to <a href="mailto:certification@example.org">'
                    "certification@example.org</a>, or</p></li>"
                    "<li><p>send a letter by mail (the address is below), or</p></li>"
                    "<li><p>print the request letter on this page and send it with your form.</p></li></ul>"
                    "<p>Your lawyer can send the request for you.</p>"
                ),
                "es": (
                    "<p>Envíe su solicitud al funcionario que certifica en el departamento. Puede:</p><ul>"
                    '<li><p>enviar un correo electrónico a <a href="mailto:certification@example.org">'
                    "certification@example.org</a>, o</p></li>"
                    "<li><p>enviar una carta por correo (la dirección está abajo), o</p></li>"
                    "<li><p>imprimir la carta de solicitud de esta página y enviarla con su formulario.</p></li>"
                    "</ul><p>Su abogado puede enviar la solicitud por usted.</p>"
                ),
            },
            "contact": {
                "en": (
                    "U and T Visa Certification Unit (demo)\n"
                    "100 Example Plaza, Dallas, TX 75201\n"
                    "certification@example.org\n"
                    "Questions: 555-0100"
                ),
                "es": (
                    "Unidad de Certificación de Visas U y T (ejemplo)\n"
                    "100 Example Plaza, Dallas, TX 75201\n"
                    "certification@example.org\n"
                    "Preguntas: 555-0100"
                ),
            },
        },
        {
            "title": {"en": "Wait for our answer", "es": "Espere nuestra respuesta"},
            "body": {
                "en": (
                    "<p>We read the police report and your request. We may call you or your lawyer with questions. "
                    "Then the certifying official signs the form or says no in writing.</p>"
                    "<p>The figures on this page show how long we really took, quarter by quarter.</p>"
                ),
                "es": (
                    "<p>Leemos la denuncia y su solicitud. Puede que le llamemos a usted o a su abogado con "
                    "preguntas. Después, el funcionario que certifica firma el formulario o dice que no, por "
                    "escrito.</p>"
                    "<p>Las cifras de esta página muestran cuánto tardamos en realidad, trimestre por "
                    "trimestre.</p>"
                ),
            },
            "how_long": {
                "en": "Our target time is at the top of this page.",
                "es": "Nuestro tiempo objetivo está arriba en esta página.",
            },
        },
        {
            "title": {"en": "Send the signed form to USCIS", "es": "Envíe el formulario firmado a USCIS"},
            "body": {
                "en": (
                    "<p>We send the signed form back to you or your lawyer.</p>"
                    "<p>The signed form is <strong>not a visa</strong>. You or your lawyer send it to USCIS, the "
                    "federal immigration agency, with your visa application. USCIS decides, not the police.</p>"
                    "<p>Send it soon: the signed form must reach USCIS within six months of the date we sign "
                    "it.</p>"
                ),
                "es": (
                    "<p>Le devolvemos el formulario firmado a usted o a su abogado.</p>"
                    "<p>El formulario firmado <strong>no es una visa</strong>. Usted o su abogado lo envían a USCIS, "
                    "la agencia federal de inmigración, junto con su solicitud de visa. USCIS decide, no la "
                    "policía.</p>"
                    "<p>Envíelo pronto: el formulario firmado debe llegar a USCIS dentro de los seis meses "
                    "siguientes a la fecha en que lo firmamos.</p>"
                ),
            },
        },
        {
            "title": {"en": "If we say no, ask for a review", "es": "Si le decimos que no, pida una revisión"},
            "body": {
                "en": (
                    "<p>If we do not sign, we send you a letter that says why.</p>"
                    "<p>You can ask a supervisor to look at it again. Write to the same address within 30 days of "
                    "our letter. Say why you think we should sign. You can send new papers.</p>"
                    "<p>Even if we say no, the investigation of the crime goes on. The police treat you the "
                    "same.</p>"
                ),
                "es": (
                    "<p>Si no firmamos, le enviamos una carta que dice por qué.</p>"
                    "<p>Puede pedir que un supervisor lo revise otra vez. Escriba a la misma dirección dentro de los "
                    "30 días siguientes a nuestra carta. Diga por qué cree que debemos firmar. Puede enviar papeles "
                    "nuevos.</p>"
                    "<p>Aunque le digamos que no, la investigación del delito sigue. La policía lo sigue tratando "
                    "igual.</p>"
                ),
            },
            "how_long": {
                "en": "Ask within 30 days of our letter.",
                "es": "Pídala dentro de los 30 días siguientes a nuestra carta.",
            },
            "contact": {
                "en": "Certification review (demo)\n100 Example Plaza, Dallas, TX 75201\ncertification@example.org",
                "es": "Revisión de certificaciones (ejemplo)\n100 Example Plaza, Dallas, TX 75201\n"
                "certification@example.org",
            },
        },
        {
            "title": {"en": "Get free legal help", "es": "Consiga ayuda legal gratuita"},
            "body": {
                "en": (
                    "<p>A visa application is a legal case. Talk to a lawyer or an accredited representative before "
                    "you send it. Many help victims for free.</p>"
                    "<p>See the free legal help listed below. Never pay someone who promises you a visa.</p>"
                ),
                "es": (
                    "<p>Una solicitud de visa es un caso legal. Hable con un abogado o un representante acreditado "
                    "antes de enviarla. Muchos ayudan gratis a las víctimas.</p>"
                    "<p>Vea la ayuda legal gratuita de abajo. Nunca le pague a alguien que le promete una visa.</p>"
                ),
            },
        },
    ],
}

LANGUAGE_HELP = {
    "slug": "help-in-your-language",
    "order": 2,
    "policies": ["language-access", "calling-911"],
    "title": {"en": "Get help in your language", "es": "Reciba ayuda en su idioma"},
    "summary": {
        "en": "You can talk to the police in Spanish or your own language. An interpreter is free.",
        "es": "Puede hablar con la policía en español o en su propio idioma. El intérprete es gratis.",
    },
    "steps": [
        {
            "title": {"en": "When you call 911", "es": "Cuando llame al 911"},
            "body": {
                "en": (
                    "<p>Say the name of your language in English, for example “Spanish”. Then stay on the line.</p>"
                    "<p>An interpreter joins the call. It is free. Do not hang up, even if it is quiet for a "
                    "moment.</p>"
                ),
                "es": (
                    "<p>Diga el nombre de su idioma en inglés, por ejemplo “Spanish”. Después, no cuelgue.</p>"
                    "<p>Un intérprete se une a la llamada. Es gratis. No cuelgue, aunque haya silencio por un "
                    "momento.</p>"
                ),
            },
            "how_long": {"en": "Usually less than a minute.", "es": "Por lo general, menos de un minuto."},
            "contact": {
                "en": "Emergency: 911\nNot an emergency: 555-0100",
                "es": "Emergencia: 911\nSi no es una emergencia: 555-0100",
            },
        },
        {
            "title": {"en": "When you talk to an officer", "es": "Cuando hable con un agente"},
            "body": {
                "en": (
                    "<p>If the officer does not speak your language, say the name of your language. The officer "
                    "will get an interpreter, in person or by phone.</p>"
                    "<p>You do not have to ask a child or a neighbor to interpret for you.</p>"
                ),
                "es": (
                    "<p>Si el agente no habla su idioma, diga el nombre de su idioma. El agente conseguirá un "
                    "intérprete, en persona o por teléfono.</p>"
                    "<p>No tiene que pedirle a un niño ni a un vecino que interprete por usted.</p>"
                ),
            },
        },
        {
            "title": {"en": "At a police station", "es": "En una estación de policía"},
            "body": {
                "en": (
                    "<p>At the front desk, say or show the name of your language. Ask for an interpreter. It is "
                    "free, and you can wait for one.</p>"
                ),
                "es": (
                    "<p>En la recepción, diga o muestre el nombre de su idioma. Pida un intérprete. Es gratis, y "
                    "puede esperar a que llegue.</p>"
                ),
            },
            "what_to_bring": {
                "en": "A note with the name of your language in English, if that helps you",
                "es": "Una nota con el nombre de su idioma en inglés, si le ayuda",
            },
        },
        {
            "title": {"en": "At our community meetings", "es": "En nuestras reuniones comunitarias"},
            "body": {
                "en": (
                    "<p>Our meetings are in Spanish and English. If you need another language, tell us a week "
                    "before. We will try to bring an interpreter.</p>"
                ),
                "es": (
                    "<p>Nuestras reuniones son en español y en inglés. Si necesita otro idioma, avísenos una "
                    "semana antes. Trataremos de llevar un intérprete.</p>"
                ),
            },
            "how_long": {"en": "Tell us a week before.", "es": "Avísenos una semana antes."},
            "contact": {
                "en": "outreach@example.org\n555-0100",
                "es": "outreach@example.org\n555-0100",
            },
        },
    ],
}

COMPLAINT = {
    "slug": "complaint-about-an-officer",
    "order": 3,
    "policies": ["reporting-crime"],
    "title": {"en": "Make a complaint about an officer", "es": "Presente una queja sobre un agente"},
    "summary": {
        "en": (
            "If an officer treated you badly, you can tell us. You can do it in your language, and you do not have "
            "to give your name."
        ),
        "es": (
            "Si un agente lo trató mal, puede decírnoslo. Puede hacerlo en su idioma, y no tiene que dar su nombre."
        ),
    },
    "steps": [
        {
            "title": {"en": "Choose how to tell us", "es": "Elija cómo decírnoslo"},
            "body": {
                "en": (
                    "<p>You can make a complaint:</p><ul>"
                    "<li><p>online, with the complaint form at "
                    '<a href="https://complaints.example.org/">complaints.example.org</a>;</p></li>'
                    "<li><p>by phone, at 555-0149;</p></li>"
                    "<li><p>in person, at any police station or community meeting.</p></li></ul>"
                    "<p>You can leave your name out. But if you do, we cannot tell you what we found.</p>"
                ),
                "es": (
                    "<p>Puede presentar una queja:</p><ul>"
                    "<li><p>en línea, con el formulario de quejas en "
                    '<a href="https://complaints.example.org/">complaints.example.org</a>;</p></li>'
                    "<li><p>por teléfono, al 555-0149;</p></li>"
                    "<li><p>en persona, en cualquier estación de policía o reunión comunitaria.</p></li></ul>"
                    "<p>Puede no dar su nombre. Pero si no lo da, no podremos decirle lo que encontramos.</p>"
                ),
            },
            "contact": {
                "en": "Complaints line (demo): 555-0149\ncomplaints@example.org",
                "es": "Línea de quejas (ejemplo): 555-0149\ncomplaints@example.org",
            },
        },
        {
            "title": {"en": "Say what happened", "es": "Cuente qué pasó"},
            "body": {
                "en": (
                    "<p>Tell us what happened, in your own words. Say when and where. Small details help us find "
                    "the officer and the facts.</p>"
                    "<p>You do not have to say anything about your immigration status.</p>"
                ),
                "es": (
                    "<p>Cuéntenos qué pasó, con sus propias palabras. Diga cuándo y dónde. Los detalles pequeños nos "
                    "ayudan a encontrar al agente y los hechos.</p>"
                    "<p>No tiene que decir nada sobre su estatus migratorio.</p>"
                ),
            },
            "what_to_bring": {
                "en": (
                    "The date, time and place\n"
                    "The officer's name or badge number, if you saw it\n"
                    "The number on the police car, if you saw it\n"
                    "Names of people who saw it, if they agree\n"
                    "Photos or videos, if you have them"
                ),
                "es": (
                    "La fecha, la hora y el lugar\n"
                    "El nombre o el número de placa del agente, si lo vio\n"
                    "El número de la patrulla, si lo vio\n"
                    "Los nombres de personas que lo vieron, si están de acuerdo\n"
                    "Fotos o videos, si tiene"
                ),
            },
            "how_long": {"en": "About 20 minutes.", "es": "Unos 20 minutos."},
        },
        {
            "title": {"en": "What happens next", "es": "Qué pasa después"},
            "body": {
                "en": (
                    "<p>We give you a complaint number. A team that does not work with the officer looks into "
                    "it. They may call you with questions.</p>"
                    "<p>When they finish, we send you a letter with the result, if you gave us a way to reach "
                    "you.</p>"
                ),
                "es": (
                    "<p>Le damos un número de queja. Un equipo que no trabaja con el agente la investiga. Puede que "
                    "le llamen con preguntas.</p>"
                    "<p>Cuando terminen, le enviamos una carta con el resultado, si nos dio una forma de "
                    "contactarlo.</p>"
                ),
            },
            "how_long": {
                "en": "You get a complaint number within 3 working days. Most complaints take 1 to 3 months.",
                "es": "Recibe un número de queja en 3 días hábiles. La mayoría de las quejas tardan de 1 a 3 meses.",
            },
        },
        {
            "title": {"en": "You are protected", "es": "Usted está protegido"},
            "body": {
                "en": (
                    "<p>No officer may punish you or treat you worse for making a complaint. If that happens, tell "
                    "us. That is a new complaint.</p>"
                    "<p>Making a complaint will not get you reported to immigration authorities.</p>"
                ),
                "es": (
                    "<p>Ningún agente puede castigarlo ni tratarlo peor por presentar una queja. Si eso pasa, "
                    "díganos. Eso es una queja nueva.</p>"
                    "<p>Presentar una queja no hará que lo denuncien a las autoridades de inmigración.</p>"
                ),
            },
        },
    ],
}

VICTIM_SERVICES = {
    "slug": "help-for-victims-of-crime",
    "order": 4,
    "policies": ["calling-911", "reporting-crime"],
    "title": {"en": "Get help as a victim of crime", "es": "Reciba ayuda como víctima de un delito"},
    "summary": {
        "en": (
            "If you are the victim of a crime, you can get support, help with costs and protection. Your "
            "immigration status does not matter."
        ),
        "es": (
            "Si usted es víctima de un delito, puede recibir apoyo, ayuda con los gastos y protección. Su estatus "
            "migratorio no importa."
        ),
    },
    "steps": [
        {
            "title": {"en": "Call our victim services unit", "es": "Llame a nuestra unidad de servicios a víctimas"},
            "body": {
                "en": (
                    "<p>Our victim services unit helps people hurt by crime. They can:</p><ul>"
                    "<li><p>explain what happens with your case;</p></li>"
                    "<li><p>help you make a safety plan;</p></li>"
                    "<li><p>find you counseling, a shelter or medical care;</p></li>"
                    "<li><p>go with you to court.</p></li></ul>"
                    "<p>The help is free. They speak Spanish, and get an interpreter for other languages.</p>"
                ),
                "es": (
                    "<p>Nuestra unidad de servicios a víctimas ayuda a las personas afectadas por un delito. Pueden:"
                    "</p><ul>"
                    "<li><p>explicarle qué pasa con su caso;</p></li>"
                    "<li><p>ayudarle a hacer un plan de seguridad;</p></li>"
                    "<li><p>buscarle consejería, un refugio o atención médica;</p></li>"
                    "<li><p>acompañarlo al tribunal.</p></li></ul>"
                    "<p>La ayuda es gratis. Hablan español, y consiguen un intérprete para otros idiomas.</p>"
                ),
            },
            "contact": {
                "en": "Victim services unit (demo): 555-0148\nvictims@example.org",
                "es": "Unidad de servicios a víctimas (ejemplo): 555-0148\nvictims@example.org",
            },
        },
        {
            "title": {"en": "Ask for help with costs", "es": "Pida ayuda con los gastos"},
            "body": {
                "en": (
                    "<p>The state has a crime victims' compensation program. It can help pay costs caused by the "
                    "crime, such as medical bills, counseling, lost pay or a funeral.</p>"
                    "<p>Our victim services unit can tell you if you qualify and help you fill in the form.</p>"
                ),
                "es": (
                    "<p>El estado tiene un programa de compensación para víctimas de delitos. Puede ayudar a pagar "
                    "gastos causados por el delito, como cuentas médicas, consejería, sueldo perdido o un "
                    "funeral.</p>"
                    "<p>Nuestra unidad de servicios a víctimas puede decirle si usted califica y ayudarle a llenar "
                    "el formulario.</p>"
                ),
            },
            "what_to_bring": {
                "en": "The police report number\nBills and receipts for your costs\nAn ID, if you have one",
                "es": "El número de la denuncia\nCuentas y recibos de sus gastos\nUna identificación, si tiene",
            },
        },
        {
            "title": {"en": "Ask for a protective order", "es": "Pida una orden de protección"},
            "body": {
                "en": (
                    "<p>A protective order is an order from a court. It tells the person who hurt you to stay away "
                    "from you. If they do not, they can be arrested.</p>"
                    "<p>Our victim services unit can help you ask the court for one. You do not pay to ask.</p>"
                ),
                "es": (
                    "<p>Una orden de protección es una orden de un tribunal. Le dice a la persona que le hizo daño "
                    "que se mantenga lejos de usted. Si no lo hace, pueden arrestarla.</p>"
                    "<p>Nuestra unidad de servicios a víctimas puede ayudarle a pedirla al tribunal. No tiene que "
                    "pagar para pedirla.</p>"
                ),
            },
            "how_long": {
                "en": "A court can give an emergency order the same day.",
                "es": "Un tribunal puede dar una orden de emergencia el mismo día.",
            },
        },
        {
            "title": {"en": "If you are in danger now, call 911", "es": "Si está en peligro ahora, llame al 911"},
            "body": {
                "en": (
                    "<p>Call 911 whenever you are in danger. Calling will not get you reported to immigration "
                    "authorities.</p>"
                ),
                "es": (
                    "<p>Llame al 911 siempre que esté en peligro. Llamar no hará que lo denuncien a las autoridades "
                    "de inmigración.</p>"
                ),
            },
            "contact": {"en": "Emergency: 911", "es": "Emergencia: 911"},
        },
    ],
}

ANONYMOUS_TIP = {
    "slug": "report-a-crime-anonymously",
    "order": 5,
    "policies": ["reporting-crime"],
    "title": {"en": "Report a crime without giving your name", "es": "Denuncie un delito sin dar su nombre"},
    "summary": {
        "en": "You can tell us about a crime without saying who you are. We never ask for your name.",
        "es": "Puede informarnos sobre un delito sin decir quién es. Nunca le pedimos su nombre.",
    },
    "steps": [
        {
            "title": {
                "en": "If someone is in danger now, call 911",
                "es": "Si alguien está en peligro ahora, llame al 911",
            },
            "body": {
                "en": "<p>A tip line is not for emergencies. If something is happening now, call 911.</p>",
                "es": "<p>La línea de denuncias no es para emergencias. Si algo está pasando ahora, llame al 911.</p>",
            },
            "contact": {"en": "Emergency: 911", "es": "Emergencia: 911"},
        },
        {
            "title": {
                "en": "Call the tip line or use the online form",
                "es": "Llame a la línea de denuncias o use el formulario en línea",
            },
            "body": {
                "en": (
                    "<p>Call the crime tip line at 555-0147, day or night. Or use the online tip form at "
                    '<a href="https://tips.example.org/">tips.example.org</a>.</p>'
                    "<p>Nobody asks for your name. The line does not record your number.</p>"
                ),
                "es": (
                    "<p>Llame a la línea de denuncias al 555-0147, de día o de noche. O use el formulario en línea "
                    'en <a href="https://tips.example.org/">tips.example.org</a>.</p>'
                    "<p>Nadie le pide su nombre. La línea no registra su número.</p>"
                ),
            },
            "contact": {
                "en": "Crime tip line (demo): 555-0147\nhttps://tips.example.org/",
                "es": "Línea de denuncias (ejemplo): 555-0147\nhttps://tips.example.org/",
            },
        },
        {
            "title": {"en": "Say what you know", "es": "Diga lo que sabe"},
            "body": {
                "en": (
                    "<p>Say what happened, where and when. Describe the people, cars or places. Say only what you "
                    "saw or heard.</p>"
                ),
                "es": (
                    "<p>Diga qué pasó, dónde y cuándo. Describa a las personas, los carros o los lugares. Diga solo "
                    "lo que vio u oyó.</p>"
                ),
            },
            "how_long": {"en": "About 10 minutes.", "es": "Unos 10 minutos."},
        },
        {
            "title": {"en": "Keep your tip number", "es": "Guarde su número de denuncia"},
            "body": {
                "en": (
                    "<p>You get a tip number instead of giving a name. Use it if you call again with more "
                    "information.</p>"
                    "<p>Detectives look into every tip. If your tip helps solve the crime, you may get a reward. "
                    "You collect it with your tip number, still without your name.</p>"
                ),
                "es": (
                    "<p>Recibe un número de denuncia en lugar de dar un nombre. Úselo si llama otra vez con más "
                    "información.</p>"
                    "<p>Los detectives revisan cada denuncia. Si su denuncia ayuda a resolver el delito, puede "
                    "recibir una recompensa. La cobra con su número de denuncia, siempre sin dar su nombre.</p>"
                ),
            },
        },
    ],
}

NOTARIO_FRAUD = {
    "slug": "immigration-services-fraud",
    "order": 6,
    "policies": [],
    "title": {
        "en": "Spot immigration-services fraud (notarios)",
        "es": "Reconozca el fraude de servicios de inmigración (notarios)",
    },
    "summary": {
        "en": (
            "Some people take money for immigration help they cannot give. Learn who can really help you, and what "
            "to do if someone cheated you."
        ),
        "es": (
            "Algunas personas cobran por ayuda de inmigración que no pueden dar. Aprenda quién puede ayudarle de "
            "verdad, y qué hacer si alguien lo engañó."
        ),
    },
    "steps": [
        {
            "title": {"en": "Know who may give legal advice", "es": "Sepa quién puede darle consejo legal"},
            "body": {
                "en": (
                    "<p>Only two kinds of people may give you advice about immigration:</p><ul>"
                    "<li><p>a <strong>lawyer</strong> (attorney) with a license from a US state;</p></li>"
                    "<li><p>an <strong>accredited representative</strong> who works for an organization "
                    "recognized by the US Department of Justice.</p></li></ul>"
                    "<p>A <strong>notario público</strong> is not a lawyer in the US. Here, a notary can only "
                    "check your identity and watch you sign. A notary may not give legal advice or fill in "
                    "immigration forms for you.</p>"
                ),
                "es": (
                    "<p>Solo dos tipos de personas pueden darle consejo sobre inmigración:</p><ul>"
                    "<li><p>un <strong>abogado</strong> con licencia de un estado de EE. UU.;</p></li>"
                    "<li><p>un <strong>representante acreditado</strong> que trabaja para una organización "
                    "reconocida por el Departamento de Justicia de EE. UU.</p></li></ul>"
                    "<p>Un <strong>notario público</strong> no es abogado en EE. UU. Aquí, un notario solo puede "
                    "comprobar su identidad y ver cómo usted firma. Un notario no puede darle consejo legal ni "
                    "llenar formularios de inmigración por usted.</p>"
                ),
            },
        },
        {
            "title": {"en": "Watch for the warning signs", "es": "Fíjese en las señales de alerta"},
            "body": {
                "en": (
                    "<p>Be careful if someone:</p><ul>"
                    "<li><p>promises you papers, a visa or a work permit for sure;</p></li>"
                    "<li><p>says they have a special contact at immigration;</p></li>"
                    "<li><p>asks you to sign an empty form, or a form with lies in it;</p></li>"
                    "<li><p>keeps your passport or other original papers;</p></li>"
                    "<li><p>charges you for government forms (the forms are free);</p></li>"
                    "<li><p>does not give you a receipt or copies of what they send.</p></li></ul>"
                ),
                "es": (
                    "<p>Tenga cuidado si alguien:</p><ul>"
                    "<li><p>le promete papeles, una visa o un permiso de trabajo seguro;</p></li>"
                    "<li><p>dice que tiene un contacto especial en inmigración;</p></li>"
                    "<li><p>le pide firmar un formulario vacío, o un formulario con mentiras;</p></li>"
                    "<li><p>se queda con su pasaporte u otros papeles originales;</p></li>"
                    "<li><p>le cobra por formularios del gobierno (los formularios son gratis);</p></li>"
                    "<li><p>no le da un recibo ni copias de lo que envía.</p></li></ul>"
                ),
            },
        },
        {
            "title": {"en": "Check before you pay", "es": "Verifique antes de pagar"},
            "body": {
                "en": (
                    "<p>Ask for the person's full name. Ask if they are a lawyer or an accredited representative. "
                    "A real one will tell you, and you can check their license.</p>"
                    "<p>The free legal help on our legal help page is a safe place to start.</p>"
                ),
                "es": (
                    "<p>Pida el nombre completo de la persona. Pregunte si es abogado o representante acreditado. "
                    "Uno de verdad se lo dirá, y usted puede verificar su licencia.</p>"
                    "<p>La ayuda legal gratuita de nuestra página de ayuda legal es un lugar seguro para "
                    "empezar.</p>"
                ),
            },
            "what_to_bring": {
                "en": "Copies of any papers you signed\nReceipts for what you paid",
                "es": "Copias de los papeles que firmó\nRecibos de lo que pagó",
            },
        },
        {
            "title": {"en": "Report fraud", "es": "Denuncie el fraude"},
            "body": {
                "en": (
                    "<p>If someone cheated you, report it. Call the consumer fraud line or tell us at 555-0100. We "
                    "do not ask about your immigration status.</p>"
                    "<p>Then talk to a real lawyer as soon as you can. A wrong form can hurt your case.</p>"
                ),
                "es": (
                    "<p>Si alguien lo engañó, denúncielo. Llame a la línea contra el fraude al consumidor o díganos "
                    "al 555-0100. No le preguntamos por su estatus migratorio.</p>"
                    "<p>Después, hable con un abogado de verdad lo antes posible. Un formulario equivocado puede "
                    "dañar su caso.</p>"
                ),
            },
            "what_to_bring": {
                "en": "The person's name and address\nReceipts, contracts and messages\nCopies of forms they filled in",
                "es": "El nombre y la dirección de la persona\nRecibos, contratos y mensajes\n"
                "Copias de los formularios que llenó",
            },
            "contact": {
                "en": "Consumer fraud line (demo): 555-0151\nNon-emergency police line: 555-0100",
                "es": "Línea contra el fraude al consumidor (ejemplo): 555-0151\n"
                "Línea de la policía que no es de emergencia: 555-0100",
            },
        },
    ],
}

GUIDES = [CERTIFICATION, LANGUAGE_HELP, COMPLAINT, VICTIM_SERVICES, ANONYMOUS_TIP, NOTARIO_FRAUD]
STEP_TEXTS = ["title", "body", "what_to_bring", "how_long", "contact"]

# The last eight quarters' U and T visa certification requests, oldest first: (received, certified, denied, median
# days). Fictional, and plausible: most requests certified, the median around the 60-day target, some over it.
FIGURES = [
    (38, 27, 6, 74),
    (42, 30, 7, 68),
    (45, 33, 6, 63),
    (40, 31, 5, 58),
    (51, 37, 8, 55),
    (47, 35, 6, 61),
    (53, 40, 7, 52),
    (49, 38, 5, 47),
]


def seed():
    created = sum(_upsert_guide(spec) for spec in GUIDES)
    steps = sum(len(spec["steps"]) for spec in GUIDES)
    figures = seed_figures()
    return f"{len(GUIDES)} guides ({created} new) with {steps} steps, {figures} quarters of certification figures"


def _upsert_guide(spec):
    guide = Guide.objects.filter(slug=spec["slug"]).first()
    is_new = guide is None
    guide = guide or Guide(slug=spec["slug"])
    values = {
        **localized(title=spec["title"], summary=spec["summary"]),
        "order": spec["order"],
        "is_certification_guide": spec.get("is_certification_guide", False),
        "target_days": spec.get("target_days"),
        "status": PublishStatus.PUBLISHED,
    }
    if apply_values(guide, values) or is_new:
        guide.save()
    for order, step_spec in enumerate(spec["steps"], start=1):
        step = guide.steps.filter(order=order).first() or GuideStep(guide=guide, order=order)
        texts = {name: step_spec.get(name, {}) for name in STEP_TEXTS}
        if apply_values(step, localized(**texts)) or step.pk is None:
            step.save()
    # The policies demo may not have them all (or may rename one): the ones it has are linked, the rest skipped.
    policies = Guide._meta.get_field("related_policies").related_model.objects.filter(slug__in=spec["policies"])
    wanted = set(policies.values_list("pk", flat=True))
    if set(guide.related_policies.values_list("pk", flat=True)) != wanted:
        guide.related_policies.set(wanted)
    return int(is_new)


def seed_figures():
    """The eight quarters before the current one, oldest first, each found by its year and quarter."""
    today = timezone.localdate()
    year, quarter = today.year, (today.month - 1) // 3 + 1
    quarters = []
    for _number in FIGURES:
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
        quarters.append((year, quarter))
    for (year, quarter), (received, certified, denied, median_days) in zip(reversed(quarters), FIGURES, strict=True):
        figure = CertificationFigure.objects.filter(year=year, quarter=quarter).first()
        figure = figure or CertificationFigure(year=year, quarter=quarter)
        values = {"received": received, "certified": certified, "denied": denied, "median_days": median_days}
        if apply_values(figure, values) or figure.pk is None:
            figure.save()
    return len(quarters)
