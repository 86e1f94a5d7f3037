"""Word lists the rule-based extractor reads: verbs, roles, opinion markers, places, dates.

Everything here is lower-case unless said otherwise. The lists are deliberately small and
general (news English); they are data, not logic, so a learned component can replace the parts
that use them without touching the rest.
"""

from __future__ import annotations

import re

__all__ = [
    "wordset",
    "ADVERBIAL_PREFIXES",
    "AUXILIARIES",
    "BASE_VERBS",
    "BOILERPLATE_RE",
    "CONTRACTED_VERBS",
    "COUNTRIES",
    "DETERMINERS",
    "FIRST_PERSON",
    "HEDGES",
    "IRREGULAR_PAST",
    "MONTHS",
    "NAME_STOPWORDS",
    "NATIONALITIES",
    "OPINION_PHRASES",
    "OPINION_WORDS",
    "ORG_WORDS",
    "PREPOSITIONS",
    "PRONOUNS",
    "ROLE_HEADS",
    "ROLE_MODIFIERS",
    "S_VERBS",
    "SPEECH_VERBS",
    "SPEECH_VERB_PAST",
    "SUBORDINATORS",
    "WEEKDAYS",
]


def wordset(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text``; words with ``'`` also with ``’``."""
    out = set(text.split())
    return frozenset(out | {w.replace("'", "’") for w in out if "'" in w})


AUXILIARIES = wordset(
    """is are was were am has have had does do did will would can could may might must shall
    should isn't aren't wasn't weren't hasn't haven't hadn't doesn't don't didn't won't wouldn't
    can't cannot couldn't mustn't shouldn't"""
)

# Contracted pronoun+verb tokens (as ``text.words`` yields them): they contain a finite verb.
CONTRACTED_VERBS = wordset(
    """he's she's it's that's there's what's who's i'm you're we're they're i've you've we've
    they've i'll you'll he'll she'll it'll we'll they'll i'd you'd he'd she'd we'd they'd let's"""
)

IRREGULAR_PAST = wordset(
    """said made came went began took gave found became held left met put set told thought saw
    knew got ran won lost brought sent spent built fell rose grew drew wrote led paid sold kept
    meant felt stood understood struck hit cut shut let fought bought caught taught sought
    spoke broke chose drove flew forgot froze hid rode rang sang sank shook stole swore threw
    woke wore withdrew overtook undertook upheld forbade became arose beat bet bore bound bred
    burst cast clung crept dealt dug fed fled forgave hung laid lay lent lit mistook overcame
    quit sat shot slid slept spun split spread sprang stuck stung strove swept swam swung tore
    wept wound cost"""
)

# Base forms of common verbs: finite after a plural or pronoun subject ("the two countries
# share", "they fly"). Only used in that position, so nouns among them do little harm.
BASE_VERBS = wordset(
    """accept account agree aim allow appear apply argue arrive ask attack back become begin
    believe belong border build buy call carry cause claim close come compete consider
    contain continue control cost cover cross decide declare defend demand deny depend
    describe deserve differ disagree dominate earn employ end enjoy exceed exist expect
    exclude explain face fall fear feel fight find fly follow forbid form gain get give go govern
    grow happen hate have hold hope host include increase intend involve join keep know lack
    last lead learn leave lie like live look lose love make manage mean meet mind move need
    number object occupy offer oppose own pay plan play prefer prepare produce promise
    propose protect provide reach read receive recognise recognize reduce refuse reject
    remain rely remember report represent require rise rule run say see seek seem sell send
    serve share show sign spend stand start stay stop suffer supply support suspect take
    talk tend think threaten total train travel try turn understand use vote want warn win
    wish work worry"""
)

# Present-tense verbs in -s common in news (used when the word before cannot tell us).
S_VERBS = wordset(
    """says tells notes states adds announces claims argues explains insists warns confirms
    denies declares reports writes believes thinks considers means shows includes makes takes
    gives holds leads runs reaches remains continues plans wants needs seems appears lies
    stands exists covers borders amounts measures totals stretches controls owns sells buys
    spends costs earns pays employs supports opposes rejects accepts recognizes recognises
    becomes contains requires allows provides receives sends signs goes comes gets puts keeps
    lets sets sees knows looks works lives falls grows rises fights trains wins loses meets
    votes passes approves faces marks hosts joins leaves enters starts ends opens closes
    produces exports imports"""
)

# Reporting verbs in every inflection; value: the past form used when we rephrase.
_SPEECH = {
    "say": "said", "tell": "told", "note": "noted", "state": "stated", "announce": "announced",
    "add": "added", "explain": "explained", "claim": "claimed", "argue": "argued",
    "insist": "insisted", "warn": "warned", "confirm": "confirmed", "declare": "declared",
    "report": "reported", "write": "wrote", "respond": "responded", "reply": "replied",
    "stress": "stressed", "emphasize": "emphasized", "emphasise": "emphasised",
    "acknowledge": "acknowledged", "admit": "admitted", "assert": "asserted",
    "reiterate": "reiterated", "maintain": "maintained", "tweet": "tweeted",
    "interpret": "interpreted", "decipher": "deciphered",
    "recall": "recalled", "point": "pointed", "indicate": "indicated", "estimate": "estimated",
    "predict": "predicted", "comment": "commented", "remark": "remarked", "observe": "observed",
}  # fmt: skip
_FORMS: dict[str, str] = {}
for _base, _past in _SPEECH.items():
    _stem = _base[:-1] if _base.endswith("e") else _base
    _third = _base[:-1] + "ies" if _base.endswith("y") and _base != "say" else _base + "s"
    _ing = _stem + "ing"
    for _form in (_base, _past, _third, _ing, _base + "ed"):
        _FORMS[_form] = _past
_FORMS.update({"says": "said", "saying": "said", "replied": "replied", "replying": "replied",
               "wrote": "wrote", "written": "wrote", "writing": "wrote", "told": "told",
               "telling": "told", "tells": "told"})  # fmt: skip
SPEECH_VERBS = frozenset(_FORMS)
SPEECH_VERB_PAST: dict[str, str] = dict(_FORMS)

ROLE_HEADS = wordset(
    """president spokesman spokeswoman spokesperson minister secretary chancellor premier
    analyst correspondent reporter journalist editor chief general admiral colonel commander
    senator congressman congresswoman representative governor mayor ambassador envoy director
    chairman chairwoman chair ceo cfo founder head leader official expert professor researcher
    scientist economist judge prosecutor lawyer attorney king queen prince princess pope
    spokesmen mr mrs ms dr prof gen sen rep lt col capt sgt adviser advisor aide deputy
    commissioner coach captain candidate lawmaker politician diplomat negotiator"""
)
ROLE_MODIFIERS = wordset(
    """former deputy acting senior chief vice then top foreign prime defense defence interior
    finance presidential political military security state federal national regional local
    press white house first general attorney assistant executive managing foreign-policy"""
)
FEMALE_ROLES = wordset("spokeswoman chairwoman congresswoman queen princess mrs ms miss madam")

ORG_WORDS = wordset(
    """house ministry federation alliance union council department agency university company
    party radio fm times news post magazine bank fund court assembly parliament congress
    senate kremlin office committee forces force army navy group institute organization
    organisation nations states kingdom republic corporation inc ltd association service
    board commission bureau center centre foundation network press tv journal herald
    gazette daily weekly tribune street square airport station ocean sea river mountains
    museum church hospital school college academy guard police"""
)

# Capitalised words that never start or continue a person's name.
NAME_STOPWORDS = wordset(
    """the a an in on at by for of to from with and or but if when while as so that this these
    those there it its he she they we i you his her their our my your who what where why how
    which however meanwhile therefore although though because since after before during until
    recall every each both all some many most no not neither nor either yet still also then
    thus hence moreover furthermore indeed perhaps maybe be let according once even just only
    mr mrs ms dr prof"""
)

NATIONALITIES = wordset(
    """american russian ukrainian french german british english chinese japanese indian
    italian spanish polish canadian turkish iranian israeli european african asian korean
    belarusian georgian swedish finnish norwegian danish dutch belgian swiss austrian greek
    hungarian romanian czech slovak serbian croatian brazilian mexican australian saudi
    syrian iraqi afghan pakistani egyptian soviet western eastern"""
)

COUNTRIES = wordset(
    """afghanistan albania algeria andorra angola argentina armenia australia austria
    azerbaijan bahamas bahrain bangladesh barbados belarus belgium belize benin bhutan bolivia
    bosnia botswana brazil brunei bulgaria burundi cambodia cameroon canada chad chile china
    colombia comoros congo croatia cuba cyprus czechia denmark djibouti dominica ecuador egypt
    eritrea estonia eswatini ethiopia fiji finland france gabon gambia georgia germany ghana
    greece grenada guatemala guinea guyana haiti honduras hungary iceland india indonesia iran
    iraq ireland israel italy jamaica japan jordan kazakhstan kenya kiribati kosovo kuwait
    kyrgyzstan laos latvia lebanon lesotho liberia libya liechtenstein lithuania luxembourg
    madagascar malawi malaysia maldives mali malta mauritania mauritius mexico micronesia
    moldova monaco mongolia montenegro morocco mozambique myanmar namibia nauru nepal
    netherlands nicaragua niger nigeria norway oman pakistan palau palestine panama paraguay
    peru philippines poland portugal qatar romania russia rwanda samoa senegal serbia
    seychelles singapore slovakia slovenia somalia spain sudan suriname sweden switzerland
    syria taiwan tajikistan tanzania thailand togo tonga tunisia turkey turkmenistan tuvalu
    uganda ukraine uruguay uzbekistan vanuatu venezuela vietnam yemen zambia zimbabwe
    britain england scotland wales crimea"""
) | frozenset(
    ["united states", "united kingdom", "u.s.", "u.k.", "u.s", "u.k", "usa", "us", "uk",
     "south korea",
     "north korea", "south africa", "new zealand", "saudi arabia", "sri lanka",
     "united arab emirates", "czech republic", "russian federation", "ivory coast"]
)  # fmt: skip

MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
         ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
         ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
         ("december", "dec")]
    )
    for m in names
}  # fmt: skip
WEEKDAYS = {
    d: i
    for i, d in enumerate(
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    )
}

DETERMINERS = wordset(
    """the a an this that these those its their his her our my your some many most all no
    none neither each every both any several few another such"""
)
PRONOUNS = wordset("he she it they we i you there who which")
FIRST_PERSON = wordset("i me my mine we us our ours i'm i've i'll i'd we're we've we'll")
PREPOSITIONS = wordset(
    """in on at by for of to from with into onto over under about after before during since
    until between among through across against without within along around near"""
)
SUBORDINATORS = wordset(
    "although though because since while whereas if unless when whenever once as before after until"
)

# Discourse openers stripped from the start of a claim (longest first when matched).
ADVERBIAL_PREFIXES = (
    "at the same time", "the fact is that", "the fact is", "it is known that", "as is known",
    "as known", "as a consequence", "as a result",
    "in addition", "in practice", "in theory", "in fact", "in turn", "that is",
    "to be more precise", "for his part", "for her part", "for their part", "for its part",
    "recall that", "note that", "meanwhile", "however", "moreover", "furthermore", "also",
    "besides", "indeed", "still", "thus", "hence", "then", "so", "and", "but", "yet",
    "notably", "additionally", "nevertheless", "nonetheless",
    "instead", "later", "earlier", "now",
)  # fmt: skip

# Evaluative or argumentative language: an author's opinion, not a checkable fact.
OPINION_WORDS = wordset(
    """sensational obviously obvious unacceptable acceptable absurd ridiculous shameful
    outrageous disgraceful escapade miscalculated miscalculation rational irrational
    excellent terrible awful horrible wonderful great greatest best worst stupid foolish
    clever brilliant scandalous shocking amazing incredible unbelievable hypocritical
    hypocrisy propaganda nonsense blatant disastrous tragic ironically sadly
    unfortunately fortunately hopefully surely certainly definitely undoubtedly clearly
    apparently supposedly allegedly arguably naturally evidently frankly honestly
    ping-pong flip-flopping rhetoric rhetorical pathetic heroic cynical cynically beautiful
    ugly"""
)
OPINION_PHRASES = (
    "figure of speech", "the truth is", "in my opinion", "in his opinion", "in her opinion",
    "in their opinion", "in our opinion", "i believe", "i think", "we believe", "we think",
    "we know", "it seems", "it appears", "is likely", "is unlikely", "it is possible",
    "it is impossible", "it is difficult", "it is easy", "it is clear", "it is obvious",
    "there is no doubt", "no doubt", "of course", "needless to say", "to be honest",
    "we are seeing", "as it were", "just a", "should be", "must be", "ought to",
    "it is time", "let's", "let’s", "the question is", "the answer is", "it is too",
    "it is important", "it is necessary", "it is worth", "it is hard", "hard to imagine",
    "in our view", "in my view", "in his view", "in her view", "reads more like", "is just",
    "so-called", "the truth",
    "therefore", "thus", "hence", "in other words",
)  # fmt: skip
# Predictions and hedges: not checkable now.
HEDGES = wordset(
    """will would may might could likely unlikely possibly probably perhaps maybe predict
    predicts predicted prediction predictions forecast expect expects expected hope hopes
    seem seems appear appears believe believes think thinks suppose supposedly
    allegedly rumoured rumored"""
)

BOILERPLATE_RE = re.compile(
    r"""^\W*(?:
        share\b|follow\s+us|we\s+are\s+in\s+social|subscribe|sign\s+up|log\s*in|read\s+more|
        read\s+also|see\s+also|related\b|advertisement|sponsored|click\s+here|
        all\s+rights\s+reserved|copyright|©|\(c\)\s|photo\b|image\b|credit\b|
        getty\s+images|ap\s+photo|tags?:|source:|posted\s+(?:on|in|by)\b|updated\b|
        published\b|cookie|privacy\s+policy|terms\s+of\s+(?:use|service)|newsletter|
        download\s+the\s+app|comments?\b|print\b|email\b|whatsapp|telegram\b|facebook|
        twitter|instagram|vk\b|youtube
    )""",
    re.IGNORECASE | re.VERBOSE,
)
