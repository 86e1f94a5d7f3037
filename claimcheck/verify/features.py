"""Features of one (claim, evidence sentence) pair, under stable names a stance model reads.

:data:`FEATURE_NAMES` fixes the names and their order (:meth:`Features.vector`): a learned model
trained on these vectors keeps working as long as names are only ever added at the end. Every
value is a float, most in [0, 1]. Besides the values, :class:`Features` carries
:class:`Finding` records (which number, date, name or word matched or clashed) that the
aggregation step turns into a rationale.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..models import ClaimKind, Passage
from ..quantities import Quantity, QuantityKind, Relation, compare, identifier_like, overstates
from . import lexicon
from .analysis import Entity, Sketch, TextInfo, Token, analyse, name_key, sketch
from .direction import DIRECTION_FEATURES, compare_directions
from .idf import IdfTable, shipped_idf

__all__ = [
    "FEATURE_NAMES",
    "ClaimView",
    "Features",
    "Finding",
    "claim_view",
    "features",
    "term_coverage",
]

RELATIVE_FEATURES: tuple[str, ...] = (
    "best_gap",  # IDF-weighted coverage of the claim's best candidate minus this one's
    "best_rank",  # 1 / (1 + place of this candidate among the claim's by that coverage)
    "doc_gap",  # best coverage among the candidates of the same document minus this one's
    "doc_behind",  # best coverage of any candidate minus the best of this one's document
)
"""Features of a sentence relative to the other candidates of its claim (set by
:func:`relate`; a pair scored alone is its claim's only candidate)."""

FEATURE_NAMES: tuple[str, ...] = (
    "coverage",  # weighted share of the claim's content terms found in the sentence
    "coverage_exact",  # unweighted share found with the exact stem
    "bigram_coverage",  # share of the claim's adjacent term pairs found close together
    "precision",  # share of the sentence's content terms that are claim terms
    "entity_claim",  # the claim names someone or something (0/1)
    "entity_coverage",  # share of the claim's names the sentence mentions (1 when none)
    "entity_substitution",  # another name stands where the claim's name stood (0/1)
    "entity_foreign",  # share of the sentence's names the claim does not mention
    "qty_claim",  # the claim states a quantity (0/1)
    "qty_agree",  # share of the claim's quantities that a sentence quantity agrees with
    "qty_clash",  # share that clash (none agreeing), both with a unit or counted noun
    "qty_clash_weak",  # share that clash where a bare number is involved
    "qty_missing",  # share with no comparable quantity in the sentence
    "direction_clash",  # a claimed change goes the other way in the sentence (0/1)
    "date_claim",  # the claim states a year or date (0/1)
    "date_agree",
    "date_clash",
    "date_missing",
    "negation_claim",  # the claim negates one of the terms the sentence shares
    "negation_sentence",  # the sentence negates one of the claim's terms
    "negation_mismatch",  # exactly one of the two negates (0/1)
    "antonym_mismatch",  # the sentence uses an opposite of a claim word, not the word (0/1)
    "polarity_flip",  # negation_mismatch XOR antonym_mismatch (0/1)
    "hedge_claim",  # the claim hedges ("may", "suggests") (0/1)
    "hedge_sentence",
    "attribution",  # the claim is reported speech (0/1)
    "speaker_sentence",  # the sentence names the claim's speaker (0/1; 0 for facts)
    "speaker_passage",  # the passage or its title names the speaker (0/1; 0 for facts)
    "reporting_sentence",  # the sentence has a verb of saying (0/1)
    "retrieval_score",  # fused retrieval score of the passage, in [0, 1]
    "retrieval_rank",  # 1 / (1 + rank of the passage among those retrieved)
    "pair",  # the evidence is two adjacent sentences (0/1)
    "length_ratio",  # sentence length relative to the claim, capped at 1 (3x the claim)
    "key_term_missing",  # a word the claim negates, or a direction word of it, is not covered
    "date_context_agree",  # share of the claim's dates missing here but agreeing elsewhere in
    # the same document's retrieved passages or its title (the date of the event reported)
    "heading",  # the evidence looks like a heading or label, not a statement (0/1)
    "local_coverage",  # coverage of the claim terms near its quantities and dates (0 if none)
    *DIRECTION_FEATURES,  # which way each text says things go (see verify.direction)
    "coverage_idf",  # share of the claim's terms covered, each weighted by its IDF
    "idf_missing_max",  # scaled IDF of the rarest claim term the sentence misses (0 if none)
    "idf_missing_sum",  # summed scaled IDF of the missed claim terms, /3, capped at 1
    "title_coverage_idf",  # IDF-weighted share of the claim's terms in the passage's title
    "local_event_coverage",  # coverage of the non-name words near the claim's quantities and
    # dates (what happened then: "opened", "signed a decree"); 1 when there are none
    "qualifier_missing",  # the claim says "first", "largest", "last" … and the sentence does not
    "negated_missing",  # a word the claim negates ("not a member") is not covered (0/1)
    *RELATIVE_FEATURES,  # how the sentence compares with the claim's other candidates
    "deed_other",  # another name does the claim's deed to the same name (0/1; round 8)
    "deed_taken",  # … and the deed is one only one can do ("annexed Crimea"; 0/1; round 8)
    "deed_unsaid",  # the claim says who did what to whom and the sentence does not say the
    # deed, in the claim's words or others of lexicon.DEEDS (0/1; round 11)
    "deed_unnamed",  # … or names neither in it nor in its passage's title the claim's doer
    # or the name the deed is done to (0/1; round 11)
    "coverage_idf_plain",  # coverage_idf without the credit an antonym gives its claim word
    # (round 13; read by the backing rule only)
    "qty_overstated",  # a claim bound goes past the sentence's bound the same way ("more
    # than 80,000" for "more than 22,000"; 0/1; session 11; read by the backing rule only)
    "date_elsewhere",  # the claim's dates are all missing here and the sentence dates
    # something else at another time ("built between 1887 and 1889" for "completed in
    # 1901"; 0/1; session 11; read by the backing rule only)
    "deed_coverage",  # coverage with the claim's doer counted as covered: what a sentence
    # where another name does the claim's deed covers besides the name it replaces (session
    # 12; read by the rules of deed_taken only)
)


@dataclass(frozen=True, slots=True)
class Finding:
    """Something the rationale can name: what matched or clashed, in both texts' words.

    ``kind`` is ``quantity``, ``date``, ``negation``, ``antonym`` or ``entity``; ``relation``
    is ``agree`` or ``clash``. For numbers and dates, ``comparable`` is false when the evidence
    number is an identifier ("Article 5", "phase 3") rather than an amount, and ``on_subject``
    is false when the words around the evidence number miss the rarest word around the
    claim's ("land border of 1,340 km" for "900 km of sea border"): the two numbers may
    measure different things. Neither changes a feature value; the rationale and the choice
    of the deciding evidence read them.
    """

    kind: str
    relation: str
    claim: str
    evidence: str
    comparable: bool = True
    on_subject: bool = True
    precise: bool = False
    """The evidence states its number without an approximator or a bound ("1,974.04 km",
    not "just under 2,000 km")."""
    close: bool = False
    """For ``agree``: the two also agree by the strict comparison a rationale may call
    consistent ("about 2,300 km" agrees with "1,974 km" within the features' 15 % slack,
    not strictly)."""


@dataclass(frozen=True, slots=True)
class Features:
    """Feature values of one (claim, evidence) pair and the findings behind them."""

    values: dict[str, float]
    findings: tuple[Finding, ...]

    def vector(self) -> list[float]:
        """The values in :data:`FEATURE_NAMES` order."""
        return [self.values[name] for name in FEATURE_NAMES]


@dataclass(frozen=True, slots=True)
class ClaimView:
    """A claim prepared for scoring: its analysis, term weights and speaker."""

    info: TextInfo
    weights: dict[str, float]
    """Stem of each content term -> weight (names count more, very common words less)."""
    total: float
    bigrams: tuple[tuple[str, str], ...]
    attribution: bool
    speaker: Entity | None
    names: dict[str, Entity]
    """Stem of each name token -> the name it belongs to."""
    key_terms: tuple[int, ...]
    """Token indices of the words the claim negates and of its direction words."""
    local: frozenset[str]
    """Stems of content terms within six tokens of a quantity or date of the claim: what the
    number is about, in a long claim ("Russia annexed Crimea in 2015 after ...")."""
    rarity: dict[str, float]
    """Stem of each content term -> its IDF scaled to (0, 1] (see :mod:`.idf`)."""
    local_events: frozenset[str] = frozenset()
    """The non-name terms of :attr:`local`: what happened at the claim's date or amount. A
    sentence naming the same people at another date may be about another event."""
    qualifiers: frozenset[str] = frozenset()
    """Stems of ordinal and superlative words of the claim ("first", "largest"): a sentence
    that does not say them cannot confirm them."""
    deeds: frozenset[str] = frozenset()
    """Stems of the claim's words that name a deed other words may name too ("joined": a
    sentence's "became a member" says it; :data:`lexicon.DEEDS`), unless the word is only
    intended ("applied to join") or negated."""
    deed: tuple[Entity, int, Entity] | None = None
    """Who does what to whom, when the claim says it as "<name> <deed> <name>" (the doer,
    the deed's token index, the name it is done to; :func:`_claim_deed`)."""


_DETERMINERS = frozenset("the its his her their our my your whose this that".split())


def _qualifiers(info: TextInfo) -> frozenset[str]:
    """Stems of the ordinals and superlatives that qualify a noun ("the first state visit",
    "Europe's largest"), not adverbs ("troops first leave")."""
    toks = info.tokens
    return frozenset(
        t.stem
        for i, t in enumerate(toks)
        if t.low in lexicon.QUALIFIERS
        and i > 0
        and (toks[i - 1].low in _DETERMINERS or toks[i - 1].low.endswith("'s"))
    )


def claim_view(
    text: str,
    *,
    kind: ClaimKind = ClaimKind.FACT,
    speaker: str | None = None,
    idf: Mapping[str, float] | None = None,
    rarity: IdfTable | None = None,
) -> ClaimView:
    """Analyse the checkable text of a claim and weigh its terms.

    Args:
        text: what to check (for attributions, the reported content).
        kind: fact or attribution.
        speaker: who is reported to have said it.
        idf: optional inverse document frequencies by stem (e.g. from the store); unknown stems
            get the largest value. It sets the coverage weights (without it, names weigh 1.6,
            common words 0.5, others 1) and, unless ``rarity`` is given, the rarity of terms.
        rarity: the IDF table behind the rarity features (default: ``idf`` if given, else the
            shipped table of :func:`~claimcheck.verify.idf.shipped_idf`).
    """
    table = rarity or (IdfTable.from_mapping(idf) if idf else None)
    info = analyse(text)
    top = max(idf.values(), default=1.0) if idf else 1.0
    weights: dict[str, float] = {}
    for tok in info.tokens:
        if not tok.content or tok.stem in weights:
            continue
        if idf:
            weight = idf.get(tok.stem, top) / top
        else:
            weight = 0.5 if tok.stem in lexicon.LIGHT else 0.7 if len(tok.stem) <= 3 else 1.0
        weights[tok.stem] = weight * (1.6 if tok.name else 1.0)
    for head in info.heads:  # what a claim denies is its point: it must be covered
        if info.tokens[head].stem in weights:
            weights[info.tokens[head].stem] *= 1.5
    content = [info.tokens[i].stem for i in range(len(info.tokens)) if info.tokens[i].content]
    bigrams = tuple(zip(content, content[1:], strict=False))
    speaker_entity = None
    if speaker and speaker.strip():
        said_by = analyse(speaker.strip())
        speaker_keys = frozenset[str]().union(*(e.keys for e in said_by.entities)) or frozenset(
            name_key(t.low) for t in said_by.tokens if t.content and t.low not in lexicon.TITLES
        )
        places = frozenset(lexicon.ALIASES.values())
        speaker_keys = speaker_keys - places or speaker_keys  # "U.S. President Joe Biden"
        if speaker_keys:
            speaker_entity = Entity(speaker.strip(), 0, 0, speaker_keys)
    names = {
        tok.stem: Entity(tok.text, i, i, frozenset({name_key(tok.low)}))
        for i, tok in enumerate(info.tokens)
        if tok.name and tok.content
    }
    key_terms = {h for h in info.heads if info.tokens[h].content}
    near_numbers = [(q.start - 16, q.end) for q in info.quantities]
    key_terms |= {
        i
        for i, _, _ in info.polarity
        if info.tokens[i].stem in weights
        and not any(a <= info.tokens[i].start < b for a, b in near_numbers)
    }  # "reduced to five minutes": the quantity comparison judges that
    local: set[str] = set()
    events: set[str] = set()
    for q in info.quantities:
        inside = [i for i, t in enumerate(info.tokens) if q.start <= t.start < q.end]
        if inside:
            lo, hi = max(inside[0] - 6, 0), min(inside[-1] + 7, len(info.tokens))
            window = [t for t in info.tokens[lo:hi] if t.content and t.stem in weights]
            local |= {t.stem for t in window}
            events |= {t.stem for t in window if not t.name and t.low not in lexicon.TITLES}
    rarity_table = table or shipped_idf()
    scaled = (
        {s: rarity_table.scaled(s) for s in weights}
        if rarity_table is not None
        else {s: w / 1.6 for s, w in weights.items()}
    )
    return ClaimView(
        local_events=frozenset(events),
        qualifiers=_qualifiers(info),
        rarity=scaled,
        local=frozenset(local),
        key_terms=tuple(sorted(key_terms)),
        names=names,
        info=info,
        weights=weights,
        total=sum(weights.values()) or 1.0,
        bigrams=bigrams,
        attribution=kind == ClaimKind.ATTRIBUTION,
        speaker=speaker_entity,
        deed=_claim_deed(info),
        deeds=frozenset(
            t.stem for i, t in enumerate(info.tokens)
            if t.stem in lexicon.DEEDS and i not in info.negated
            and not (i > 0 and info.tokens[i - 1].low == "to")
        ),
    )


def _credit(view: ClaimView, stem: str, sent: TextInfo | Sketch, opposite: set[str]) -> float:
    if stem in sent.stems:
        return 1.0
    if stem in opposite:
        return 1.0  # "rejected" covers "approved": the clash is judged by the antonym feature
    entity = view.names.get(stem)
    if entity is not None and sent.mentions(entity):
        return 1.0  # "US" is named as "the United States"
    if len(stem) >= 5 and stem[:5] in sent.prefixes:
        return 0.7
    if stem in view.deeds and any(
        lexicon.DEEDS.get(s) == lexicon.DEEDS[stem] for s in sent.stems
    ):
        return 1.0  # "became the 32nd member" says "joined" in other words
    return 0.0


def _opposites(view: ClaimView, sent: TextInfo | Sketch) -> list[tuple[int, int]]:
    """(claim token, sentence token) pairs where the sentence has an antonym of a claim word
    and not the word's own polarity."""
    if not view.info.polarity or not sent.polarity:
        return []
    sent_groups: dict[str, dict[int, int]] = {}
    for index, group, sign in sent.polarity:
        sent_groups.setdefault(group, {}).setdefault(sign, index)
    pairs = []
    for index, group, sign in view.info.polarity:
        signs = sent_groups.get(group)
        if signs and -sign in signs and sign not in signs:
            pairs.append((index, signs[-sign]))
    return pairs


def _doers(info: TextInfo, index: int) -> list[Entity]:
    """The names just before token ``index`` (within three tokens): who does that word."""
    return [e for e in info.entities if 0 < index - e.last <= 3]


def _other_doer(claim: TextInfo, i: int, sent: TextInfo, j: int) -> bool:
    """Whether the sentence's antonym is done by someone else than the claim's word: the
    claim names who does its word and the names just before the sentence's antonym are all
    names the claim does not have ("… for Putin to withdraw from Ukraine" says nothing
    against "Ukraine applied to join NATO")."""
    theirs = _doers(sent, j)
    return (
        bool(theirs)
        and bool(_doers(claim, i))
        and not any(claim.mentions(e) for e in theirs)
    )


def _same_name(a: Entity, b: Entity) -> bool:
    """Whether two names name the same one ("Putin", "Vladimir Putin"), not two that only
    share a word (:func:`_namesake`)."""
    if _namesake(a, b):
        return False
    return bool(a.keys & b.keys) or sketch(a.text).mentions(b) or sketch(b.text).mentions(a)


def _key_matches(key: str, other: str) -> bool:
    """Whether two name words match: equal, or the same first five letters ("Russia",
    "Russian"); a word of several ("united states") matches itself only."""
    if key == other:
        return True
    if " " in key or " " in other:
        return False
    return len(key) >= 5 and len(other) >= 5 and key[:5] == other[:5]


def _own_keys(a: Entity, b: Entity) -> set[str]:
    """The words of name ``a`` that no word of name ``b`` matches."""
    return {k for k in a.keys if not any(_key_matches(k, o) for o in b.keys)}


def _namesake(a: Entity, b: Entity) -> bool:
    """Whether two names share a word and each has a word of its own: two names, not one
    ("Operation ORBITAL" and "Operation UNIFIER", "UN Security Council" and "UN General
    Assembly", "Joe Biden" and "Hunter Biden", "North Korea" and "South Korea"). "Putin" and
    "Russian President Vladimir Putin" are one: the first has no word of its own."""
    if len(_own_keys(a, b)) == len(a.keys):
        return False  # no word in common
    return bool(_own_keys(a, b)) and bool(_own_keys(b, a))


def _hyphened(info: TextInfo, index: int) -> bool:
    """Whether token ``index`` is joined to the next by a hyphen ("AMP-activated")."""
    toks = info.tokens
    return index + 1 < len(toks) and "-" in info.text[toks[index].end : toks[index + 1].start]


def _deed_doers(info: TextInfo, index: int) -> list[Entity]:
    """Who does the deed named by token ``index``, as far as word order tells: the name
    after "by" ("was annexed by Russia", "the annexation of Crimea by Russia"), else the name
    (with the names joined to it by "and") standing at most four tokens before it in the same
    clause with no preposition or clause word between ("Russia annexed", "Russia's
    annexation", "Finland became the 31st member"); none for a passive without "by"."""
    toks, text = info.tokens, info.text

    def broken(i: int) -> bool:  # a clause break between tokens i and i + 1
        return bool(_CLAUSE_BREAK & set(text[toks[i].end : toks[i + 1].start]))

    for k in range(index + 1, min(index + 5, len(toks) - 1)):
        if broken(k - 1):
            break
        if toks[k].low == "by":
            after = next((e for e in info.entities if e.first in (k + 1, k + 2)), None)
            if after is not None and (after.first == k + 1 or toks[k + 1].low == "the"):
                return [after]
            break
    before = [e for e in info.entities if 0 < index - e.last <= 4]
    if not before:
        return []
    doer = before[-1]
    if _hyphened(info, doer.last) and (
        doer.last != index - 1 or toks[index].stem not in lexicon.ACTS
    ):
        return []  # "IL-17-induced inflammation", "Fas-associated": a compound ("the
        # Russian-built Zarya" names its builder: a deed of lexicon.ACTS)
    between = range(doer.last + 1, index)
    if any(broken(i) for i in range(doer.last, index)) or any(
        toks[i].low in lexicon.NOT_BETWEEN_DOER or toks[i].low in lexicon.BE for i in between
    ):
        return []  # "support for Ukraine"; "Crimea was annexed": the name is not the doer
    doers = [doer]
    for e in reversed(info.entities):  # "Finland and Sweden applied"
        if e.last == doers[-1].first - 2 and (
            toks[e.last + 1].low == "and" or "," in text[toks[e.last].end : toks[e.last + 1].start]
        ):
            doers.append(e)
    return doers


_NOT_PAST = frozenset(
    "children men women mice feet better best worse worst reply replies response responses".split()
)


def _deed_word(tok: Token) -> bool:
    """Whether a claim word reads as a deed done (a verb in the past, or a word of
    :data:`lexicon.DEEDS` or :data:`lexicon.ONE_DOER` other than "member"), not a noun
    ("High levels of CRP", "Guanine nucleotide exchange factors")."""
    if tok.low.endswith("ed") or (tok.low in lexicon.IRREGULAR and tok.low not in _NOT_PAST):
        return True
    return tok.low != "member" and (tok.stem in lexicon.DEEDS or tok.stem in lexicon.ONE_DOER)


_PRONOUNS = frozenset("it he she they".split())


def _pronoun_doers(info: TextInfo, index: int) -> list[Entity]:
    """The doer of the deed at ``index`` when a pronoun does it ("Sweden's accession took
    longer; it became the 32nd member"): the first name of the pronoun's sentence, which
    is most often what the sentence is about; none if that name comes after the pronoun."""
    toks, text = info.tokens, info.text
    pronoun = None
    for i in range(index - 1, max(index - 5, -1), -1):
        if toks[i].low in _PRONOUNS:
            pronoun = i
            break
        if toks[i].name or toks[i].low in lexicon.NOT_BETWEEN_DOER:
            return []
    if pronoun is None:
        return []
    start = pronoun
    while start > 0 and not any(c in text[toks[start - 1].end : toks[start].start] for c in ".!?"):
        start -= 1
    first = next((e for e in info.entities if e.first >= start), None)
    return [first] if first is not None and first.last < pronoun else []


_BECOME = frozenset("become becomes became becoming".split())
_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)")


def _claim_deed(info: TextInfo) -> tuple[Entity, int, Entity] | None:
    """The claim's doer, deed and the name the deed is done to, when the claim states them
    as "<name> <deed> <name>" ("Ukraine annexed Crimea", "Sweden joined NATO", "Crimea was
    annexed by Russia"; up to two auxiliaries or adverbs before the deed)."""
    toks = info.tokens
    for ent in info.entities:
        k = ent.last + 1
        if k < len(toks) and _hyphened(info, ent.last):
            continue  # "AMP-activated protein kinase": a compound, not a deed
        while (
            k < len(toks) and k - ent.last <= 2 and not toks[k].name
            and (not toks[k].content or toks[k].low.endswith("ly"))
            and toks[k].low not in lexicon.NOT_BETWEEN_DOER
        ):  # fmt: skip
            k += 1
        became = k < len(toks) and toks[k].low in _BECOME
        owner: Entity | None = None
        if became:  # "Finland became the 31st member of NATO": the deed is the noun
            k += 1
            while k < len(toks) and k - ent.last <= 5:
                if toks[k].name and owner is None:  # "NATO's", "the Varn Pact's"
                    owner = next((e for e in info.entities if e.first == k), None)
                    if owner is None or not toks[owner.last].low.endswith(("'s", "’s")):
                        owner = None
                        break
                    k = owner.last
                elif not (
                    not toks[k].content or toks[k].low in lexicon.QUALIFIERS
                    or _ORDINAL.fullmatch(toks[k].low) is not None
                ):  # fmt: skip
                    break
                k += 1
        if k >= len(toks) or not toks[k].content or toks[k].name:
            continue
        if not (_deed_word(toks[k]) or (became and toks[k].stem in lexicon.DEEDS)):
            continue
        if owner is not None:  # "Finland became NATO's 32nd member"
            return ent, k, owner
        after = next((e for e in info.entities if 0 < e.first - k <= 4), None)
        if any(toks[i].low in lexicon.BE for i in range(ent.last + 1, k)):  # passive
            doers = _deed_doers(info, k)
            if doers and doers[0] is not ent:
                return doers[0], k, ent
            continue
        if after is not None:
            return ent, k, after
        thing = (  # a deed only one does, done (in the past) to a thing no name names
            _object_words(info, k)
            if lexicon.deed(toks[k].stem) in lexicon.ONE_DOER and _past(toks[k]) else None
        )  # fmt: skip
        if thing is not None:  # "the Russian foreign ministry published the draft treaties"
            return ent, k, thing
    return None


def _past(tok: Token) -> bool:
    """Whether a word reads as a verb in the past ("published", "built")."""
    return tok.low.endswith("ed") or (tok.low in lexicon.IRREGULAR and tok.low not in _NOT_PAST)


_ARTICLES = frozenset("the a an its their his her".split())


def _object_words(info: TextInfo, index: int) -> Entity | None:
    """The words the deed at ``index`` is done to when they name nothing ("published the
    draft treaties" -> "draft treaties"): up to three content words after an article, up to
    the first word that is no plain content word (a preposition, a name, a number)."""
    toks = info.tokens
    k = index + 1
    if k < len(toks) and toks[k].low in _ARTICLES:
        k += 1
    words: list[int] = []
    while k < len(toks) and len(words) < 3 and toks[k].content and not toks[k].name:
        if toks[k].low in lexicon.NOT_BETWEEN_DOER:
            break
        words.append(k)
        k += 1
    if not words:
        return None
    text = info.text[toks[words[0]].start : toks[words[-1]].end]
    return Entity(text, words[0], words[-1], frozenset(toks[i].low for i in words))


def _clause_span(info: TextInfo, index: int) -> tuple[int, int]:
    """Character offsets of the clause around token ``index`` (up to a comma, semicolon,
    colon, bracket, dash or the end of a sentence)."""
    toks, text = info.tokens, info.text

    def broken(i: int) -> bool:  # a clause or sentence break between tokens i and i + 1
        gap = text[toks[i].end : toks[i + 1].start]
        return bool(_CLAUSE_BREAK & set(gap)) or any(c in gap for c in ".!?")

    lo = index
    while lo > 0 and not broken(lo - 1):
        lo -= 1
    hi = index
    while hi + 1 < len(toks) and not broken(hi):
        hi += 1
    return toks[lo].start, toks[hi].end


def _deed_by_other(
    view: ClaimView, sent: TextInfo
) -> tuple[Finding | None, list[tuple[int, int]]]:
    """Another name doing the claim's deed to the same name: "After Russia's annexation of
    Crimea in 2014" or "Russia annexed Crimea" for "Ukraine annexed Crimea in 2014";
    "Finland became the 31st member of NATO" for "Sweden joined NATO" (the deed in other
    words, :data:`~claimcheck.verify.lexicon.DEEDS`). Such a sentence says who did it, and
    it was not the claim's doer: it cannot back the claim, whatever else it shares with it.
    Returns the finding (none when the text also has the claim's doer doing the deed, by
    name or by a pronoun: "Sweden's accession took longer; it became the 32nd member") and
    the clauses where another name does the deed: their dates date that doer's deed."""
    found = view.deed
    if found is None:
        return None, []
    doer, index, target = found
    want = lexicon.deed(view.info.tokens[index].stem)
    other: Entity | None = None
    done_by_claims = False
    spans: list[tuple[int, int]] = []
    for j, tok in enumerate(sent.tokens):
        if not tok.content or tok.name or lexicon.deed(tok.stem) != want or j in sent.negated:
            continue
        if j > 0 and sent.tokens[j - 1].low == "to":
            continue  # "applied to join": intended, not done
        doers = _deed_doers(sent, j) or _pronoun_doers(sent, j)
        if not doers:
            continue
        if any(_same_name(d, doer) for d in doers):
            done_by_claims = True
            continue
        near = any(  # the claim's thing named within six tokens (a name opening the
            # sentence may not be taken for one: "Vess was annexed by …")
            name_key(t.low) in target.keys for t in sent.tokens[max(j - 6, 0) : j + 7]
        ) or any(abs(e.first - j) <= 6 and _same_name(e, target) for e in sent.entities)
        # or no thing named after the deed: the claim's, left implied ("it became the 32nd
        # member"); another thing named there is another deed ("Ostria annexed Kamm")
        clause = _clause_span(sent, j)
        implied = not any(
            0 < e.first - j <= 4 and sent.tokens[e.first].start < clause[1] for e in sent.entities
        )
        if (near or implied) and not any(d.keys & target.keys for d in doers):
            # the doer is the claim's thing itself only by its own words: "Ukrainian
            # President Volodymyr Zelensky" is not "Ukraine" (a loose match would say so)
            spans.append(clause)
            other = other or doers[0]
    if other is None or done_by_claims:
        return None, spans
    name = other.text[:-2] if other.text.endswith(("'s", "’s")) else other.text
    return Finding("doer", "clash", doer.text, name), spans


def _one_doer(view: ClaimView, sent: TextInfo) -> bool:
    """Whether only one can do the claim's deed to its thing: a deed of
    :data:`~claimcheck.verify.lexicon.ONE_DOER` ("annexed Crimea"), or a place in an order
    that the sentence gives as well ("became NATO's 32nd member": there is one 32nd member;
    "the 31st member" is another place), or a deed that is one only with some things done
    (:data:`~claimcheck.verify.lexicon.ONE_DOER_OBJECTS`: "declared martial law", not
    "declared war")."""
    if view.deed is None:
        return False
    toks, index = view.info.tokens, view.deed[1]
    if lexicon.deed(toks[index].stem) in lexicon.ONE_DOER:
        return True
    after = " ".join(t.low for t in toks[index + 1 : index + 4])
    if any(
        after.startswith(words) and words in sent.text.lower()
        for words in lexicon.ONE_DOER_OBJECTS.get(toks[index].stem, ())
    ):
        return True  # "declared martial law" (in both): one government declares it
    return any(
        (_ORDINAL.fullmatch(toks[i].low) is not None or toks[i].low in _ORDINAL_WORDS)
        and toks[i].low in sent.lows
        for i in range(max(index - 2, 0), index)
    )


_ORDINAL_WORDS = frozenset("first second third fourth fifth last".split())


def _deed_said(view: ClaimView, sent: TextInfo) -> bool:
    """Whether the sentence says the claim's deed (:attr:`ClaimView.deed`), in the claim's
    word or another of :data:`~claimcheck.verify.lexicon.DEEDS` ("became the 32nd member"
    says "joined"), not negated and not only intended ("applied to join"). A sentence that
    does not say it cannot confirm who did it: "Russian forces crossed into Ukraine from
    Belarus" does not say that Belarus invaded Ukraine. Only deeds of
    :data:`~claimcheck.verify.lexicon.ACTS` need saying; what someone said is left to the
    attribution features."""
    if view.deed is None or view.info.tokens[view.deed[1]].stem not in lexicon.ACTS:
        return True
    want = lexicon.deed(view.info.tokens[view.deed[1]].stem)
    return any(
        tok.content and not tok.name and lexicon.deed(tok.stem) == want
        and j not in sent.negated and not (j > 0 and sent.tokens[j - 1].low == "to")
        for j, tok in enumerate(sent.tokens)
    )  # fmt: skip


def _deed_unnamed(view: ClaimView, sent: TextInfo, passage: Passage | None) -> bool:
    """Whether the claim says who did a deed of :data:`~claimcheck.verify.lexicon.ACTS` and
    the sentence names the doer or the name the deed is done to neither itself nor in its
    passage's title: "Canada announced the mission …; the mission was launched …" in a
    document about Operation UNIFIER does not say that Canada launched Operation ORBITAL."""
    if view.deed is None or view.info.tokens[view.deed[1]].stem not in lexicon.ACTS:
        return False
    title = sketch(passage.title) if passage is not None and passage.title else None
    return not all(
        sent.mentions(e) or (title is not None and title.mentions(e))
        for e in (view.deed[0], view.deed[2])
    )


def term_coverage(view: ClaimView, sent: Sketch) -> float:
    """Weighted share of the claim's content terms the sentence covers (cheap; for ranking)."""
    opposite = {view.info.tokens[i].stem for i, _ in _opposites(view, sent)}
    got = sum(w * _credit(view, s, sent, opposite) for s, w in view.weights.items())
    return got / view.total


def _window(info: TextInfo, index: int) -> str:
    """The token at ``index`` with the two words before it ("is a member")."""
    first = max(index - 2, 0)
    return info.text[info.tokens[first].start : info.tokens[index].end]


_PRO_VERBS = frozenset({"do", "does", "did", "done", "doing"})


def _negated_ellipsis(info: TextInfo) -> bool:
    """A negated pro-verb phrase ("has not done so", "did not do so"): the sentence negates
    an act it named before, which a claim may name directly."""
    toks = info.tokens
    for cue in info.cues:
        window = [t.low for t in toks[cue + 1 : cue + 4]]
        for a, b in zip(window, window[1:], strict=False):
            if a in _PRO_VERBS and b == "so":
                return True
    return False


def _negation(
    view: ClaimView, sent: TextInfo, matched: set[str]
) -> tuple[bool, bool, Finding | None]:
    # a side negates the claim's point when the head word of one of its negations is a claim
    # term covered by the other side (or a word of an antonym group the claim uses)
    claim_neg = [i for i in view.info.heads if view.info.tokens[i].stem in matched]
    groups = {group for _, group, _ in view.info.polarity}
    polar = {i for i, group, _ in sent.polarity if group in groups}
    deeds = {lexicon.deed(s) for s in view.deeds}  # "is not a member" denies "joined"
    sent_neg = [i for i in sent.heads if sent.tokens[i].stem in view.weights or i in polar
                or lexicon.deed(sent.tokens[i].stem) in deeds]  # fmt: skip
    if claim_neg and not sent_neg and _negated_ellipsis(sent):
        sent_neg = list(sent.cues)  # "… had not done so yet": negates the same act
    finding = None
    if bool(claim_neg) != bool(sent_neg):
        if sent_neg:
            first = min(sent_neg)
            cue = max(c for c in sent.cues if c < first)
            ev = sent.text[sent.tokens[cue].start : sent.tokens[first].end]
            denied = lexicon.deed(sent.tokens[first].stem)  # "member" names "joined"
            same = [i for i, t in enumerate(view.info.tokens) if t.stem == sent.tokens[first].stem]
            same = same or [i for i, t in enumerate(view.info.tokens)
                            if t.stem in view.deeds and lexicon.deed(t.stem) == denied]  # fmt: skip
            finding = Finding("negation", "clash", _window(view.info, same[0]) if same else "", ev)
        else:
            first = min(claim_neg)
            cue = max(c for c in view.info.cues if c < first)
            cl = view.info.text[view.info.tokens[cue].start : view.info.tokens[first].end]
            same = [i for i, t in enumerate(sent.tokens) if t.stem == view.info.tokens[first].stem]
            finding = Finding("negation", "clash", cl, _window(sent, same[0]) if same else "")
    return bool(claim_neg), bool(sent_neg), finding


_NEAR = 6
"""Tokens on each side of a number that say what it measures."""


_CLAUSE_BREAK = frozenset(",;:()[]–—")


_CLAIM_WHOLE = 40
"""Reach that takes a number's whole clause (session 11: "Putin presented it in his address
to the Federal Assembly in March 2018" dates the presenting; "The Chrysler Building overtook
the Eiffel Tower as the tallest man-made structure in 1930" dates the overtaking)."""

_CLAIM_NEAR = 10
"""Tokens on each side of a claim's number (a claim is one short clause: "The land border
between Russia and Ukraine is about 2,000 km long" measures the *land* border)."""


def _near_stems(
    info: TextInfo, q: Quantity, reach: int = _NEAR, *, names: bool = False
) -> set[str]:
    """Stems of the content words within ``reach`` tokens of ``q`` and in its clause (no
    comma, colon or dash between), names left out: what it measures or dates ("sea border",
    "reply came"), not who; "about 2,300 km long, and its land section" keeps "land" away
    from 2,300. With ``names``, the stems of the names there instead (who)."""
    toks = info.tokens
    inside = [i for i, t in enumerate(toks) if q.start <= t.start < q.end]
    if not inside:
        return set()

    def broken(i: int) -> bool:  # a clause break between tokens i and i + 1
        return bool(_CLAUSE_BREAK & set(info.text[toks[i].end : toks[i + 1].start]))

    lo = inside[0]
    while lo > 0 and inside[0] - lo < reach and not broken(lo - 1):
        lo -= 1
    hi = inside[-1]
    while hi + 1 < len(toks) and hi - inside[-1] < reach and not broken(hi):
        hi += 1
    return {t.stem for t in toks[lo : hi + 1]
            if t.content and t.name == names and not q.start <= t.start < q.end}  # fmt: skip


def _same_deed(near: set[str], around: Iterable[str], view: ClaimView) -> set[str]:
    """``near`` (stems of the sentence) with each claim stem of ``around`` added whose deed
    one of them names in other words ("member" for "joined": :attr:`ClaimView.deeds`)."""
    deeds = {lexicon.deed(s): s for s in around if s in view.deeds}
    return near | {deeds[d] for d in map(lexicon.deed, near) if d in deeds}


def _subject_match(
    view: ClaimView, cq: Quantity, sent: TextInfo, sq: Quantity
) -> tuple[bool, bool, float]:
    """Whether the sentence says the rarest word around ``cq`` in the claim (what it
    measures: "sea" in "900 km of sea border"), whether it says it around ``sq``, and the
    rarity-weighted share of the claim's words around ``cq`` that are also around ``sq``."""
    around = [s for s in _near_stems(view.info, cq, _CLAIM_NEAR) if s in view.rarity]
    if not around:
        return True, True, 1.0
    near = _same_deed(_near_stems(sent, sq), around, view)
    total = sum(view.rarity[s] for s in around) or 1.0
    share = sum(view.rarity[s] for s in around if s in near) / total
    rarest = max(around, key=lambda s: (view.rarity[s], s))
    return rarest in _same_deed(set(sent.stems), [rarest], view), rarest in near, share


def _dates_other(
    view: ClaimView, cq: Quantity, sent: TextInfo, sq: Quantity, *, clash: bool
) -> bool:
    """Whether the sentence's date ``sq`` dates another event than the claim's ``cq``: the
    words next to it (its clause) are none of the claim's words next to ``cq`` ("Operation
    ORBITAL began in 2015, … in response to Russia's annexation of Crimea" does not date the
    annexation; "took part in NATO's Partnership for Peace from 1994" does not date joining
    NATO; "Finland became the 31st member of NATO on 4 April 2023" dates Finland joining NATO,
    for it names NATO by the date). A date with no words of
    its own next to it ("In 2014, …") dates the sentence. A clashing date counts as another
    event's whenever its own words are not the claim's (a refutation needs the claim's words
    by the date); an agreeing one only when the sentence says the claim's event elsewhere and
    names none of the claim's names by the date."""
    around = {s for s in _near_stems(view.info, cq, _CLAIM_NEAR) if s in view.rarity}
    near = _same_deed(_near_stems(sent, sq), around, view)
    if not (around and near) or around & near:
        return False
    if clash:
        return True
    who = _near_stems(view.info, cq, _CLAIM_NEAR, names=True)
    if who & _near_stems(sent, sq, names=True):
        return False
    return any(s in _same_deed(set(sent.stems), around, view) for s in around)


def _other_period(view: ClaimView, cq: Quantity, sent: TextInfo, sq: Quantity) -> bool:
    """Whether two amounts of time measure different things: the words next to the
    sentence's (its clause) are none of the claim's words next to its own ("deaths in
    infants aged less than 6 months" and "over the past 2 decades" time other things; "reach
    Moscow in 30 minutes" and "could reach Moscow in 7–10 minutes" the same flight). Among
    the train-side candidates a clash of two durations marks a refuting pair 2 times in 287
    (0.7 %, against 2.0 % of all candidates): ages, follow-up times and study periods seldom
    time the same thing. This rule takes the clash from 82 neutral and 3 supporting pairs
    and from no refuting one."""
    if QuantityKind.DURATION not in (cq.kind, sq.kind):
        return False
    around = {s for s in _near_stems(view.info, cq, _CLAIM_NEAR) if s in view.rarity}
    near = _same_deed(_near_stems(sent, sq), around, view)
    return bool(around and near) and not around & near


def _quantities(
    claim_qs: list[Quantity],
    sent_qs: list[Quantity],
    kind: str,
    tolerance: float,
    view: ClaimView | None = None,
    sent: TextInfo | None = None,
) -> tuple[dict[str, float], list[Finding]]:
    """Counts of the claim's quantities that a sentence quantity agrees with, clashes with
    (with a unit on both sides), clashes with weakly (a bare number is involved) or none
    compares with; and the findings naming them (:func:`_pick_finding`)."""
    agree = clash = weak = missing = 0
    direction = 0.0
    findings: list[Finding] = []
    for cq in claim_qs:
        agreeing: list[Quantity] = []
        clashing: list[Quantity] = []
        for sq in sent_qs:
            rel = compare(cq, sq, tolerance=tolerance)
            if (
                kind == "date"
                and view is not None
                and sent is not None
                and rel is not Relation.UNRELATED
                and _dates_other(view, cq, sent, sq, clash=rel is Relation.CLASH)
            ):
                continue
            if (
                rel is Relation.CLASH
                and view is not None
                and sent is not None
                and _other_period(view, cq, sent, sq)
            ):
                continue
            if rel is Relation.AGREE:
                agreeing.append(sq)
            elif rel is Relation.CLASH:
                clashing.append(sq)
        if agreeing:
            agree += 1
            findings.append(_pick_finding(kind, "agree", cq, agreeing, view, sent, tolerance))
        elif clashing:
            sq = clashing[0]
            if cq.direction and sq.direction and cq.direction != sq.direction:
                direction = 1.0
            if QuantityKind.NUMBER in (cq.kind, sq.kind):
                weak += 1
            else:
                clash += 1
            findings.append(_pick_finding(kind, "clash", cq, clashing, view, sent, tolerance))
        else:
            missing += 1
    n = max(len(claim_qs), 1)
    values = {"agree": agree / n, "clash": clash / n, "weak": weak / n, "missing": missing / n}
    values["direction"] = direction
    return values, findings


def _gap(cq: Quantity, sq: Quantity) -> float:
    """Relative distance between two values (0 for the same)."""
    a, b = (cq.low + cq.high) / 2, (sq.low + sq.high) / 2
    size = max(abs(a), abs(b))
    return abs(a - b) / size if size and a == a and b == b else 0.0


def _pick_finding(
    kind: str,
    relation: str,
    cq: Quantity,
    found: list[Quantity],
    view: ClaimView | None,
    sent: TextInfo | None,
    tolerance: float = 0.15,
) -> Finding:
    """The finding to name among the sentence numbers that agree (or clash) with ``cq`` (the
    feature values only count that one does): an amount rather than an identifier; when
    agreeing, one that agrees strictly (:func:`~claimcheck.quantities.compare`); whose
    surrounding words best match the claim's (the same measured thing: "its land section is
    just under 2,000 km" rather than "the border is about 2,300 km" for "the land border is
    1,974 km"); then the closest value."""
    scored = []
    for order, sq in enumerate(found):
        close = relation == "agree" and (
            compare(cq, sq, tolerance=tolerance, strict=True) is Relation.AGREE
        )
        comparable, on_subject, next_to, share = True, True, True, 1.0
        if view is not None and sent is not None:
            comparable = not identifier_like(sent.text, sq)
            on_subject, next_to, share = _subject_match(view, cq, sent, sq)
        key = (comparable, close, on_subject, next_to, share, -_gap(cq, sq), -order)
        scored.append((key, sq, comparable, on_subject, close))
    _, sq, comparable, on_subject, close = max(scored, key=lambda item: item[0])
    precise = not (sq.approx or sq.bound)
    return Finding(kind, relation, cq.text, sq.text, comparable, on_subject, precise, close)


def _is_heading(text: str, n_tokens: int) -> bool:
    """A Markdown heading, or a short line without closing punctuation."""
    stripped = text.strip()
    return stripped.startswith("#") or (n_tokens <= 12 and stripped[-1:] not in ".!?…\"'”’)»")


def _context_agree(
    claim_ds: list[Quantity],
    here: Sequence[Quantity],
    context: Sequence[Quantity],
    tolerance: float,
) -> float:
    """Share of the claim's dates that no date here is comparable with but a context date
    agrees with. Only dates the context states as such count: "before February 2022" is
    consistent with "June 2021" but does not say that anything happened then."""
    if not claim_ds or not context:
        return 0.0
    stated = [q for q in context if q.bound is None]
    hits = 0
    for cq in claim_ds:
        if any(compare(cq, q, tolerance=tolerance) is not Relation.UNRELATED for q in here):
            continue
        if any(compare(cq, q, tolerance=tolerance) is Relation.AGREE for q in stated):
            hits += 1
    return hits / len(claim_ds)


def _substitution(view: ClaimView, sent: TextInfo) -> Finding | None:
    claim, toks = view.info, view.info.tokens
    foreign = [f for f in sent.entities if not claim.mentions(f)]
    if not foreign:
        return None
    positions: dict[str, list[int]] = {}
    for i, tok in enumerate(sent.tokens):
        if tok.content and not tok.name:
            positions.setdefault(tok.stem, []).append(i)
    for ent in claim.entities:
        if sent.mentions(ent) or (view.speaker is not None and view.speaker.keys & ent.keys):
            continue
        left = next((toks[i].stem for i in range(ent.first - 1, max(ent.first - 4, -1), -1)
                     if toks[i].content and not toks[i].name), None)  # fmt: skip
        right = next((toks[i].stem for i in range(ent.last + 1, min(ent.last + 4, len(toks)))
                      if toks[i].content and not toks[i].name), None)  # fmt: skip
        for other in foreign:
            if left and any(0 < other.first - p <= 3 for p in positions.get(left, ())):
                return Finding("entity", "clash", ent.text, other.text)
            if right and any(0 < p - other.last <= 3 for p in positions.get(right, ())):
                return Finding("entity", "clash", ent.text, other.text)
    return None


def _title_coverage(view: ClaimView, passage: Passage | None) -> float:
    """IDF-weighted share of the claim's terms the passage's title covers (0 without one)."""
    if passage is None or not passage.title:
        return 0.0
    title = sketch(passage.title)
    got = sum(r for s, r in view.rarity.items() if _credit(view, s, title, set()))
    return got / (sum(view.rarity.values()) or 1.0)


def features(
    view: ClaimView,
    sentence: str,
    *,
    passage: Passage | None = None,
    rank: int = 0,
    pair: bool = False,
    tolerance: float = 0.15,
    context: Sequence[Quantity] = (),
) -> Features:
    """Feature values and findings for one claim and one evidence text.

    Args:
        view: the prepared claim (:func:`claim_view`).
        sentence: the evidence sentence (or two adjacent sentences).
        passage: the passage it comes from (retrieval scores, speaker mentions).
        rank: position of that passage among the retrieved ones (0 = best).
        pair: whether ``sentence`` is two adjacent sentences.
        tolerance: relative slack for approximate quantities.
        context: years and dates stated elsewhere in the same document (other retrieved
            passages, the title), for claims whose date the sentence does not repeat.
    """
    sent = analyse(sentence)
    claim = view.info
    pairs = [(i, j) for i, j in _opposites(view, sent) if not _other_doer(claim, i, sent, j)]
    opposite = {claim.tokens[i].stem for i, _ in pairs}
    findings = [
        Finding("antonym", "clash", claim.tokens[i].text, sent.tokens[j].text) for i, j in pairs
    ]
    got = exact = local_got = rare_got = event_got = rare_opposite = 0.0
    matched: set[str] = set()
    missed: list[float] = []
    doer_stems = (
        {claim.tokens[i].stem for i in range(view.deed[0].first, view.deed[0].last + 1)}
        if view.deed is not None else set()
    )  # fmt: skip
    doer_gap = 0.0
    for stem, weight in view.weights.items():
        credit = _credit(view, stem, sent, opposite)
        got += weight * credit
        if stem in doer_stems:
            doer_gap += weight * (1.0 - credit)
        rare_got += view.rarity[stem] * credit
        if stem in opposite and stem not in sent.stems:
            rare_opposite += view.rarity[stem] * credit  # covered only by its antonym
        if credit:
            matched.add(stem)
        else:
            missed.append(view.rarity[stem])
        exact += stem in sent.stems
        if stem in view.local:
            local_got += weight * credit
        if stem in view.local_events:
            event_got += weight * credit
    local_total = sum(view.weights[t] for t in sorted(view.local))  # sorted: same sum every run
    event_total = sum(view.weights[t] for t in sorted(view.local_events))
    n_terms = max(len(view.weights), 1)
    near = 0
    if view.bigrams:
        where: dict[str, list[int]] = {}
        for i, tok in enumerate(sent.tokens):
            where.setdefault(tok.stem, []).append(i)
        for a, b in view.bigrams:
            if any(abs(i - j) <= 3 for i in where.get(a, ()) for j in where.get(b, ())):
                near += 1
    sent_terms = {t.stem for t in sent.tokens if t.content}
    entity_hits = [sent.mentions(e) for e in claim.entities]
    substitution = _substitution(view, sent) if claim.entities else None
    other_doer, others_clauses = _deed_by_other(view, sent)
    claim_neg, sent_neg, neg_finding = _negation(view, sent, matched)
    antonym = bool(opposite)
    claim_qs = [q for q in claim.quantities if not q.is_temporal]
    claim_ds = [q for q in claim.quantities if q.is_temporal]
    qty, qty_findings = _quantities(
        claim_qs, [q for q in sent.quantities if not q.is_temporal], "quantity", tolerance,
        view, sent,
    )  # fmt: skip
    # a date in a clause where another name does the claim's deed dates that doer's deed
    # ("Finland became the 31st member on 4 April 2023" does not date Sweden joining)
    sent_ds = [q for q in sent.quantities if q.is_temporal
               and not any(a <= q.start < b for a, b in others_clauses)]  # fmt: skip
    dates, date_findings = _quantities(claim_ds, sent_ds, "date", tolerance, view, sent)
    overstated = any(overstates(cq, sq, tolerance=tolerance) for cq in claim_qs
                     for sq in sent.quantities if not sq.is_temporal)  # fmt: skip
    by_value = {compare(cq, sq, tolerance=tolerance) for cq in claim_ds for sq in sent_ds}
    dated_otherwise = (  # another time, not the claim's taken for another event's
        bool(claim_ds) and dates["missing"] >= 1.0
        and Relation.CLASH in by_value and Relation.AGREE not in by_value
    )  # fmt: skip
    speaker_sentence = speaker_passage = 0.0
    if view.attribution and view.speaker is not None:
        speaker_sentence = float(sent.mentions(view.speaker))
        if passage is not None:
            speaker_passage = float(
                speaker_sentence > 0
                or sketch(passage.text).mentions(view.speaker)
                or (bool(passage.title) and sketch(passage.title).mentions(view.speaker))
            )
    values = {
        "coverage": got / view.total,
        "coverage_exact": exact / n_terms,
        "bigram_coverage": near / len(view.bigrams) if view.bigrams else 0.0,
        "precision": len(sent_terms & matched) / len(sent_terms) if sent_terms else 0.0,
        "entity_claim": float(bool(claim.entities)),
        "entity_coverage": sum(entity_hits) / len(entity_hits) if entity_hits else 1.0,
        "entity_substitution": float(substitution is not None),
        "deed_other": float(other_doer is not None),
        "deed_taken": float(other_doer is not None and _one_doer(view, sent)),
        "deed_unsaid": float(not _deed_said(view, sent)),
        "deed_unnamed": float(_deed_unnamed(view, sent, passage)),
        "entity_foreign": (
            sum(1 for f in sent.entities if not claim.mentions(f)) / len(sent.entities)
            if sent.entities
            else 0.0
        ),
        "qty_claim": float(bool(claim_qs)),
        "qty_agree": qty["agree"],
        "qty_clash": qty["clash"],
        "qty_clash_weak": qty["weak"],
        "qty_missing": qty["missing"] if claim_qs else 0.0,
        "direction_clash": qty["direction"],
        "date_claim": float(bool(claim_ds)),
        "date_agree": dates["agree"],
        "date_clash": dates["clash"] + dates["weak"],
        "date_missing": dates["missing"] if claim_ds else 0.0,
        "negation_claim": float(claim_neg),
        "negation_sentence": float(sent_neg),
        "negation_mismatch": float(claim_neg != sent_neg),
        "antonym_mismatch": float(antonym),
        "polarity_flip": float((claim_neg != sent_neg) != antonym),
        "hedge_claim": float(claim.hedges > 0),
        "hedge_sentence": float(sent.hedges > 0),
        "attribution": float(view.attribution),
        "speaker_sentence": speaker_sentence,
        "speaker_passage": speaker_passage,
        "reporting_sentence": float(sent.reporting),
        "retrieval_score": min(max(passage.score, 0.0), 1.0) if passage is not None else 0.0,
        "retrieval_rank": 1.0 / (1 + rank),
        "pair": float(pair),
        "length_ratio": min(len(sent.tokens) / (3.0 * max(len(claim.tokens), 1)), 1.0),
        "key_term_missing": float(any(claim.tokens[i].stem not in matched for i in view.key_terms)),
        "negated_missing": float(
            any(claim.tokens[i].content and claim.tokens[i].stem not in matched
                for i in claim.heads)
        ),  # fmt: skip
        "date_context_agree": _context_agree(claim_ds, sent.quantities, context, tolerance),
        "heading": float(_is_heading(sentence, len(sent.tokens))),
        "local_coverage": local_got / local_total if local_total else 0.0,
        **compare_directions(claim.text, sentence),
        "coverage_idf": rare_got / (sum(view.rarity.values()) or 1.0),
        "qty_overstated": float(overstated),
        "date_elsewhere": float(dated_otherwise),
        "deed_coverage": (got + doer_gap) / view.total,
        "coverage_idf_plain": (rare_got - rare_opposite) / (sum(view.rarity.values()) or 1.0),
        "idf_missing_max": max(missed, default=0.0),
        "idf_missing_sum": min(sum(missed) / 3.0, 1.0),
        "title_coverage_idf": _title_coverage(view, passage),
        "local_event_coverage": event_got / event_total if event_total else 1.0,
        "qualifier_missing": float(any(q not in sent.stems for q in view.qualifiers)),
        "best_gap": 0.0,
        "best_rank": 1.0,
        "doc_gap": 0.0,
        "doc_behind": 0.0,
    }
    all_findings = [*qty_findings, *date_findings, *findings]
    if neg_finding is not None:
        all_findings.append(neg_finding)
    if substitution is not None:
        all_findings.append(substitution)
    if other_doer is not None:
        all_findings.append(other_doer)
    return Features(values, tuple(all_findings))


def relate(feats: Sequence[Features], docs: Sequence[str]) -> None:
    """Set the :data:`RELATIVE_FEATURES` of a claim's candidates (``docs``: each one's
    document), in place: a sentence that covers the claim half as well as the best one, or
    that comes from a document other candidates match better, rarely states the claim."""
    if not feats:
        return
    cover = [f.values["coverage_idf"] for f in feats]
    best = max(cover)
    order = sorted(range(len(cover)), key=lambda i: -cover[i])
    place = {i: k for k, i in enumerate(order)}
    doc_best: dict[str, float] = {}
    for c, d in zip(cover, docs, strict=True):
        doc_best[d] = max(doc_best.get(d, 0.0), c)
    for i, (f, d) in enumerate(zip(feats, docs, strict=True)):
        f.values["best_gap"] = best - cover[i]
        f.values["best_rank"] = 1.0 / (1 + place[i])
        f.values["doc_gap"] = doc_best[d] - cover[i]
        f.values["doc_behind"] = best - doc_best[d]
