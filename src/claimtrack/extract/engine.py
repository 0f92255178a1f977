"""The extractor: parse the article, run the annotators in order, build the drafts once.

article text -> layout -> spaCy parse -> cues -> sources -> contents -> mentions -> chains ->
entities -> claims -> relations -> model records. Each annotator adds one layer to the
``Article`` and never rewrites an earlier one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import attrs

from claimtrack.extract.actors import ActorRegistry
from claimtrack.extract.article import Article
from claimtrack.extract.claims import Drafted, annotate_claims
from claimtrack.extract.contents import annotate_contents
from claimtrack.extract.coref import annotate_chains
from claimtrack.extract.cues import annotate_cues
from claimtrack.extract.draft import claim_ids, document_record, to_records
from claimtrack.extract.entities import annotate_entities
from claimtrack.extract.inference import annotate_accounts, apply_accounts
from claimtrack.extract.layout import Layout, read_layout
from claimtrack.extract.mentions import annotate_mentions
from claimtrack.extract.nlp import DEFAULT_MODEL, load_pipeline, parse
from claimtrack.extract.relations import annotate_relations
from claimtrack.extract.sources import annotate_sources
from claimtrack.model import Actor, ActorKind, Claim, Document
from claimtrack.slug import slugify

__all__ = ["Extraction", "analyse", "extract"]


@attrs.frozen
class Extraction:
    """What one article gives: its draft records and the annotated article behind them."""

    article: Article
    document: Document
    claims: tuple[Claim, ...]
    actors: tuple[Actor, ...]
    """The actors the draft proposes (not those the folder already knows)."""
    drafted: tuple[Drafted, ...]
    left_out: int
    """Claims left out because their quote recurs with the same context (repeated text)."""


def analyse(text: str, *, model: str = DEFAULT_MODEL) -> Article:
    """The article parsed, with no layer yet."""
    layout: Layout = read_layout(text)
    blocks = [(p.start, p.end) for p in layout.paragraphs]
    blocks += [(e.start, e.end) for e in layout.infobox]
    doc = parse(load_pipeline(model), text, blocks)
    article = Article(text, layout, doc)
    for number, paragraph in enumerate(layout.paragraphs):
        span = doc.char_span(paragraph.start, paragraph.end, alignment_mode="expand")
        if span is None:
            continue
        for sentence in span.sents:  # type: ignore[attr-defined]
            if any(not t.is_space for t in sentence):
                article.sections.setdefault(sentence.start, paragraph.section)
                article.paragraph_of.setdefault(sentence.start, number)
    return article


def _voice(registry: ActorRegistry, *, outlet: str, title: str, stem: str) -> str:
    """The document's editorial voice: the outlet's, when an earlier document of the same
    outlet already gave it one (one outlet, one voice); else a new actor, under a name no
    other actor has (one name must mean one actor: two drafts titled alike differ)."""
    known = registry.resolve(outlet) if outlet else None
    if known is not None and registry.kind_of(known) is ActorKind.EDITORIAL:
        return known
    voice = outlet or title
    name = f"{voice} (editorial voice)"
    if registry.resolve(name) is not None:
        name = f"{voice} (editorial voice of {stem})"
    return registry.special(ActorKind.EDITORIAL, stem=stem, name=name,
                            aliases=[outlet] if outlet else [])


def extract(text: str, *, document_id: str, known: Iterable[Actor] = (),
            taken_ids: Iterable[str] = (), model: str = DEFAULT_MODEL,
            today: dt.date | None = None) -> Extraction:
    """Draft the claims of ``text`` as model records."""
    taken = set(taken_ids)
    known = list(known)
    registry = ActorRegistry(known, taken_ids=taken)
    article = analyse(text, model=model)
    layout = article.layout
    title = layout.title or document_id
    issuer = _issuer(article)
    # A press release speaks in its issuer's voice: the company is the document's voice.
    editorial = registry.propose(issuer, kind=ActorKind.ORGANIZATION) if issuer else (
        _voice(registry, outlet=layout.outlet, title=title, stem=document_id))
    unnamed = registry.special(ActorKind.UNNAMED, stem=document_id,
                               name=f"Unnamed source ({document_id})")
    article.add("cues", annotate_cues(article))
    article.add("sources", annotate_sources(article))
    article.add("contents", annotate_contents(article))
    article.add("mentions", annotate_mentions(article))
    article.add("chains", annotate_chains(article))
    article.add("entities", annotate_entities(article, registry=registry, stem=document_id))
    drafted = annotate_claims(article, registry=registry, editorial=editorial, unnamed=unnamed)
    article.add("claims", drafted)
    everyone = {**{a.id: a for a in known}, **{a.id: a for a in registry.proposed}}
    kinds = {i: a.kind for i, a in everyone.items()}
    article.add("accounts", annotate_accounts(article, drafted, editorial=editorial,
                                              unnamed=unnamed, kinds=kinds))
    drafted = apply_accounts(drafted, article.layer("accounts"), text)
    relations = annotate_relations(article, drafted, kinds=kinds,
                                   names={i: a.name for i, a in everyone.items()},
                                   affiliations={i: a.affiliation for i, a in everyone.items()})
    article.add("relations", relations)
    ids = claim_ids([d.statement for d in drafted], taken | set(everyone))
    claims = to_records(drafted, [(r.source, r.type, r.target) for r in relations],
                        text=text, document_id=document_id, ids=ids,
                        today=today or dt.date.today())
    used = {c.claimant for c in claims} | {v for c in claims for a in c.appearances
                                           for v in a.via} | {a for c in claims for a in c.about}
    used |= {editorial}
    proposed = _proposed(registry.proposed, used)
    document = document_record(document_id=document_id, title=title, text=text,
                               publisher=layout.outlet or layout.issuer, voice=editorial)
    return Extraction(article, document, tuple(claims), tuple(proposed), tuple(drafted),
                      len(drafted) - len(claims))


def _issuer(article: Article) -> str:
    """A press release's issuer: the one its "About" section names, else the first
    organisation its first paragraph names."""
    layout = article.layout
    if not layout.press_release or layout.issuer or not layout.paragraphs:
        return layout.issuer
    first = layout.paragraphs[0]
    return next((e.text for e in article.doc.ents if e.label_ == "ORG"
                 and first.start <= e.start_char < first.end), "")


def _proposed(actors: Sequence[Actor], used: set[str]) -> list[Actor]:
    """The proposed actors the draft names, and those they are affiliated to."""
    by_id = {a.id: a for a in actors}
    keep = set(used)
    for actor_id in list(used):
        owner = by_id[actor_id].affiliation if actor_id in by_id else None
        while owner and owner not in keep:
            keep.add(owner)
            owner = by_id[owner].affiliation if owner in by_id else None
    return [a for a in actors if a.id in keep]


def document_id_for(text: str, name: str, taken: set[str]) -> str:
    """The draft's document id: ``name``, else the title, unique in the folder."""
    first = text.lstrip().split("\n", 1)[0].strip(" =")
    document_id = slugify(name or first or "article", limit=40)
    while document_id in taken:
        document_id += "-draft"
    return document_id
