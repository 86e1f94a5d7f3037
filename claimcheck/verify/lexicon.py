"""Word lists the offline verifier reasons with: negation cues, antonym groups, hedges, titles.

Everything here is data keyed by Snowball stems (see :func:`claimcheck.text.stem`) so that
lookups are set membership; :data:`POLARITY` maps a stem to ``(group, sign)`` where the two
signs of a group are opposites ("approve" +1 / "reject" -1 in group ``approve``).
"""

from __future__ import annotations

from ..text import stem

__all__ = [
    "ALIASES",
    "NAMES_LIKE_WORDS",
    "IRREGULAR",
    "CALENDAR",
    "DIRECTION_DOWN",
    "DIRECTION_UP",
    "EXTRA_STOPWORDS",
    "NULL_WORDS",
    "QUALIFIERS",
    "RELATION_WORDS",
    "NUMBER_WORDS",
    "HEDGES",
    "LIGHT",
    "NEGATING_VERBS",
    "NEGATION_CUES",
    "NEGATION_SKIP",
    "POLARITY",
    "REPORTING",
    "TITLES",
    "TRANSPARENT",
    "BE",
    "DEEDS",
    "NOT_BETWEEN_DOER",
    "ONE_DOER",
    "ONE_DOER_OBJECTS",
    "ACTS",
    "deed",
    "lemma",
    "polarity_of",
]


def _words(words: str) -> frozenset[str]:
    return frozenset(words.split())


def _stems(words: str) -> frozenset[str]:
    return frozenset(stem(w) for w in words.split())


NUMBER_WORDS = _words(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty "
    "ninety hundred thousand million billion trillion dozen half"
)
"""Number words: handled as quantities, not as terms to cover."""
CALENDAR = _words(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday"
)
"""Month and day names: handled as dates, not as names or terms."""
EXTRA_STOPWORDS = _words(
    "non yet still already however although though whether while within among upon via thus "
    "therefore hence between across during before after since until against without through "
    "throughout toward towards behind beyond near onto per despite unless whereas whom whose "
    "ever even often"
)
"""Function words :data:`claimcheck.text.STOPWORDS` does not list."""

IRREGULAR = {
    "rose": "rise", "risen": "rise", "fell": "fall", "fallen": "fall", "grew": "grow",
    "grown": "grow", "won": "win", "lost": "lose", "saw": "see", "seen": "see", "began": "begin",
    "begun": "begin", "took": "take", "taken": "take", "went": "go", "gone": "go", "made": "make",
    "said": "say", "told": "tell", "held": "hold", "brought": "bring", "thought": "think",
    "sold": "sell", "bought": "buy", "built": "build", "sent": "send", "spent": "spend",
    "met": "meet", "led": "lead", "fought": "fight", "struck": "strike", "chose": "choose",
    "chosen": "choose", "spoke": "speak", "spoken": "speak", "wrote": "write",
    "written": "write", "flew": "fly", "flown": "fly", "shrank": "shrink", "shrunk": "shrink",
    "withdrew": "withdraw", "withdrawn": "withdraw", "forbade": "forbid", "forbidden": "forbid",
    "children": "child", "men": "man", "women": "woman", "mice": "mouse", "feet": "foot",
    "better": "good", "best": "good", "worse": "bad", "worst": "bad",
    "shown": "show", "known": "know", "knew": "know", "given": "give", "gave": "give",
    "drawn": "draw", "drew": "draw", "driven": "drive", "drove": "drive", "broken": "break",
    "broke": "break", "thrown": "throw", "threw": "throw", "hidden": "hide", "hid": "hide",
    "frozen": "freeze", "froze": "freeze", "stolen": "steal", "stole": "steal",
    "sworn": "swear", "swore": "swear", "forgotten": "forget", "forgot": "forget",
    "understood": "understand", "kept": "keep", "left": "leave", "felt": "feel",
    "found": "find", "paid": "pay", "laid": "lay", "meant": "mean", "sought": "seek",
    "taught": "teach", "caught": "catch", "fled": "flee", "bore": "bear", "borne": "bear",
    # a few synonyms that news writes interchangeably
    "reply": "respond", "replies": "respond", "replied": "respond", "replying": "respond",
    "response": "respond", "responses": "respond",
}  # fmt: skip
"""Irregular forms and their base word, so that "rose" matches "rise" (and a few synonyms:
"reply" matches "respond")."""


def lemma(low: str) -> str:
    """The base form of an irregular lower-cased word (the word itself otherwise)."""
    return IRREGULAR.get(low, low)


NEGATION_CUES = _words(
    "not no never none nobody nothing neither nor without cannot non lack lacks lacked lacking "
    "absence"
)
"""Lower-cased tokens that negate what follows (plus any token ending in ``n't``)."""
NEGATING_VERBS = _words(
    "fail fails failed failing refuse refuses refused refusing refusal decline declines "
    "declined unable"
)
"""Words that negate what follows when followed by "to" ("failed to reach")."""
TRANSPARENT = _stems(
    "evidence proof sign signs indication link association effect difference change data "
    "support reason prepared willing able ready going want intend plan yet"
)
"""Nouns a negation passes through to reach what it negates ("no evidence that ...")."""
NEGATION_SKIP = frozenset({("not", "only"), ("no", "doubt"), ("or", "not"), ("not", "just")})
"""(cue, next word) pairs that do not negate."""

# Antonym groups: (group, words with sign +1, words with sign -1). Irregular forms are listed
# because the stemmer does not lemmatise them ("rose", "fell", "won", "lost").
_GROUPS: tuple[tuple[str, str, str], ...] = (
    (
        "approve",
        "approve approval approved endorse endorsed ratify ratified accept accepted "
        "acceptance agree agreed",
        "reject rejected rejection veto vetoed refuse refused refusal disagree disagreed",
    ),
    (
        "allow",
        "allow allowed permit permitted legalise legalize authorise authorize lift lifted",
        "ban banned forbid forbade forbidden prohibit prohibited outlaw outlawed",
    ),
    (
        "amount",
        "increase increased rise rose risen grow grew grown growth gain gained raise "
        "raised high higher greater larger more bigger longer above exceed exceeded boost "
        "boosted elevated elevation upregulate upregulated upregulation enhance enhanced "
        "expand expanded",
        "decrease decreased fall fell fallen drop dropped decline declined reduce reduced "
        "reduction low lower smaller less fewer shorter below shrink shrank cut diminish "
        "diminished downregulate downregulated downregulation attenuate attenuated loss",
    ),
    (
        "promote",
        "promote promoted activate activated activation induce induced stimulate "
        "stimulated facilitate facilitated",
        "inhibit inhibited inhibition suppress suppressed suppression block blocked "
        "prevent prevented impair impaired",
    ),
    ("win", "win won wins victory beat", "lose lost loses defeat defeated"),
    ("open", "open opened reopen reopened", "close closed closure shut"),
    ("join", "join joined", "leave withdraw withdrew quit exit exited"),
    (
        "start",
        "start started begin began begun launch launched initiate initiated resume resumed",
        "stop stopped cease ceased halt halted terminate terminated discontinue discontinued",
    ),
    ("support", "support supported favour favor backed", "oppose opposed opposition"),
    ("positive", "positive", "negative"),
    ("improve", "improve improved improvement benefit beneficial", "worsen worsened harm harmful"),
    ("success", "succeed succeeded success successful", "fail failed failure unsuccessful"),
    ("strong", "strong stronger strongly", "weak weaker weakly"),
    ("legal", "legal lawful", "illegal unlawful"),
    ("true", "true correct accurate", "false incorrect inaccurate wrong"),
    ("same", "same similar identical unchanged comparable", "different differ difference altered"),
    ("safe", "safe", "unsafe dangerous"),
)

POLARITY: dict[str, tuple[str, int]] = {}
for _group, _plus, _minus in _GROUPS:
    for _word in _plus.split():
        POLARITY.setdefault(stem(_word), (_group, 1))
    for _word in _minus.split():
        POLARITY.setdefault(stem(_word), (_group, -1))
POLARITY_SKIP_BEFORE_THAN = frozenset({"more", "less", "fewer", "greater", "higher", "lower"})


def polarity_of(low: str, next_low: str) -> tuple[str, int] | None:
    """``(group, sign)`` of a lower-cased token, or ``None``.

    Comparatives in a numeric bound ("more than 2,000") carry no polarity.
    """
    if next_low == "than" and low in POLARITY_SKIP_BEFORE_THAN:
        return None
    return POLARITY.get(stem(lemma(low)))


HEDGES = _stems(
    "may might could possibly perhaps likely unlikely suggest suggests suggested appear appears "
    "seem seems potential potentially probably presumably reportedly allegedly uncertain unclear "
    "speculate hypothesize hypothesise future would will"
)
REPORTING = _stems(
    "said says say told tell stated announced declared claimed added noted according warned "
    "insisted replied responded wrote tweeted remarked argued explained confirmed denied"
)
TITLES = _words(
    "president mr mrs ms dr prof professor prime minister spokesman spokeswoman spokesperson "
    "general secretary chancellor king queen prince senator governor sir lord the of de von van "
    "press foreign defence defense operation"
)
"""Words left out of a person's or organisation's name when matching it ("Operation
UNIFIER" is not "Operation ORBITAL")."""
ALIASES = {
    "u.s": "united states", "us": "united states", "usa": "united states",
    "america": "united states", "u.s.a": "united states", "uk": "united kingdom",
    "u.k": "united kingdom", "britain": "united kingdom", "eu": "european union",
    "un": "united nations", "u.n": "united nations", "ussr": "soviet union",
    "american": "united states", "americans": "united states", "british": "united kingdom",
    "french": "france", "german": "germany", "chinese": "china", "dutch": "netherlands",
    # capitals stand for their governments in news ("Kyiv applied", "Moscow replied")
    "kyiv": "ukraine", "kiev": "ukraine", "moscow": "russia", "kremlin": "russia",
    "washington": "united states", "london": "united kingdom", "paris": "france",
    "berlin": "germany", "beijing": "china",
}  # fmt: skip
"""Spellings of the same name, lower-cased (compared after removing a trailing period)."""
NAMES_LIKE_WORDS = _words(
    # countries, regions and cities
    "belarus cyprus mauritius honduras netherlands philippines bahamas barbados comoros "
    "seychelles maldives laos wales flanders france italy sicily portugal nepal senegal "
    "bengal emirates baltics balkans caucasus donbas athens brussels paris vilnius tunis "
    "damascus caracas lagos montreal beijing nanjing chongqing provence florence "
    # given names
    "charles james thomas nicholas douglas lucas carlos marcus jens agnes frances peter "
    "walter oliver christopher jennifer luther kelly emily lawrence terence clarence "
    "constance clement"
)
"""Names that end like common words ("Belarus", "France", "Italy"): a capitalised first word
with such an ending is taken for a common word unless it is one of these."""
LIGHT = _stems(
    "use used make made show shown find found effect level result study studies report "
    "associate associated increase decrease include including cause also however new come came"
)
"""Content words so common in claims that they count less in coverage."""

DIRECTION_UP = _stems(
    "increase increases increased increasing increment higher high more greater elevated "
    "elevate elevation enhance enhanced enhances enhancement promote promotes promoted promoting "
    "induce induces induced induction stimulate "
    "stimulates stimulated upregulate upregulated upregulation accelerate accelerated augment "
    "augmented boost boosted raise raised rise rose risen rising gain gained exacerbate "
    "exacerbated worsen worsened encourage encouraged amplify amplified excess larger largest "
    "overestimate overestimates prolong prolonged extend extended longer faster "
    "exceed exceeded above facilitate facilitated trigger triggered grow grew growth expand "
    "expanded strengthen strengthened intensify intensified double doubled triple tripled"
)
"""Words saying something gets more (stems)."""
DIRECTION_DOWN = _stems(
    "decrease decreases decreased decreasing lower lowered low less fewer reduce reduces reduced "
    "reducing reduction inhibit inhibits inhibited inhibition suppress suppressed suppression "
    "prevent prevents prevented prevention impair impaired impairment block blocked blockade "
    "attenuate attenuated diminish diminished delay delayed decline declined drop dropped loss "
    "deficiency deficient downregulate downregulated downregulation slow slowed abrogate "
    "abrogated abolish abolished protect protects protected protective protection smaller "
    "shorter underestimate underestimates shorten shortened below limit limited "
    "alleviate alleviated mitigate mitigated ameliorate ameliorated depletion depleted "
    "knockdown disrupt disrupted fall fell fallen shrink shrank shrunk cut halve halved weaken "
    "weakened"
)
"""Words saying something gets less (stems)."""
NULL_WORDS = _stems(
    "independent unaffected unchanged unrelated insignificant ineffective irrelevant inconclusive"
)
"""Words that deny an effect, a difference or an association."""
RELATION_WORDS = _stems(
    "effect effects affect affects affected alter altered change changed changes differ "
    "differed difference differences associate associated association correlate correlated "
    "correlation impact influence influenced relate related relationship link linked "
    "significant significantly cause causes caused contribute contributes predict predicts "
    "improve improved benefit"
)
"""Words that state a relation; negated, they make a text null ("did not affect")."""
QUALIFIERS = _words(
    "first second third fourth fifth last largest biggest highest lowest longest shortest "
    "smallest oldest youngest newest earliest latest fastest slowest"
)
"""Ordinal and superlative words (lower-cased): a claim with one says more than a sentence
without it can confirm ("the first state visit")."""

_DEED_GROUPS = (
    "join joins joined joining member accede accedes acceded acceding",
    "invade invades invaded invading invasion",
    "suspend suspends suspended suspending suspension",
    "publish publishes published publishing publication",
    "adopt adopts adopted adopting adoption",
)
DEEDS: dict[str, str] = {
    stem(lemma(w)): stem(group.split()[0]) for group in _DEED_GROUPS for w in group.split()
}
"""Stems of words that name one deed in other words ("joined NATO", "became a member of
NATO", "acceded to NATO"), to the stem that stands for the deed. "Accession" is left out
(its stem is the one of "access"), and so are "membership" and "members" ("applied for
membership" is not joining; "NATO members agreed" is not about joining)."""


def deed(stem_: str) -> str:
    """The deed a stem names (:data:`DEEDS`), or the stem itself."""
    return DEEDS.get(stem_, stem_)


ONE_DOER = _stems(
    "annex annexed annexation assassinate assassinated assassination invent invented "
    "build built found founded establish established create created launch launched "
    "adopt adopted publish published suspend suspended"
)
"""Deeds only one can do to a named thing ("annexed Crimea", "invented the telephone",
"adopted resolution 68/262", "suspended Operation ORBITAL"): another name doing one to
the claim's thing says that the claim's doer did not. Those that many do to the same thing
("joined NATO", "invaded Ukraine", "signed the treaty", "visited Kyiv") are not here; nor
are those of both kinds ("declared war" and "declared martial law", "opened"), nor deeds
of saying, which are said in many ways ("announced his readiness" is "said he was
ready")."""
ONE_DOER_OBJECTS: dict[str, tuple[str, ...]] = {
    stem("declare"): ("martial law", "a state of emergency", "independence"),
}
"""Deeds only one does when done with these words right after them (by the deed's stem):
one government declares martial law in a country, but several may declare war on one."""
ACTS = _stems(
    "launch launched sign signed adopt adopted invade invaded attack attacked start started "
    "found founded establish established create created build built win won lose lost "
    "elect elected appoint appointed sanction sanctioned approve approved veto vetoed "
    "ratify ratified recognise recognised recognize recognized withdraw withdrew deploy "
    "deployed arrest arrested kill killed bomb bombed shoot shot capture captured occupy "
    "occupied sell sold buy bought acquire acquired pass passed impose imposed ban banned "
    "order ordered host hosted lead led train trained declare declared meet met visit visited "
    "publish published"
) | frozenset(DEEDS) | ONE_DOER
"""Deeds done by someone in particular ("launched", "signed", "invaded"): a sentence must
say the deed to confirm who did it. Other past forms in claims are often no deeds ("EAM
induced with …", "the respected journal") or are said in many ways ("concluded")."""
BE = _words("is are was were be been being")
"""Forms of "be": before a participle they make it passive ("was annexed by Russia")."""
NOT_BETWEEN_DOER = _words(
    "of in for to with from by against on at into over about under that which who whom whose "
    "where when while and or but as than after before since if because although though whereas"
)
"""Words that cannot stand between a doer and its deed ("support for Ukraine",
"a war that Russia began"): a name before one of them is not the deed's doer."""
