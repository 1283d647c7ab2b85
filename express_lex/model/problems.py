"""One problem type for every coded check (lexicon files and theory files), and the registry
of codes with their severity and meaning.

Codes cannot collide: lexicon rules are E1xx (errors) and W2xx (warnings), theory rules T1xx
(errors) and T2xx (warnings). Which function checks each code is recorded beside the checks
themselves (express_lex.checks.CHECKS); this floor holds only the values.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping

__all__ = ["Problem", "Rule", "RULES", "LEXICON_RULES", "THEORY_RULES", "SYNONYM_MIN_COSINE"]

# Synonyms listed on an entry must point the same way: documented in docs/lexicon-format.md.
SYNONYM_MIN_COSINE = 0.7


@dataclass(frozen=True, slots=True)
class Rule:
    """A coded check: its code, 'error' or 'warning', what it means, and what it checks."""

    code: str
    severity: str
    message: str
    scope: str  # "lexicon" or "theory"


def _rules(scope: str, table: dict[str, str]) -> dict[str, Rule]:
    return {code: Rule(code, "error" if code[1] == "1" else "warning", message, scope)
            for code, message in table.items()}


LEXICON_RULES: Mapping[str, Rule] = MappingProxyType(_rules("lexicon", {
    "E100": "file is not valid YAML or not a lexicon document",
    "E101": "entry shape: missing or unknown key, bad part of speech or sentiment, unreadable expression",
    "E102": "an emotion, intensity term or dyad the theory lacks",
    "E103": "a weight or confidence out of range",
    "E104": "a dangling synonym: not a term of the lexicon or the theory",
    "E105": "a dangling derivation: a derived entry (or form) whose source lemma is not in the lexicon",
    "E106": "a WordNet link that is malformed or names no WordNet 3.0 synset",
    "E107": "one surface form with two conflicting decompositions",
    "E108": "two opposite emotions strongest without naming an opposite blend",
    "E109": "an intensity chain the weights break: a word missing, not strongest on the chain's emotion, "
            "or not stronger than the word before it",
    "W201": "an entry gives a theory term an everyday reading without a rationale saying why",
    "W202": f"synonyms whose vectors are not close (cosine below {SYNONYM_MIN_COSINE})",
    "W203": "a curated entry without a rationale",
    "W204": "WordNet 3.0 not found: WordNet links were not checked",
    "W205": "a form that is the entry's own lemma once case, hyphens and spaces are folded (redundant)",
}))

THEORY_RULES: Mapping[str, Rule] = MappingProxyType(_rules("theory", {
    "T100": "not valid YAML, or not a theory document",
    "T101": "a missing key, or a value of the wrong type or form",
    "T102": "an unknown component: a name in 'as' that is not one of Plutchik's, or an unreadable expression",
    "T103": "a cycle in the 'parent' links",
    "T104": "a duplicate category or dimension",
    "T105": "a weight or coordinate out of range",
    "T106": "a reference to a category the theory does not have (parent, mapping, group)",
    "T107": "a category with no definition: no 'as', no lexicon 'terms' and no children",
    "T108": "a theory name that is malformed or already taken",
    "T201": "a word in 'terms' that the lexicon does not have (ignored)",
}))

RULES: Mapping[str, Rule] = MappingProxyType({**LEXICON_RULES, **THEORY_RULES})


@dataclass(frozen=True, slots=True)
class Problem:
    """One coded problem in a lexicon or theory file, with the line it is on when known."""

    code: str
    source: str
    key: str
    message: str
    line: int | None = None
    theory: str | None = None  # the theory a theory file defines, when it got that far

    @property
    def rule(self) -> Rule:
        return RULES[self.code]

    @property
    def severity(self) -> str:
        return RULES[self.code].severity

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        key = f" {self.key}:" if self.key else ""
        return f"{where}:{key} {self.code} {self.message}"
