"""Facts and freshly written texts for the demo. The facts (winners, finalists, years) are public
record, from ../shared/PROCESS.md; every answer, note and motivation here was written for this
demo and is not taken from any real publication."""

import hashlib

AWARD = {
    "slug": "sveriges-digitaliseringskommun",
    "name": "Sveriges DigitaliseringsKommun",
    "organiser_name": "Kvalitetsmässan och SKR",
    "description": (
        "Utmärkelsen går vartannat år till den kommun som bäst har använt digitaliseringens "
        "möjligheter för att utveckla sin service, sin demokrati och kommunen som helhet."
    ),
}

# year: (display name, winner, finalists, gala date). Before 2011, and in 2015, only the
# winners are on record: those editions say that their finalists are not known (None). Of
# the gala dates only the 2021 edition's (2 May 2022) is on record here; the others are None
# and the archive says it does not know them.
PAST_EDITIONS = {
    2001: ("Sveriges IT-kommun", ["Kalix"], None, None),
    2003: ("Sveriges IT-kommun", ["Nacka"], None, None),
    2005: ("Sveriges IT-kommun", ["Malmö"], None, None),
    2007: ("Sveriges IT-kommun", ["Umeå"], None, None),
    2009: ("Sveriges IT-kommun", ["Falkenberg"], None, None),
    2011: (
        "Sveriges IT-kommun",
        ["Upplands Väsby"],
        ["Ale", "Upplands Väsby", "Stockholm"],
        None,
    ),
    2013: (
        "Sveriges IT-kommun",
        ["Karlstad"],
        ["Haparanda", "Karlstad", "Västerås"],
        None,
    ),
    2015: ("Sveriges IT-kommun", ["Helsingborg"], None, None),
    2017: (
        "Sveriges DigitaliseringsKommun",
        ["Stockholm"],
        ["Falkenberg", "Karlskrona", "Kungsbacka", "Stockholm", "Uppsala"],
        None,
    ),
    2019: (
        "Sveriges DigitaliseringsKommun",
        ["Lidingö"],
        ["Karlskrona", "Karlstad", "Lidingö", "Södertälje", "Umeå"],
        None,
    ),
    2021: (
        "Sveriges DigitaliseringsKommun",
        ["Sundsvall"],
        ["Sundsvall", "Upplands-Bro", "Växjö"],
        (2022, 5, 2),
    ),
    2023: (
        "Sveriges DigitaliseringsKommun",
        ["Värmdö"],
        [("Mora", "Orsa", "Älvdalen"), "Nacka", "Staffanstorp", "Värmdö", "Östersund"],
        None,
    ),
}

# No motivation, citation, jury or venue of a past edition is on record here: the archive
# says so rather than show text written for the demo as if it were the jury's.

# The award's own names for its stages: its finalists are "nominerade".
STAGE_NAMES = {
    "long_list_name": "På långa listan",
    "long_list_name_en": "Long-listed",
    "long_list_plural": "Långa listan",
    "long_list_plural_en": "Long list",
    "finalist_name": "Nominerad",
    "finalist_name_en": "Nominee",
    "finalist_plural": "Nominerade",
    "finalist_plural_en": "Nominees",
}

JURY = [
    # username, display name, role, affiliation
    ("chair", "Cecilia Ordförande", "chair", "Sveriges Kommuner och Regioner"),
    ("juror1", "Jonas Lindqvist", "juror", "Myndigheten för digital förvaltning, Sundsvall"),
    ("juror2", "Karin Bergström", "juror", "Linnéuniversitetet"),
    ("juror3", "Ali Hassan", "juror", "Vinnova"),
    ("juror4", "Maria Sundin", "juror", "Regeringskansliet"),
    ("expert1", "Erik Experten", "expert", "Sveriges Kommuner och Regioner"),
]

CONTACTS = [
    # username, display name, municipality
    ("vaxjo", "Vera Växjö", "Växjö"),
    ("sundsvall", "Sune Sundsvall", "Sundsvall"),
    ("upplandsbro", "Ulla Upplands-Bro", "Upplands-Bro"),
]

QUESTIONNAIRE = [
    (
        "Egenbeskrivning",
        "Self-description",
        [
            (
                "long_text",
                "Vad är kommunen mest stolt över?",
                "What is the municipality proudest of?",
                300,
            ),
            ("long_text", "Vilken effekt har det fått?", "What effect has it had?", 300),
            (
                "long_text",
                "Vilka lärdomar har kommunen dragit?",
                "What lessons has the municipality drawn?",
                300,
            ),
        ],
    ),
    (
        "Digital mognad",
        "Digital maturity",
        [
            (
                "number",
                "Kommunens resultat i senaste mätningen av digital mognad, i procent",
                "The municipality's result in the latest digital-maturity measurement, in per cent",
                None,
            ),
            (
                "file",
                "Bifoga gärna underlag, till exempel en strategi eller en uppföljning (valfritt)",
                "Attach supporting documents, e.g. a strategy or a follow-up (optional)",
                None,
            ),
        ],
    ),
]

SCALE = ["Saknas", "Svag", "Godtagbar", "God", "Föredömlig"]
SCALE_EN = ["Missing", "Weak", "Acceptable", "Good", "Exemplary"]
# name, name in English, description, weight
CRITERIA = [
    (
        "Service till invånare och företag",
        "Services for residents and businesses",
        "Hur digitaliseringen gör kommunens tjänster enklare, snabbare och mer tillgängliga.",
        2,
    ),
    (
        "Demokrati och delaktighet",
        "Democracy and participation",
        "Hur invånarna kan följa, påverka och delta i kommunens beslut.",
        1.5,
    ),
    (
        "Kommunen som helhet",
        "The municipality as a whole",
        "Ledarskap, styrning, kultur och samverkan som bär digitaliseringen i hela organisationen.",
        1.5,
    ),
    (
        "Resultat och lärande",
        "Results and learning",
        "Mätbara effekter i förhållande till kommunens förutsättningar, och lärdomar som delas.",
        1,
    ),
]

# municipality names (a tuple is a joint entry): (what they are proudest of, effect, lesson, maturity)
CURRENT_ENTRIES = {
    "Växjö": (
        "en gemensam plattform för e-tjänster där invånare följer sina ärenden från ansökan till beslut",
        "handläggningstiden för bygglov har halverats och antalet samtal till kontaktcenter har minskat",
        "att förändringen lyckas när verksamheterna själva äger utvecklingen och IT är en partner",
        68,
    ),
    "Sundsvall": (
        "ett öppet samarbete med grannkommunerna där vi delar kod, tjänster och kompetens",
        "fler kommuner kan erbjuda digitala tjänster till en lägre kostnad per invånare",
        "att delning kräver tydliga avtal och en förvaltningsmodell som alla parter förstår",
        72,
    ),
    "Upplands-Bro": (
        "hur skolan och socialtjänsten tillsammans har byggt ett digitalt stöd för tidiga insatser",
        "familjer får hjälp tidigare och personalen lägger mindre tid på dubbel dokumentation",
        "att juridik och informationssäkerhet måste vara med från första dagen",
        61,
    ),
    "Umeå": (
        "ett medborgarpanel-verktyg som gör det lätt att tycka till om stadsplaneringen",
        "tre gånger fler unga deltar i samråden än för fem år sedan",
        "att demokratiska verktyg behöver återkoppling: invånarna vill se vad som hände med deras svar",
        66,
    ),
    "Skellefteå": (
        "digitala tvillingar av stadskärnan som används när staden växer snabbt",
        "planerare, näringsliv och invånare ser samma bild och beslut fattas på bättre underlag",
        "att data från olika förvaltningar måste beskrivas på samma sätt innan den kan användas",
        64,
    ),
    "Linköping": (
        "en digital assistent i hemtjänsten som planerar besöken efter brukarnas önskemål",
        "brukarna får oftare samma personal och restiden har minskat",
        "att personalen måste få tid att lära sig nya arbetssätt, inte bara nya verktyg",
        63,
    ),
    "Örebro": (
        "ett program för digital kompetens som alla chefer har gått",
        "cheferna driver nu själva förbättringar i stället för att vänta på IT-avdelningen",
        "att kompetens är en färskvara som behöver följas upp varje år",
        59,
    ),
    "Gävle": (
        "självservice för föreningar som bokar lokaler och söker bidrag på ett ställe",
        "föreningarna sparar tid och handläggarna kan ägna sig åt rådgivning",
        "att enkla tjänster som många använder ofta ger mer än stora projekt",
        57,
    ),
    "Jönköping": (
        "sensorer i äldreboenden som ersätter nattliga tillsynsbesök där brukaren vill det",
        "de boende sover bättre och nattpersonalen kan prioritera den som behöver hjälp",
        "att etiska frågor ska diskuteras med brukare och anhöriga innan tekniken införs",
        62,
    ),
    "Luleå": (
        "ett gemensamt dataregister över kommunens fastigheter och energianvändning",
        "energianvändningen i kommunens lokaler har minskat märkbart på tre år",
        "att mätbara mål från början gör det lättare att hålla fast vid en satsning",
        60,
    ),
    "Borås": (
        "en kontaktväg in till kommunen, oavsett om invånaren ringer, chattar eller kommer in",
        "fler ärenden löses direkt vid första kontakten",
        "att bemötandet är lika viktigt som tekniken när tjänster blir digitala",
        58,
    ),
    "Halmstad": (
        "öppna data om kollektivtrafik, parkering och evenemang som företag bygger tjänster på",
        "lokala företag har tagit fram appar som invånare och besökare använder dagligen",
        "att öppna data behöver en ägare som svarar på frågor och håller datan aktuell",
        55,
    ),
    ("Härjedalen", "Berg"): (
        "en gemensam digitaliseringsenhet för två glesbygdskommuner",
        "båda kommunerna kan erbjuda tjänster som ingen av dem hade klarat ensam",
        "att samverkan bygger på förtroende mellan människor, inte bara på avtal",
        52,
    ),
    "Kiruna": (
        "digitalt stöd för flytten av stadskärnan där invånarna följer arbetet i realtid",
        "färre frågor och oro kring flytten, och bättre dialog med de som berörs",
        "att transparens tidigt i processen sparar tid senare",
        54,
    ),
    "Gotland": (
        "distansmöten inom vård och omsorg som minskar resorna till fastlandet",
        "brukare och anhöriga slipper långa resor för uppföljningsmöten",
        "att tekniken måste fungera även med svag uppkoppling på landsbygden",
        56,
    ),
}

# Entries that take part in the publication only, without competing.
CURRENT_PUBLICATION_ONLY = {"Kiruna"}

# Nominations from the public: (municipality, nominator, organisation, why, verified?)
CURRENT_NOMINATIONS = [
    (
        "Kalmar",
        "Karin Karlsson",
        "Kalmar läns företagarförening",
        "Kalmar har gjort det enkelt att starta företag: allt från tillstånd till "
        "rådgivning finns på ett ställe, och handläggarna svarar snabbt.",
        False,
    ),
    (
        "Falun",
        "Fredrik Falk",
        "",
        "Som invånare märker jag att kommunen lyssnar: medborgardialogerna sker digitalt "
        "och resultatet redovisas öppet.",
        True,
    ),
]

# One entry the organisers ruled not eligible, with the reason the municipality sees.
CURRENT_INELIGIBLE = (
    "Halmstad",
    "Bidraget beskriver ett bolags tjänster snarare än kommunens egen verksamhet.",
)

# The demo edition's finalists and winner, used from the site-visit phase on.
CURRENT_FINALISTS = ["Växjö", "Sundsvall", "Umeå", "Skellefteå"]
CURRENT_LONG_LIST = [*CURRENT_FINALISTS, "Upplands-Bro", "Linköping", "Jönköping", "Luleå"]
CURRENT_WINNER = "Växjö"
CURRENT_MOTIVATION = (
    "Växjö kommun visar hur digitaliseringen kan bli en del av vardagen i hela organisationen. "
    "Med en gemensam plattform för e-tjänster har kommunen gjort det enkelt för invånare och "
    "företag att följa sina ärenden, och resultaten syns i kortare handläggningstider och "
    "färre onödiga kontakter. Juryn har särskilt uppskattat att verksamheterna själva äger "
    "utvecklingen och att kommunen delar sina lärdomar öppet med andra. Arbetet vilar på ett "
    "tydligt ledarskap, en genomtänkt styrning och en kultur där medarbetare uppmuntras att "
    "pröva nytt. Växjö är en förebild för kommuner som vill utveckla både service och demokrati "
    "med invånarna i centrum."
)
CURRENT_CITATION = "För en digitalisering som verksamheten äger och invånarna märker."


def answer_texts(name: str, proudest: str, effect: str, lesson: str) -> list[str]:
    return [
        f"I {name} är vi mest stolta över {proudest}. Arbetet har vuxit fram steg för steg, "
        "med invånarnas behov som utgångspunkt och med medarbetare från flera förvaltningar.",
        f"Effekten är att {effect}. Vi följer upp resultaten varje kvartal och redovisar dem "
        "för kommunstyrelsen.",
        f"Vår viktigaste lärdom är {lesson}. Den tar vi med oss in i nästa satsning.",
    ]


JUROR2_CONFLICT_NOTE = "Bor i Växjö och har samarbetat med kommunen i ett forskningsprojekt."
# (juror, municipality): the note of a declared conflict of interest.
DEMO_CONFLICTS = {
    ("juror2", "Växjö"): JUROR2_CONFLICT_NOTE,
    ("juror1", "Sundsvall"): "Myndigheten har sitt säte i Sundsvall och samarbetar med kommunen.",
}
# In the evaluation phase: the share of their entries each juror has submitted (two more are
# drafts). juror1 has not declared yet: the demo lets you do that.
DEMO_SCORING_SHARE = {"chair": 0.5, "juror2": 0.7, "juror3": 1.0, "juror4": 0.4}

# How strong each entry looks to the demo jury, on the 0-4 scale (others: 2).
DEMO_STRENGTH = {
    "Växjö": 3.6,
    "Upplands-Bro": 3.3,
    "Umeå": 3.2,
    "Skellefteå": 3.0,
    "Sundsvall": 2.6,
    "Linköping": 2.5,
    "Jönköping": 2.4,
    "Luleå": 2.3,
}
JUROR_BIAS = {"chair": 0, "juror1": 0.3, "juror2": -0.4, "juror3": 0.4, "juror4": -0.6}


def _jitter(*parts) -> float:
    digest = hashlib.sha256(":".join(map(str, parts)).encode()).digest()
    return digest[0] / 255 - 0.5


def demo_score(juror: str, title: str, position: int) -> int:
    """A plausible, repeatable score: the entry's strength, the juror's leniency and a little
    noise. On Sundsvall's first criterion juror3 and juror4 disagree sharply, so the results
    page has a disagreement to show."""
    if title == "Sundsvall" and position == 1 and juror in ("juror3", "juror4"):
        return 4 if juror == "juror3" else 1
    base = DEMO_STRENGTH.get(title.split(",")[0].split(" och ")[0], 2.0)
    value = base + JUROR_BIAS.get(juror, 0) + _jitter(juror, title, position)
    return max(0, min(4, round(value)))


COMMENTS = [
    "Tydlig koppling mellan strategi och genomförande.",
    "Effekterna beskrivs men mäts inte systematiskt.",
    "Bra exempel på samverkan med grannkommuner.",
    "Invånarperspektivet kunde lyftas mer.",
    "Ledningen äger frågan, vilket märks i hela texten.",
    "Lärdomarna är konkreta och användbara för andra.",
]


def demo_comment(juror: str, title: str, position: int) -> str:
    digest = hashlib.sha256(f"{juror}:{title}:{position}".encode()).digest()
    return COMMENTS[digest[1] % len(COMMENTS)] if digest[2] % 3 else ""


def demo_overall(juror: str, title: str) -> str:
    digest = hashlib.sha256(f"{juror}:{title}".encode()).digest()
    return f"{title}: {COMMENTS[digest[0] % len(COMMENTS)].lower()}"


LONG_LIST_RATIONALE = "Högt sammanvägt betyg i omgång 1 och tydliga effekter för invånarna."
FINALIST_RATIONALE = {
    "Växjö": "Genomgående högst betyg; juryn vill se hur förvaltningarna äger arbetet.",
    "Sundsvall": "Juryn är oenig om effekterna och vill pröva dem på plats.",
    "Umeå": "Bred delaktighet och öppna data som används av andra.",
    "Skellefteå": "Snabb utveckling i förhållande till förutsättningarna.",
}


# Site visits (all demo text written for the demo).
INTERVIEW_QUESTIONS = [
    ("leadership", "Hur styr kommunledningen digitaliseringen, och hur följer ni upp den?"),
    ("leadership", "Vilket beslut om digitalisering har varit svårast att fatta de senaste åren?"),
    ("organisation", "Vem äger utvecklingen av e-tjänsterna: IT, verksamheten eller båda?"),
    ("results", "Vilka effekter för invånarna kan ni visa med siffror, och hur mäter ni dem?"),
    ("results", "Berätta om en satsning som inte gav den effekt ni hoppades på."),
    ("collaboration", "Vad har ni delat med andra kommuner, och vad har ni tagit över från andra?"),
    ("culture", "Hur får medarbetare pröva nya arbetssätt, och vad händer när det misslyckas?"),
    ("challenges", "Vad hindrar er mest i dag, och vad skulle ni behöva från nationell nivå?"),
]
VISITS = {
    # finalist: (days after the site visits open, hour, on site?, address or link, visitors)
    "Växjö": (
        5,
        9,
        True,
        "Stadshuset, Västra Esplanaden 18, Växjö",
        ["chair", "juror3", "expert1"],
    ),
    "Sundsvall": (12, 13, False, "https://meet.example.org/sdk-sundsvall", ["chair", "juror4"]),
    "Umeå": (19, 9, True, "Stadshuset, Skolgatan 31A, Umeå", ["juror3", "juror4", "expert1"]),
    "Skellefteå": (26, 10, True, "Stadshuset, Trädgårdsgatan 6, Skellefteå", ["chair", "juror2"]),
}
# A visit's programme: (minutes after the start, item).
VISIT_PROGRAMME = [
    (0, "Välkomna och presentation"),
    (20, "Samtal med kommundirektör och KSO"),
    (90, "Samtal med digitaliseringschef"),
    (150, "Möte med två verksamheter"),
    (210, "Avslutning"),
]


def visit_agenda(hour: int) -> str:
    """The programme of a visit starting at `hour`, its times written as in Swedish."""
    return "\n".join(
        f"{hour + minutes // 60:02d}.{minutes % 60:02d} {item}" for minutes, item in VISIT_PROGRAMME
    )


INTERVIEWEES = [
    ("Anna Ek", "director", ""),
    ("Bo Lund", "executive_chair", ""),
    ("Carin Holm", "cio", "Digitaliseringsenheten"),
    ("David Sjö", "service_unit", "Socialförvaltningen, äldreomsorgen"),
]
VISIT_NOTES = {
    ("juror3", "Växjö"): {
        "leadership": "Tydligt mandat från kommunstyrelsen; digitaliseringen följs upp i "
        "verksamhetsplanen varje kvartal.",
        "results": "Handläggningstiden för bygglov har halverats; siffrorna bekräftar det som "
        "står i ansökan.",
        "culture": "Medarbetarna beskriver en kultur där man får pröva och misslyckas.",
    },
    ("chair", "Växjö"): {
        "organisation": "Verksamheterna äger sina e-tjänster; IT stödjer med en gemensam plattform.",
        "challenges": "Kompetensförsörjningen är den största utmaningen framåt.",
    },
    ("juror4", "Sundsvall"): {
        "results": "Effekterna är svårare att belägga än i ansökan; uppföljningen är ny.",
        "collaboration": "Starkt samarbete i regionen och med myndigheter i Sundsvall.",
    },
}
VISIT_REPORTS = {
    "Växjö": "Besöket bekräftade bilden från ansökan. Ledningen har ett tydligt mandat och "
    "följer upp digitaliseringen regelbundet. Verksamheterna äger sina e-tjänster, och "
    "effekterna för invånarna kan beläggas med siffror. Utmaningen är kompetensförsörjningen.",
    "Sundsvall": "Det digitala mötet visade ett starkt regionalt samarbete, men effekterna för "
    "invånarna är ännu svåra att belägga. Uppföljningen har nyligen kommit i gång.",
}
VERIFY_MARKS = [
    # juror, entry, words from the first answer, note
    (
        "juror3",
        "Sundsvall",
        "Arbetet har vuxit fram steg för steg",
        "Hur ser stegen ut i praktiken?",
    ),
    ("juror4", "Växjö", "Vi följer upp resultaten varje kvartal", "Be att få se en uppföljning."),
]
# The jury's rankings of the finalists (juror2 is conflicted with Växjö, juror1 with Sundsvall).
BALLOTS = {
    "chair": ["Växjö", "Umeå", "Sundsvall", "Skellefteå"],
    "juror1": ["Växjö", "Umeå", "Skellefteå"],
    "juror2": ["Umeå", "Sundsvall", "Skellefteå"],
    "juror3": ["Växjö", "Sundsvall", "Umeå", "Skellefteå"],
    "juror4": ["Umeå", "Växjö", "Skellefteå", "Sundsvall"],
}
MEETING_MINUTES = (
    "1. Ordföranden öppnade mötet och påminde om jävsdeklarationerna.\n"
    "2. Juryn gick igenom besöksrapporterna för de fyra finalisterna.\n"
    "3. Juryn rangordnade finalisterna; Växjö låg främst både i rangordningen och i poängen.\n"
    "4. Juryn beslutade att utse Växjö till vinnare."
)
MOTIVATION_FIRST_DRAFT = (
    "Växjö kommun visar hur digitaliseringen kan bli en del av vardagen. Med en gemensam "
    "plattform för e-tjänster har kommunen gjort det enkelt för invånare att följa sina ärenden."
)
