"""Every Swedish text the demo writes, as data: answers, review notes, the support log, reports.

The generators (`demo/surveys/`, `demo/reporting.py`) pick and fill these in with their
seeded random generators; keeping the texts apart lets a reader change what the demo
says without reading how it is drawn. A text's position in its tuple is part of the
demo's data: the generators draw by index, so reordering changes what is generated.
"""

from dataclasses import dataclass

from beredskap.support.models import SupportActivity

Kind = SupportActivity.Kind

# --- survey answers and review --------------------------------------------------------

DEV_NEEDS = (
    "Kontinuitetsplanerna behöver ses över och kompletteras med reservrutiner för IT-avbrott.",
    "Chefer och medarbetare behöver utbildning om verksamhetens roll under höjd beredskap.",
    "Socialtjänstens krigsorganisation är inte beslutad och krigsplaceringarna är inte klara.",
    "Samverkan med regionen om hemsjukvård och läkemedel vid en kris behöver utvecklas.",
    "Reservkraften på de särskilda boendena behöver provköras och dokumenteras.",
    "Vi saknar en samlad bild av vilka brukare i ordinärt boende som är beroende av el.",
    "Övningar behöver genomföras regelbundet och utvärderas med beslutade åtgärdsplaner.",
    "Beredskapsarbetet är personberoende; fler behöver ett uttalat ansvar i förvaltningen.",
)
EXERCISES = (
    "Diskussionsövning om långvarigt elavbrott med hemtjänst och särskilt boende. Lärdom: "
    "reservrutinerna för trygghetslarm behöver förtydligas.",
    "Kommunens stabsövning med scenariot höjd beredskap, där socialförvaltningen deltog. "
    "Lärdom: ledningsorganisationen behöver fler utbildade ersättare.",
    "Länsstyrelsens regionala övning om störd dricksvattenförsörjning. Lärdom: boendenas "
    "behov av nödvatten var inte kartlagt.",
    "Utrymningsövning på ett särskilt boende tillsammans med räddningstjänsten. Lärdom: "
    "evakueringslokalen behöver förberedas med sängar och hjälpmedel.",
    "Diskussionsövning om avbrott i verksamhetssystemen. Lärdom: pappersrutinerna för "
    "dokumentation fanns men var inte kända av alla.",
)
NO_EXERCISES = "Inga övningar genomfördes under perioden."
DIARY_PREFIXES = ("SN", "VON", "KS", "SOC", "OMS")

RETURN_COMMENT = (
    "Tack för svaren! Vi har återsänt några frågor som behöver kompletteras; se "
    "kommentarerna vid frågorna."
)
REVIEW_COMMENTS = {
    "vet_ej": "Svaret vet ej går inte att använda i sammanställningen. Ta reda på hur det "
    "är och svara ja, nej eller arbete pågår.",
    "share": "Antalet skiljer sig mycket från förra året. Stämmer uppgiften?",
    "other": "Kontrollera svaret mot kommunens underlag och bekräfta det.",
}


# --- the support log ------------------------------------------------------------------


@dataclass(frozen=True)
class Topic:
    kind: str
    area: str  # the catalogue's area code
    title: str  # {kommun} for activities with one municipality, {year} for the year
    description: str
    lessons: str = ""
    #: Months it is held in (1 to 12); empty: any month but July.
    months: tuple[int, ...] = ()
    #: Reach: "one", "few" (2 to 5), "most" (60 to 100 % of the county), "all".
    reach: str = "most"


TOPICS = (
    Topic(
        Kind.NETWORK,
        "A",
        "Nätverksträff för beredskapssamordnare",
        "Länets nätverk för kommunernas beredskapssamordnare inom socialtjänst och kommunal "
        "hälso- och sjukvård: lägesbild, aktuella frågor från Socialstyrelsen och MSB och "
        "planering av kommande insatser.",
    ),
    Topic(
        Kind.CONFERENCE,
        "E",
        "KHOSS-dagen {year}",
        "Länets årliga konferens om beredskap i kommunal hälso- och sjukvård och socialtjänst "
        "med föredrag av SKR, MSB, regionen och Socialstyrelsen och en gemensam scenarioövning.",
        "Deltagarna efterfrågade tätare samverkan med regionen och fler övningar där "
        "socialtjänst och hälso- och sjukvård övar tillsammans.",
        months=(10, 11),
        reach="all",
    ),
    Topic(
        Kind.EXERCISE,
        "C",
        "Scenarioövning: elavbrott på vård- och omsorgsboende",
        "Seminarieövning där ett vård- och omsorgsboende förlorar strömmen efter att en kabel "
        "grävts av. Evakuering, bo kvar-alternativ och kontakt med anhöriga diskuterades.",
        "Reservkraften räcker inte för ventilation och hissar; flera evakueringsplaner saknar "
        "ett alternativ för att bo kvar. Kontaktlistor till elnätsbolaget var inaktuella.",
        reach="few",
    ),
    Topic(
        Kind.TRAINING,
        "D",
        "Utbildning i krigsorganisation och krigsplacering",
        "Halvdagsutbildning om att ta fram krigsorganisation, bemanningsbehov vid höjd "
        "beredskap och krigsplacering av personal, med exempel från kommuner i länet.",
    ),
    Topic(
        Kind.ADVICE,
        "B",
        "Rådgivning om kontinuitetshantering – {kommun}",
        "Stöd till förvaltningen i arbetet med kontinuitetsplaner för särskilt boende och "
        "hemtjänst: reservrutiner, återställningsrutiner och återgångsrutiner.",
        reach="one",
    ),
    Topic(
        Kind.WEBINAR,
        "C",
        "Webbinarium om värmebölja och beredskapsplan för höga temperaturer",
        "Genomgång av Socialstyrelsens och Folkhälsomyndighetens vägledning inför sommaren: "
        "riskgrupper, åtgärder i hemtjänst och på boenden, och hur planen aktiveras.",
        months=(4, 5, 6),
    ),
    Topic(
        Kind.EXCHANGE,
        "H",
        "Erfarenhetsutbyte efter övning med hemtjänsten",
        "Kommunerna delade erfarenheter från egna övningar och hur resultaten följts upp.",
        "Övningar utan utvärdering ger lite. Kommuner som skrivit en kort åtgärdslista direkt "
        "efter övningen hade genomfört fler av åtgärderna ett halvår senare.",
        reach="few",
    ),
    Topic(
        Kind.TRAINING,
        "I",
        "Utbildning i säkerhetsskydd och informationssäkerhet",
        "Grundutbildning för chefer inom socialtjänsten om säkerhetsskydd, "
        "informationsklassning och hantering av uppgifter om sårbara verksamheter.",
    ),
    Topic(
        Kind.EXERCISE,
        "F",
        "Seminarieövning: störning i dricksvattenförsörjningen",
        "Övning där kommunens dricksvatten inte går att använda i tre dygn: nödvatten till "
        "boenden, hemtjänstens brukare och hygienrutiner.",
        "Boendena saknade rutin för att ta emot nödvatten; hemtjänsten behöver en lista över "
        "brukare som inte själva kan hämta vatten.",
        reach="few",
    ),
    Topic(
        Kind.VISIT,
        "B",
        "Verksamhetsbesök: reservrutiner i hemtjänsten – {kommun}",
        "Besök hos hemtjänstens ledning om reservrutiner vid it-avbrott och hur "
        "planeringssystemet kan ersättas med papperslistor.",
        reach="one",
    ),
    Topic(
        Kind.NETWORK,
        "G",
        "Dialogmöte om beredskapskrav i upphandling",
        "Möte med upphandlare och avtalsförvaltare om krav på beredskap och krigsplanering i "
        "avtal med privata utförare av hemtjänst och särskilt boende.",
    ),
    Topic(
        Kind.ADVICE,
        "A",
        "Stöd i planeringen för civilt försvar – {kommun}",
        "Rådgivning om hur socialtjänsten tar in civilt försvar i verksamhetsplan och "
        "budget och använder statsbidraget för att stärka beredskapen.",
        reach="one",
    ),
    Topic(
        Kind.EXCHANGE,
        "E",
        "Erfarenhetsutbyte: samverkan med regionen vid höjd beredskap",
        "Kommuner och region delade hur de fördelar ansvar för patienter i ordinärt boende "
        "och på boenden när regionens resurser inte räcker.",
        "Avtal om hälso- och sjukvård i hemmet behöver kompletteras för höjd beredskap; "
        "gemensamma kontaktvägar dygnet runt saknas i flera kommuner.",
        reach="most",
    ),
    Topic(
        Kind.WEBINAR,
        "F",
        "Webbinarium om lagerhållning av förbrukningsmaterial och läkemedel",
        "Hur stora lager som behövs för en månads avbrott i leveranserna, och hur lagret "
        "omsätts så att inget blir för gammalt.",
    ),
    Topic(
        Kind.EXERCISE,
        "I",
        "Övning: påverkanskampanj och hot mot personal",
        "Scenarioövning där socialtjänsten utsätts för en påverkanskampanj i sociala medier "
        "som trappas upp till hot mot personal.",
        "Kriskommunikationsplanerna täcker sällan socialtjänstens egna verksamheter; "
        "personalen behöver veta vem som svarar medier och anhöriga.",
        reach="few",
    ),
    Topic(
        Kind.CONFERENCE,
        "E",
        "Regional samverkanskonferens om hälso- och sjukvårdens beredskap",
        "Konferens med kommunerna, regionen, MSB och Socialstyrelsen om gemensam lägesbild "
        "och ledning vid allvarliga händelser och höjd beredskap.",
        months=(3, 4, 9),
    ),
    Topic(
        Kind.TRAINING,
        "F",
        "Utbildning om Styrel och prioritering av elanvändare",
        "Hur kommunens verksamheter prioriteras vid elbrist och vilka boenden som behöver "
        "reservkraft.",
    ),
)
KHOSS_DAY = TOPICS[1]


# --- the county reports ---------------------------------------------------------------

#: The region of each county, for the report's section on cooperation.
REGIONS = {
    "01": "Region Stockholm", "03": "Region Uppsala", "04": "Region Sörmland",
    "05": "Region Östergötland", "06": "Region Jönköpings län", "07": "Region Kronoberg",
    "08": "Region Kalmar län", "09": "Region Gotland", "10": "Region Blekinge",
    "12": "Region Skåne", "13": "Region Halland", "14": "Västra Götalandsregionen",
    "17": "Region Värmland", "18": "Region Örebro län", "19": "Region Västmanland",
    "20": "Region Dalarna", "21": "Region Gävleborg", "22": "Region Västernorrland",
    "23": "Region Jämtland Härjedalen", "24": "Region Västerbotten", "25": "Region Norrbotten",
}  # fmt: skip
#: Civilområde of each county and the county board that leads it.
CIVIL_AREAS = {
    "norra": ("Norra", "Västernorrlands län", ("22", "23", "24", "25")),
    "mellersta": ("Mellersta", "Dalarnas län", ("03", "17", "18", "19", "20", "21")),
    "ostra": ("Östra", "Stockholms län", ("01", "04", "05", "09")),
    "sodra": ("Södra", "Skåne län", ("06", "07", "08", "10", "12")),
    "vastra": ("Västra", "Västra Götalands län", ("13", "14")),
}
KIND_WORDS = {  # singular, plural
    Kind.NETWORK: ("nätverksträff", "nätverksträffar"),
    Kind.CONFERENCE: ("konferens", "konferenser"),
    Kind.TRAINING: ("utbildning", "utbildningar"),
    Kind.EXERCISE: ("övning", "övningar"),
    Kind.ADVICE: ("rådgivningstillfälle", "rådgivningstillfällen"),
    Kind.VISIT: ("verksamhetsbesök", "verksamhetsbesök"),
    Kind.WEBINAR: ("webbinarium", "webbinarier"),
    Kind.EXCHANGE: ("erfarenhetsutbyte", "erfarenhetsutbyten"),
    Kind.OTHER: ("övrig insats", "övriga insatser"),
}
STRENGTHS = (
    "nästan alla kommuner har en utsedd beredskapssamordnare för socialtjänsten",
    "flera kommuner har övat evakuering av särskilt boende under året",
    "beredskapsplaner för höga temperaturer finns i de flesta kommunerna",
    "arbetet med krigsorganisation har kommit i gång i de större kommunerna",
    "samverkan med regionen om patienter i ordinärt boende har blivit tydligare",
)
WEAKNESSES = (
    "kontinuitetsplaner som omfattar reservrutin, återställningsrutin och återgångsrutin",
    "krigsplacering av personal och dubbelplaceringar mot regionen och andra arbetsgivare",
    "reservkraft och bränsle till särskilda boenden",
    "beredskapskrav i avtal med privata utförare",
    "lagerhållning av förbrukningsmaterial och läkemedel",
    "utvärdering av genomförda övningar",
)
PROPOSALS = (
    "att Socialstyrelsen tar fram ett nationellt stöd för krigsplacering inom socialtjänsten",
    "gemensamma mallar för kontinuitetsplaner som kommunerna kan anpassa",
    "nationella riktlinjer för lagerhållning inom kommunal hälso- och sjukvård",
    "att statsbidraget för civilt försvar blir fleråriga så att kommunerna kan planera",
    "en nationell övning för socialtjänsten med regional uppföljning",
    "vägledning om beredskapskrav vid upphandling av välfärdstjänster",
)

#: The sentence on the survey in the report's first section, when any answers are approved.
SURVEY_SENTENCE = (
    " I kartläggningen {year} har länsstyrelsen granskat och godkänt svaren från "
    "{approved} av länets {total} {kommuner}."
)
#: The report's five sections, filled in with `str.format` from the county's facts.
REPORT_SECTIONS = {
    "preparedness": (
        "Länsstyrelsens samlade bild är att beredskapen inom socialtjänsten och den kommunala "
        "hälso- och sjukvården i {county} har stärkts under {year}, men att skillnaderna "
        "mellan kommunerna fortfarande är stora.{survey} Styrkor är att {strengths[0]} och att "
        "{strengths[1]}. Svagast är {weaknesses[0]} och {weaknesses[1]}; där behöver "
        "kommunerna fortsatt stöd."
    ),
    "support": (
        "Under {year} genomförde länsstyrelsen {activities} stödinsatser ({kinds}) som "
        "nådde {reached} av länets {total} {kommuner}. Sammanlagt deltog omkring "
        "{participants} personer. Bland insatserna märks {highlights}. Insatserna har valts "
        "utifrån de stödbehov som kartläggningen visar, särskilt {weaknesses[0]}."
    ),
    "cooperation": (
        "Länsstyrelsen har samverkat med {region} i det regionala nätverket för hälso- och "
        "sjukvårdens och socialtjänstens beredskap, bland annat om ansvaret för patienter i "
        "ordinärt boende vid höjd beredskap. Inom civilområde {civil_area}, som leds av "
        "Länsstyrelsen i {lead}, har länsstyrelserna samordnat sina stödinsatser. Med MSB och "
        "Socialstyrelsen har länsstyrelsen haft kontakt i KHOSS-uppdragets nationella nätverk "
        "och vid länets KHOSS-dag."
    ),
    "information": (
        "Länsstyrelsen har lämnat Socialstyrelsen underlag om kommunernas beredskap genom "
        "granskningen av kartläggningen {year} i Beredskap och genom denna redovisning. "
        "Synpunkter på indikatorerna om {weaknesses[2]} har lämnats till Socialstyrelsen "
        "inför nästa revidering."
    ),
    "development": (
        "Länsstyrelsen ser fortsatt behov av stöd inom {weaknesses[0]}, {weaknesses[1]} och "
        "{weaknesses[2]}. Länsstyrelsen föreslår {proposals[0]} och {proposals[1]}. Under "
        "{next_year} planerar länsstyrelsen fler övningar tillsammans med {region} och att "
        "följa upp kommunernas kontinuitetsplaner."
    ),
}
