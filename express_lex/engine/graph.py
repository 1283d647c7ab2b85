"""The emotion graph: theory terms, lexicon terms and typed edges, compiled into a lookup table.

Edges point from a term toward the basic emotions, so a term's decomposition is a walk
along its out-edges (docs/weighting.md).
"""

from __future__ import annotations

from typing import Iterable, Mapping

import networkx as nx

from ..errors import DataError
from ..model import BasicTheory, CompiledTerm, Entry, Step, lookup_key
from .morphology import form_part_of_speech

__all__ = ["build_graph", "compile_table", "synset_index", "theory_address", "DECOMPOSING_RELATIONS"]


DECOMPOSING_RELATIONS = frozenset({"intensity-of", "has-component", "defined-as", "form-of", "derived-from"})


def emotion_node(name: str) -> str:
    return f"emotion:{name}"


def theory_node(name: str) -> str:
    return f"theory:{name}"


def term_node(key: str) -> str:
    return f"term:{key}"


def theory_address(theory: str, term: str) -> str:
    """The lookup key that always means a theory's own term ("plutchik:guilt"), whatever the lexicon says."""
    return f"{theory}:{term}"


def _names_theory_term(entry: Entry, key: str) -> bool:
    """An entry that just points at the theory term of its own name (`guilt: as: guilt`)."""
    return not entry.components or entry.components == ((key, 1.0),)


def build_graph(theory: BasicTheory, entries: Iterable[Entry]) -> nx.MultiDiGraph:
    """Nodes for basic emotions, theory terms and lexicon surface forms; typed, weighted edges."""
    graph = nx.MultiDiGraph(theory=theory.name)
    for emotion in theory.emotions:
        graph.add_node(emotion_node(emotion), kind="emotion", name=emotion)
    for term in theory.terms.values():
        node = theory_node(term.name)
        graph.add_node(node, kind=term.kind, name=term.name, level=term.level, dyad_kind=term.dyad_kind)
        if term.kind == "intensity":
            (emotion, weight), = term.components
            graph.add_edge(node, emotion_node(emotion), key="intensity-of", relation="intensity-of", weight=weight)
        else:
            for emotion, _ in term.components:
                graph.add_edge(node, theory_node(emotion), key="has-component", relation="has-component", weight=1.0)

    # Which entry owns each surface form: a lemma beats a form, curated beats derived, the
    # user's own entry (overlay, --lexicon file) beats a shipped one (else `lexicon add` of a
    # shipped word would have no effect), higher confidence beats lower, then load order.
    owners: dict[str, tuple[tuple, Entry, bool]] = {}
    for order, entry in enumerate(entries):
        for position, form in enumerate(entry.surface_forms):
            key = lookup_key(form)
            if not key:
                continue
            is_lemma = position == 0
            rank = (not is_lemma, entry.provenance.kind == "derived", entry.provenance.kind != "user",
                    -entry.provenance.confidence, order)
            if key not in owners or rank < owners[key][0]:
                owners[key] = (rank, entry, is_lemma)

    for key, (_, entry, is_lemma) in owners.items():
        node = term_node(key)
        pos = entry.pos if is_lemma else form_part_of_speech(key, entry.pos)  # "coward" under "cowardly"
        graph.add_node(node, kind="term", name=key, pos=pos, provenance=entry.provenance.kind,
                       confidence=entry.provenance.confidence, sentiment=entry.sentiment if is_lemma else None)
        if not is_lemma:
            graph.add_edge(node, term_node(lookup_key(entry.lemma)), key="form-of", relation="form-of", weight=1.0)
        elif key in theory.terms and _names_theory_term(entry, key):
            # The entry takes the theory's reading. One with its own expression gives the plain word
            # its everyday reading instead (guilt is not joy + fear); `plutchik:guilt` keeps the theory's.
            graph.add_edge(node, theory_node(key), key=f"defined-as:{key}", relation="defined-as",
                           weight=1.0, expression=key, provenance=f"{theory.name} theory")
        elif entry.components:
            for name, weight in entry.components:
                graph.add_edge(node, theory_node(name), key=f"defined-as:{name}", relation="defined-as",
                               weight=weight, expression=entry.expression, provenance=entry.provenance.kind)
        else:
            source = term_node(entry.provenance.source or "")
            if source not in owners and entry.provenance.source not in owners:
                raise DataError(entry.source, f"entries[{entry.index}] ({entry.lemma}).provenance.source",
                                f"derived from {entry.provenance.source!r}, which is not in the lexicon")
            graph.add_edge(node, term_node(lookup_key(entry.provenance.source or "")), key="derived-from",
                           relation="derived-from", weight=1.0, derivation=entry.provenance.relation,
                           synset=entry.provenance.synset)
        for synonym in entry.synonyms if is_lemma else ():
            synonym_key = lookup_key(synonym)
            if synonym_key in owners and synonym_key != key:
                graph.add_edge(node, term_node(synonym_key), key="synonym-of", relation="synonym-of", weight=1.0)
    return graph


def _describe_edge(source_name: str, data: dict, target_name: str, theory: BasicTheory) -> Step:
    relation = data["relation"]
    if relation == "form-of":
        return Step(relation, source_name, target_name, 1.0, None, f"{source_name}: form of '{target_name}'")
    if relation == "derived-from":
        via = f" via {data['synset']}" if data.get("synset") else ""
        return Step(relation, source_name, target_name, 1.0, data["derivation"],
                    f"{source_name}: derived from '{target_name}' by {data['derivation']}{via}")
    if relation == "defined-as":
        return Step(relation, source_name, data["expression"], None, data["provenance"],
                    f"{source_name}: defined as '{data['expression']}' ({data['provenance']})")
    if relation == "has-component":
        term = theory.terms[source_name]
        note = ", not in Plutchik's own table" if term.dyad_kind not in theory.own_dyad_kinds else ""
        parts = " + ".join(name for name, _ in term.components)
        return Step(relation, source_name, parts, None, f"{term.dyad_kind} dyad",
                    f"{source_name} = {parts} ({term.dyad_kind} dyad{note})")
    term = theory.terms[source_name]
    return Step(relation, source_name, target_name, data["weight"], term.level,
                f"{source_name} = {term.level} {target_name} ({data['weight']:.2f})")


def compile_table(graph: nx.MultiDiGraph, theory: BasicTheory) -> dict[str, CompiledTerm]:
    """Walk every surface form down to the basic emotions once, for O(1) lookups later."""
    emotions = theory.emotions
    index = {name: i for i, name in enumerate(emotions)}
    vectors: dict[str, tuple[float, ...]] = {}
    explanations: dict[str, tuple[Step, ...]] = {}
    interned: dict[Step, Step] = {}
    visiting: set[str] = set()

    def walk(node: str) -> tuple[float, ...]:
        if node in vectors:
            return vectors[node]
        if node in visiting:
            raise DataError("lexicon", node, "the definitions form a cycle")
        visiting.add(node)
        attrs = graph.nodes[node]
        totals = [0.0] * len(emotions)
        steps: list[Step] = []
        if attrs.get("kind") == "emotion":
            totals[index[attrs["name"]]] = 1.0
        else:
            seen_edge = set()
            for _, target, data in graph.out_edges(node, data=True):
                if data["relation"] not in DECOMPOSING_RELATIONS:
                    continue
                sub = walk(target)
                weight = data["weight"]
                for i, value in enumerate(sub):
                    totals[i] += weight * value
                # A dyad's components and an entry's expression are each one step, not one per edge.
                once = data["relation"] in ("has-component", "defined-as")
                if not (once and data["relation"] in seen_edge):
                    steps.append(_describe_edge(attrs["name"], data, graph.nodes[target]["name"], theory))
                    seen_edge.add(data["relation"])
                for step in explanations.get(target, ()):
                    if step not in steps:
                        steps.append(step)
        visiting.discard(node)
        vector = tuple(round(min(1.0, value), 4) for value in totals)
        vectors[node] = vector
        explanations[node] = tuple(interned.setdefault(s, s) for s in steps)
        return vector

    def sentiment_override(node: str) -> str | None:
        while True:
            attrs = graph.nodes[node]
            if attrs.get("sentiment"):
                return attrs["sentiment"]
            nxt = [t for _, t, d in graph.out_edges(node, data=True) if d["relation"] in ("form-of", "derived-from")]
            if not nxt:
                return None
            node = nxt[0]

    positive = [index[e] for e in emotions if theory.polarity[e] == "positive"]
    negative = [index[e] for e in emotions if theory.polarity[e] == "negative"]

    def sentiment(vector: tuple[float, ...], override: str | None) -> tuple[float, float]:
        strongest = max(vector, default=0.0)
        if override == "positive":
            return (strongest, 0.0)
        if override == "negative":
            return (0.0, strongest)
        if override == "mixed":
            return (strongest, strongest)
        if override == "neutral":
            return (0.0, 0.0)
        return (max((vector[i] for i in positive), default=0.0), max((vector[i] for i in negative), default=0.0))

    def lemma_of(node: str) -> str:
        for _, target, data in graph.out_edges(node, data=True):
            if data["relation"] == "form-of":
                return graph.nodes[target]["name"]
        return graph.nodes[node]["name"]

    table: dict[str, CompiledTerm] = {}
    addresses: dict[str, CompiledTerm] = {}
    for node, attrs in graph.nodes(data=True):
        kind = attrs.get("kind")
        if kind == "emotion":
            continue
        vector = walk(node)
        key = lookup_key(attrs["name"])
        if kind != "term":
            record = CompiledTerm(attrs["name"], "exact", 1.0, vector, sentiment(vector, None), explanations[node], "noun")
            # The theory's own term stays addressable under its theory; the plain name is the lexicon
            # entry's when there is one (added later, it replaces this record).
            addresses[theory_address(theory.name, key)] = record
        else:
            # A listed form resolves to its lemma; any multiword surface is a phrase match.
            lemma = lemma_of(node)
            method = "phrase" if " " in key else "exact" if lemma == key else "lemma"
            record = CompiledTerm(lemma, method, attrs["confidence"], vector, sentiment(vector, sentiment_override(node)),
                                  explanations[node], attrs["pos"])
        table[key] = record
    # Last, so that no lexicon entry (a lemma spelt "plutchik:guilt") can take a theory's address.
    table.update(addresses)
    return table


def synset_index(entries: Iterable[Entry], table: Mapping[str, CompiledTerm]) -> dict[str, str]:
    """WordNet synset name -> the curated (or user) lexicon key that links to it.

    The resolver's WordNet step lands on lexicon terms through these links, never by spelling.
    Derived entries are left out: they are already a WordNet step away from a curated one.
    """
    best: dict[str, tuple[tuple, str]] = {}
    for order, entry in enumerate(entries):
        key = lookup_key(entry.lemma)
        if key not in table or entry.provenance.kind == "derived":
            continue
        links = set(entry.wordnet)
        if entry.provenance.synset:
            links.add(entry.provenance.synset)
        rank = (-entry.provenance.confidence, order)
        for synset in links:
            if synset not in best or rank < best[synset][0]:
                best[synset] = (rank, key)
    return {synset: key for synset, (_, key) in sorted(best.items())}
