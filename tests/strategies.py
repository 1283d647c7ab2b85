"""Hypothesis strategies shared by the test modules.

Strategies that need the lexicon are deferred: `@given(...)` arguments are built when a test
module is imported, and the lexicon must not load before the session is isolated and a
test actually runs."""

from __future__ import annotations

from functools import lru_cache

from hypothesis import strategies as st


@lru_cache(maxsize=1)
def _lexicon():
    import express_lex

    return express_lex.default_lexicon()


def theory_terms(kind: str | None = None) -> st.SearchStrategy[str]:
    """Names the Plutchik theory defines (intensity terms and dyads)."""
    return st.deferred(lambda: st.sampled_from(sorted(
        t.name for t in _lexicon().theory.terms.values() if kind is None or t.kind == kind)))


def dyads(own_only: bool = False) -> st.SearchStrategy:
    """Plutchik's dyads (only those of his own table if `own_only`)."""
    def build() -> st.SearchStrategy:
        theory = _lexicon().theory
        return st.sampled_from([d for d in theory.dyads() if not own_only or d.dyad_kind in theory.own_dyad_kinds])

    return st.deferred(build)


def known_terms(containing: str = "") -> st.SearchStrategy[str]:
    """Every surface form the compiled lexicon knows (only those containing `containing`)."""
    return st.deferred(lambda: st.sampled_from(sorted(t for t in _lexicon().surface_forms() if containing in t)))


def case_variants(term: str) -> st.SearchStrategy[str]:
    """The same term with its letters' case changed at random."""
    return st.lists(st.booleans(), min_size=len(term), max_size=len(term)).map(
        lambda flips: "".join(ch.upper() if flip else ch for ch, flip in zip(term, flips))
    )


whitespace = st.text(alphabet=" \t\n\r\u00a0\u2003", max_size=4)


def padded(term: str) -> st.SearchStrategy[str]:
    """The term with whitespace of any kind around it."""
    return st.tuples(whitespace, whitespace).map(lambda pad: f"{pad[0]}{term}{pad[1]}")


any_text = st.text(max_size=200)


@lru_cache(maxsize=1)
def _no_wordnet_lexicon():
    import express_lex

    return express_lex.Lexicon(wordnet=False)


def single_word_lemmas(pos: str) -> st.SearchStrategy[str]:
    """Curated single-word lemmas of one part of speech whose decomposition is not all zero."""
    def build() -> st.SearchStrategy[str]:
        lexicon = _lexicon()
        return st.sampled_from(sorted({
            e.lemma for e in lexicon.entries
            if e.pos == pos and e.lemma.isalpha() and e.lemma.islower() and e.provenance.kind == "curated"
            and len(e.lemma) >= 4 and lexicon.decompose(e.lemma).dominant}))

    return st.deferred(build)


def regular_inflection(word: str, pos: str) -> list[str]:
    """Textbook English inflections, written independently of the resolver's rules."""
    vowels = "aeiou"
    consonant_y = word.endswith("y") and word[-2] not in vowels
    if pos == "adj":
        if consonant_y:
            return [word[:-1] + "ier", word[:-1] + "iest", word[:-1] + "ily"]
        if word.endswith("e"):
            return [word + "r", word + "st", word + "ly"]
        return [word + "er", word + "est", word + "ly", word + "ness"]
    if pos == "verb":
        if consonant_y:
            return [word[:-1] + "ies", word[:-1] + "ied", word + "ing"]
        if word.endswith("e"):
            return [word + "s", word + "d", word[:-1] + "ing"]
        if word.endswith(("s", "x", "z", "ch", "sh")):
            return [word + "es", word + "ed", word + "ing"]
        return [word + "s", word + "ed", word + "ing"]
    if consonant_y:
        return [word[:-1] + "ies"]
    return [word + ("es" if word.endswith(("s", "x", "z", "ch", "sh")) else "s")]


trailing_punctuation = st.text(alphabet="!?.,;:…)*\"'", max_size=4)
# Any code point, surrogates and control characters included.
noise_text = st.text(alphabet=st.characters(exclude_categories=()), max_size=10_000)


def plutchik_expressions() -> st.SearchStrategy[str]:
    """Valid decomposition expressions over Plutchik's names, such as '0.5*joy + trust'."""
    names = st.deferred(lambda: st.sampled_from(sorted(_lexicon().theory.terms)))
    part = st.tuples(st.sampled_from([None, 0.2, 0.5, 0.8, 1.0]), names).map(
        lambda p: p[1] if p[0] is None else f"{p[0]}*{p[1]}")
    return st.lists(part, min_size=1, max_size=3, unique=True).map(" + ".join)


def valid_theories() -> st.SearchStrategy[str]:
    """YAML text of a valid categorical user theory with 1-6 categories, some nested."""
    names = st.lists(st.from_regex(r"[a-z]{3,9}", fullmatch=True), min_size=1, max_size=6, unique=True)

    @st.composite
    def build(draw):
        categories = draw(names)
        lines = ["name: generated-theory", "title: Generated", "kind: categorical", "citation: hypothesis", "categories:"]
        for index, name in enumerate(categories):
            lines += [f"  - name: {name}", f"    as: \"{draw(plutchik_expressions())}\""]
            if index and draw(st.booleans()):
                lines.append(f"    parent: {categories[draw(st.integers(0, index - 1))]}")
        return "\n".join(lines) + "\n"

    return build()


def results_rows(max_rows: int = 25) -> st.SearchStrategy:
    """EvalRows as evaluate reads them: 1-3 gold words, an answer of the same length (or none,
    or only a tolerant one), words from the lexicon plus unknown ones, so that paper, graded
    and tolerant numbers all have something to count."""
    def build() -> st.SearchStrategy:
        from express_lex.evaluation import EvalRow

        known = sorted(w for w in _lexicon().surface_forms() if w.isalpha())[:400]
        word = st.one_of(st.sampled_from(known), st.sampled_from(["zzqx", "blorp", "sad", "happy", "anxious"]))

        def row(draw_args: tuple) -> "EvalRow":
            index, labels, answer, kind = draw_args
            answer = tuple(answer[:len(labels)]) + tuple(labels[len(answer):])
            strict = answer if kind == "valid" else None
            tolerant = answer if kind in ("valid", "rescued") else None
            return EvalRow(str(index), tuple(labels), strict, tolerant, repr(list(answer)))

        one = st.tuples(st.integers(0, 10**6), st.lists(word, min_size=1, max_size=3),
                        st.lists(word, min_size=1, max_size=3),
                        st.sampled_from(["valid", "valid", "valid", "invalid", "rescued"])).map(row)
        return st.lists(one, min_size=1, max_size=max_rows)

    return st.deferred(build)


def emoji_lemmas() -> st.SearchStrategy[str]:
    """Every emoji the shipped lexicon reads (its part of speech is 'emoji')."""
    return st.deferred(lambda: st.sampled_from(sorted(e.lemma for e in _lexicon().entries if e.pos == "emoji")))


# How an emoji may be drawn: nothing, a skin tone (U+1F3FB-1F3FF), the emoji or text presentation selector.
emoji_presentations = st.sampled_from(["", "\U0001F3FB", "\U0001F3FC", "\U0001F3FD", "\U0001F3FE", "\U0001F3FF",
                                       "\ufe0f", "\ufe0e"])


def single_lexicon_words() -> st.SearchStrategy[str]:
    """Known one-word lexicon keys (letters only) whose decomposition is not all zero."""
    def build() -> st.SearchStrategy[str]:
        lexicon = _no_wordnet_lexicon()
        return st.sampled_from(sorted(k for k, r in lexicon.table.items()
                                      if k.isalpha() and k.isascii() and any(r.vector)))

    return st.deferred(build)


POST_SENTENCES = (
    "I feel so nervous but excited about the move.", "My sister says she is sad.", "I'm a teacher.",
    "I was really happy yesterday.", "The weather was grey all week.", "I have been feeling burned out lately.",
    "I\u2019m not happy with how it went.", "Nothing much happened at work.", "Honestly I felt kind of lonely.",
    "Feeling hopeful tonight!", "Does anyone else feel like this?", "I'm going to try again tomorrow.",
    "We were proud of the kids. \U0001f389", "I never felt loved there.", "im so tired of this",
)


def reddit_lines() -> st.SearchStrategy[bytes]:
    """One NDJSON line of a Reddit dump: a submission, a comment, a deleted post, or junk
    (torn JSON, invalid UTF-8, binary, a non-object, a blank line)."""
    import json

    text = st.lists(st.sampled_from(POST_SENTENCES), min_size=0, max_size=6).map(" ".join)
    ident = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=7)

    def dump(record: dict) -> bytes:
        return json.dumps(record).encode() + b"\n"

    submission = st.builds(lambda i, t, s: dump({"id": i, "title": t, "selftext": s, "subreddit": "test"}),
                           ident, text, text)
    comment = st.builds(lambda i, b: dump({"id": i, "body": b, "subreddit": "test"}), ident, text)
    deleted = st.builds(lambda i: dump({"id": i, "body": "[deleted]"}), ident)
    junk = st.sampled_from([b'{"id": "torn", "body": "I am sa\n', b'\xff\xfe{"id": 1}\n', b"\x00\x01binary\n",
                            b"[1, 2, 3]\n", b"\n"])
    return st.one_of(submission, submission, comment, comment, deleted, junk)
