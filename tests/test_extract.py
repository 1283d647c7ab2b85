"""Self-disclosure extraction: hand-written sentences, the authors' masks, properties."""

from __future__ import annotations

import ast
import csv
import importlib
import json
import re
from itertools import cycle
from pathlib import Path
from unittest.mock import patch

import pytest
from hypothesis import given
from hypothesis import strategies as st

from express_lex import ExpressLexError
from express_lex.cli.app import app
from express_lex.text import extract, extract_document, load_vocabulary

from .strategies import known_terms

extract_module = importlib.import_module("express_lex.text.extract")  # the module, which the function shadows

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "express-data"
KEYS = {"doc", "start", "end", "span", "cue", "negated", "irrealis", "input", "term", "matched", "method", "confidence",
        "emotions", "sentiment", "explanation", "path", "theory"}


def spans(text: str) -> list[tuple[str, bool]]:
    return [(d.span, d.negated) for d in extract(text)]


# (sentence, expected (span, negated) pairs, in order)
SENTENCES = [
    # cue variants, contractions, apostrophes
    ("I feel sad.", [("sad", False)]),
    ("I felt lonely yesterday.", [("lonely", False)]),
    ("I am feeling anxious.", [("anxious", False)]),
    ("I have been feeling hopeless for weeks.", [("hopeless", False)]),
    ("I'm happy.", [("happy", False)]),
    ("Im happy.", [("happy", False)]),
    ("I\u2019m thrilled!", [("thrilled", False)]),
    ("I am grateful for you.", [("grateful", False)]),
    ("I was terrified.", [("terrified", False)]),
    ("I have been depressed lately.", [("depressed", False)]),
    ("I had been worried about it.", [("worried", False)]),
    ("I've been stressed.", [("stressed", False)]),
    ("Ive been exhausted all week.", [("exhausted", False)]),
    ("Feeling hopeful today.", [("hopeful", False)]),
    ("Just feeling lost.", [("lost", False)]),
    ("i feel ashamed", [("ashamed", False)]),
    ("I really want to feel loved.", [("loved", False)]),
    # feel/felt coordinated with an earlier verb of the author's
    ("I woke up and felt great.", [("great", False)]),
    ("I went out, had a drink and then felt much better.", [("better", False)]),
    ("I did it and felt proud.", [("proud", False)]),  # "it" after a verb is its object
    ("I woke up and didn't feel rested.", [("rested", True)]),
    ("She hugged me and felt sad.", []),
    ("I want her to achieve her dreams and feel safe.", []),  # her feeling, not mine
    ("I think my mom cried and felt sad.", []),
    ("When I got home, my mom cried and felt terrible.", []),
    ("I hope you rest up and feel better!", []),  # "you" after "hope" is a subject
    ("The man I loved left and felt no remorse.", []),  # "I" in a relative clause
    ("Why do I always screw up and feel bad?", [("bad", False)]),  # a wh-question takes the feeling as given
    ("I woke up annnd felt great, then took my dog to the park and felt better.", [("great", False), ("better", False)]),
    ("I made her cry and felt awful.", [("awful", False)]),  # past "felt" is not her bare infinitive
    ("Every day I wake up and feel exhausted.", [("exhausted", False)]),  # a fronted time, not a relative clause
    ("I told my boyfriend I loved him and felt relieved.", [("relieved", False)]),
    ("I know that I messed up and feel terrible.", [("terrible", False)]),
    ("I went to the gym, showered, and felt great.", [("great", False)]),  # a list of the author's verbs
    ("I had my car fixed and felt relieved.", [("relieved", False)]),  # an object's complement, not its verb
    ("I saw you and felt happy.", [("happy", False)]),  # "you" with no verb after it is an object
    ("I think her mom cried and felt sad.", []),
    ("I SAID GOODBYE AND FELT RELIEVED.", [("RELIEVED", False)]),  # capitals are no name
    ("I made my wife laugh and feel special.", []),
    ("She asked if I slept and felt rested.", []),  # her question
    ("I don't know if I passed and feel anxious.", [("anxious", False)]),  # the feel verb is the main clause's
    ("Can't I just go and feel happy?", []),
    ("I saw him and felt sad.", [("sad", False)]),
    ("\u0130stanbul was cold. I woke up and felt great.", [("great", False)]),  # lower-casing "\u0130" adds a character
    ("Did I go and feel sad?", []),
    # intensifiers, hedges, coordination, phrases
    ("I'm so angry.", [("angry", False)]),
    ("I feel really, really tired.", []),  # a comma between intensifiers ends the cue; documented
    ("I feel kind of scared.", [("scared", False)]),
    ("I was a bit nervous.", [("nervous", False)]),
    ("I'm soooo excited!", [("excited", False)]),
    ("I'm much happier now, and I feel way calmer.", [("happier", False), ("calmer", False)]),
    ("I'm far from happy.", [("happy", True)]),
    ("I'm nervous but excited.", [("nervous", False), ("excited", False)]),
    ("I feel sad, lonely and angry.", [("sad", False), ("lonely", False), ("angry", False)]),
    ("I'm totally burned out.", [("burned out", False)]),
    ("I've been on edge all day.", [("on edge", False)]),
    ("I feel a lot of guilt.", [("guilt", False)]),
    ("I'm socially anxious.", [("anxious", False)]),
    ("I am lost and feel helpless.", [("lost", False), ("helpless", False)]),
    # degree words and -ly forms the resolver's lists lack (missed masks of the authors' file)
    ("I felt extra guilty.", [("guilty", False)]),
    ("I am soo proud right now.", [("proud", False)]),
    ("I felt way more relaxed.", [("relaxed", False)]),
    ("I was once again excited about it.", [("excited", False)]),
    ("I feel a little more confident than ever.", [("confident", False)]),
    ("I felt a bit of relief.", [("relief", False)]),
    ("I feel hopelessly stuck.", [("stuck", False)]),
    ("I'm excruciatingly lonely.", [("lonely", False)]),
    ("I feel lonely and sad.", [("lonely", False), ("sad", False)]),
    ("I feel lonely alone.", [("lonely", False)]),  # lonely is its own word, not an adverb of alone
    ("I feel much more comfortable now.", [("comfortable", False)]),
    ("I was far too ashamed to say it.", [("ashamed", False)]),
    # "be" or "have" before "to feel" or "started feeling": the feel verb carries the cue
    ("I'm starting to feel comfortable.", [("comfortable", False)]),  # a feeling, where "I was comfortable" is not
    ("I was comfortable.", []),
    ("I have to feel sad about it.", [("sad", False)]),
    ("I had started feeling claustrophobic.", [("claustrophobic", False)]),
    ("I was told to feel grateful.", []),
    ("I let myself feel sad.", [("sad", False)]),  # a causative with "myself", not with another person
    ("I made her feel sad.", []),
    ("I am tired of feeling guilt.", [("tired of", False), ("guilt", False)]),
    ("She was tired of feeling sad.", []),
    ("Am I just feeling sorry for myself?", []),
    # after "be": -ing adjectives are effects on others or traits, participles things done to the speaker
    ("I'm annoying.", []),
    ("I was so boring at the party.", []),
    ("I am grieving.", [("grieving", False)]),
    ("I'm annoying and sad.", [("sad", False)]),
    ("I feel disgusting.", [("disgusting", False)]),
    ("I was loved.", []),
    ("I felt loved.", [("loved", False)]),
    ("I was rejected and hurt.", [("hurt", False)]),
    # negation
    ("I'm not happy.", [("happy", True)]),
    ("I don't feel safe.", [("safe", True)]),
    ("I never felt loved.", [("loved", True)]),
    ("I wasn't angry.", [("angry", True)]),
    ("I felt no fear.", [("fear", True)]),
    ("I'm not upset or bothered.", [("upset", True), ("bothered", True)]),
    ("I'm not sad but relieved.", [("sad", True), ("relieved", False)]),
    ("I cannot feel happy.", [("happy", True)]),
    ("I feel neither happy nor sad.", [("happy", True), ("sad", True)]),
    ("I wouldn't feel safe there.", [("safe", True)]),
    ("I shouldn't feel anxious, but I do.", [("anxious", False)]),
    ("I can't help but feel proud.", [("proud", False)]),
    ("I wasn't able to feel happy.", [("happy", True)]),
    # not disclosures: third persons, feel like, questions, quoted speech, indirect
    ("She feels sad.", []),
    ("He was furious.", []),
    ("My mom is worried.", []),
    ("I feel like a failure.", []),
    ("I feel like I'm a failure.", []),
    ("I feel that it is wrong.", []),
    ("I don't know how I feel about it.", []),
    ("Do I feel happy? Not sure.", []),
    ("Are you happy?", []),
    ('She said, "I am so happy."', []),
    ('"I\'m scared," he whispered.', []),
    ('She sent me a text saying, "I\'m struggling with it."', []),
    ('He hit me and I said, "I am so sad."', [("sad", False)]),  # the author's own words, quoted
    ("Why do I feel so guilty?", [("guilty", False)]),
    ("Am I wrong to feel cynical about it?", [("cynical", False)]),  # a judging question takes the feeling as given
    ("Am I crazy for feeling upset?", [("upset", False)]),
    ("Am I bad at feeling happy?", []),
    ("The truth is I feel lost.", [("lost", False)]),  # "is I" is no inverted question
    ("I think she feels sad.", []),
    # someone else's view of the speaker; the speaker's own view, and a factive verb, count
    ("They think I'm crazy.", []),
    ("Everyone is slowly starting to think I'm crazy.", []),
    ("He told me that I was selfish.", []),
    ("She looked at me like I was crazy.", []),
    ("I think I'm in love.", [("in love", False)]),
    ("I once said that I'm fine with it.", [("fine", False)]),
    ("He knows I'm upset.", [("upset", False)]),
    ("She asked me if I was okay.", []),  # a question about the speaker, not an answer
    ("People keep suggesting that I'm upset.", []),
    ("I smiled and said I was fine.", [("fine", False)]),  # the subject of "smiled" is the speaker's
    ("My mom laughed and said I was crazy.", []),
    ("I feel confident, and love myself.", [("confident", False)]),  # "love" with an object is a verb
    ("I wonder if I'm a terrible person.", []),
    ("I don't know if I'm depressed or not.", []),  # doubt is a question too
    ("I know if I'm sad, I eat.", [("sad", False)]),  # a condition
    # the author's own view, negated: the negation reaches the feeling
    ("I don't think I'm happy.", [("happy", True)]),
    ("I didn't think I was worthy of his love.", [("worthy", True)]),
    ("I'm not saying that I'm jealous.", [("jealous", True)]),
    ("That's not to say I was miserable.", [("miserable", True)]),
    ("It's not that I'm scared, it's that I'm worried.", [("scared", True), ("worried", False)]),
    ("I don't feel like I'm happy here, but I feel like I'm hopeful.", [("happy", True), ("hopeful", False)]),
    ("I'm not saying I wasn't angry.", [("angry", False)]),  # two negations
    ("I can't believe I was so happy.", [("happy", False)]),  # surprise, not denial
    ("I wasn't well and said I was fine.", [("fine", False)]),  # the negator is the earlier verb's
    ("I didn't want to say I was scared.", [("scared", False)]),  # the negator is "want"'s
    ("I don't think I'm sad but relieved.", [("sad", True), ("relieved", False)]),  # not across "but"
    ("I don't think I'm jealous nor angry.", [("jealous", True), ("angry", True)]),
    ("It isn't like I'm angry.", [("angry", True)]),
    ("I don't like I'm so jealous.", [("jealous", False)]),  # "don't like" is no denial
    ("I don't think I'm sad, or really angry.", [("sad", True), ("angry", True)]),  # a modifier keeps the negation
    # a negation beyond comparison affirms
    ("I've never felt so alone.", [("alone", False)]),
    ("I have never been happier.", [("happier", False)]),
    ("I never felt so loved as I did that day.", [("loved", False)]),
    ("I have never felt such happiness.", [("happiness", False)]),
    ("I haven't felt this good in years.", [("good", False)]),
    ("I haven't been this happy since 2019.", [("happy", False)]),
    ("I don't think I've ever felt so alone.", [("alone", False)]),
    ("I never felt loved.", [("loved", True)]),  # no degree word
    ("I could never feel better.", [("better", True)]),  # a modal
    ("I'm not so happy about it.", [("happy", True)]),  # the present
    ("I don't feel so alone anymore.", [("alone", True)]),
    ("If I had not been so afraid, I would have gone.", [("afraid", True)]),  # no span of time
    ("I haven't felt better.", [("better", True)]),
    ("I never felt better.", [("better", True)]),  # a bare past comparative may say no better came
    ("I haven't felt this happy in so long.", [("happy", False)]),
    ("I haven't been this anxious before.", [("anxious", False)]),
    ("I've never felt so lost, so alone.", [("lost", False), ("alone", False)]),  # the reading carries
    ("I never thought I would feel so alone.", [("alone", False)]),
    ("I never felt that love from my parents.", [("love", True)]),  # "that" is a determiner here
    ("I was never that interested in sports.", [("interested", True)]),  # "never that": not very
    ("I was never as happy as my sister.", [("happy", True)]),
    ("I've never been as happy as I am now.", [("happy", False)]),  # compared with the author
    ("I haven't been as happy as I was before.", [("happy", True)]),  # an earlier self
    ("I haven't been so relaxed since I was a kid.", [("relaxed", False)]),
    ("I haven't felt so good since my surgery.", [("good", True)]),  # "not so good"
    ("I haven't felt this good in 2-3 years.", [("good", False)]),
    ("I haven't felt so good for a few days now.", [("good", True)]),  # "not so good" lasts
    ("I haven't felt so good. For a while now I've been sick.", [("good", True)]),  # no span across a mark
    ("I never said I was so happy.", [("happy", True)]),  # a negated saying, not a negated expectation
    ("I don't think I'm depressed, just tired.", [("depressed", True), ("tired", False)]),
    ("I haven't been as happy since the divorce.", [("happy", True)]),
    ("I haven't been feeling so good since my breakup.", [("good", True)]),  # a lasting state
    ("I haven't been so happy lately since work got busy.", [("happy", True)]),
    ("I haven't felt better since the accident.", [("better", True)]),
    ("I never feel so alone.", [("alone", True)]),  # the present: a habit of not
    ("I don't think I ever feel so relaxed.", [("relaxed", True)]),
    ("I'm not that depressed, just tired.", [("depressed", True), ("tired", False)]),  # ", just" contrasts
    ("I'm not that happy, but okay.", [("happy", True), ("okay", False)]),
    # "this" and "that" as degree words, not determiners
    ("I'm that tired.", [("tired", False)]),
    ("I've never been this happy before.", [("happy", False)]),
    ("I feel this intense hatred.", [("hatred", False)]),
    ("I'm always that suspicious guy.", []),
    ("I'm that sad, pathetic guy.", []),
    ("I'm that tired, honestly.", [("tired", False)]),
    ("I'm that tired, man.", [("tired", False)]),
    ("i've never been this happy tbh", [("happy", False)]),
    ("I feel that happy people are annoying.", []),
    ("I don't think I'm jealous nor angry, or upset.", [("jealous", True), ("angry", True), ("upset", True)]),
    ("I'd like to think I'm happy now.", [("happy", False)]),  # my own view, through "like to"
    ("I don't know whether or not I'm depressed.", []),
    ("She was so mean that I felt worthless.", [("worthless", False)]),  # "mean" is no verb of view here
    # non-emotion complements
    ("I'm a teacher.", []),
    ("I was alone in the house.", []),  # after "be" a situation; after "feel" a feeling
    ("I felt so alone.", [("alone", False)]),
    ("I'm confident that it works.", []),
    ("I am strong but I feel weak.", [("weak", False)]),
    ("I was uncomfortable and felt embarrassed.", [("embarrassed", False)]),
    ("I'm so sorry for your loss.", []),  # after "be" an apology or condolence; after "feel" pity
    ("I feel sorry for him.", [("sorry", False)]),
    ("I'm ready to quit.", []),
    ("I'm bad at saying no.", []),
    ("I was bullied in school, and I felt bullied at home.", [("bullied", False)]),
    ("I'm going to the store.", []),
    ("I was in the kitchen.", []),
    ("I am 25 years old.", []),
    ("I feel the table.", []),
    # a word read as its own part of speech, not its entry's; a new clause is not a describing word
    ("I know, I'm a coward.", []),  # listed under "cowardly", but a noun
    ("I'm starting to accept what happened.", []),  # listed under "accepting", but a verb
    ("All I felt was emptiness.", [("emptiness", False)]),  # listed under "empty", but a noun
    ("I felt I could trust him.", []),
    ("I felt this was something worth sharing.", []),
    ("I feel disgusting, i love him.", [("disgusting", False)]),
    ("I feel a ton of guilt about it.", [("guilt", False)]),
    ("I felt a calm feeling.", [("calm", False)]),  # a feeling named by its adjective
    ("I felt sad and disappointed, but taking care of him came first.", [("sad", False), ("disappointed", False)]),
    ("I was at home, and I felt at home.", [("at home", False)]),
    ("I felt a strong sense of dread.", [("dread", False)]),
    ("I was SAd by my ex.", []),  # mixed case: an abbreviation, not "sad"
    ("I am so Self-conscious.", [("Self-conscious", False)]),  # each part of a hyphenated word has one case
    ("I feel Heart-Broken.", [("Heart-Broken", False)]),
    ("I'm SO SAD.", [("SAD", False)]),
    # an emotion word and its next word as a situation, an act or a difficulty after "be" (situations.txt)
    ("I was stuck at home for months, and I felt stuck.", [("stuck", False)]),
    ("I feel stuck at the moment.", [("stuck", False)]),
    ("I'm struggling to cope, and struggling financially.", [("struggling", False)]),
    ("After I was done eating I felt sad.", [("sad", False)]),  # only a time clause makes "done" finished
    ("I'm done feeling like this.", [("done", False)]),
    ("I'm so done nothing ever works.", [("done", False)]),
    ("I've been down for weeks.", [("down", False)]),
    ("I was stuck\nat home.", [("stuck", False)]),  # a line break ends the pair
    ("I am moved out now, but I was moved by the speech.", [("moved", False)]),
    ("I am on the edge of breaking down.", []),
    ("I'm on edge.", [("on edge", False)]),
    # traits and passives after "be"; feelings after "feel"
    ("I'm pretty awkward and I felt awkward.", [("awkward", False)]),
    ("I was mocked at school.", []),
    ("I was cheated on, and I feel cheated.", [("cheated", False)]),
    ("I was cheated on and devastated.", [("devastated", False)]),  # a listed phrase still links
    ("I was awful to her and I feel awful.", [("awful", False)]),  # how the author treated her
    ("I'm terrible at math.", []),
    # a quantity of hardly any negates the noun; "a little" does not
    ("I feel little joy or excitement anymore.", [("joy", True), ("excitement", True)]),
    ("I felt very little guilt, but a little relief.", [("guilt", True), ("relief", False)]),
    ("I feel hardly any hope.", [("hope", True)]),
    ("I feel no joy, little hope.", [("joy", True), ("hope", True)]),
    ("I don't feel hardly any joy.", [("joy", True)]),
    ("I feel little anxieties creeping in.", [("anxieties", False)]),  # small ones
    ("I felt little more than annoyance.", [("annoyance", False)]),
    # wanted/needed before an object or "to" are verbs
    ("I was feeling hopeless and wanted some input.", [("hopeless", False)]),
    ("I felt unwanted and needed a hug, but I felt loved and wanted.",
     [("unwanted", False), ("loved", False), ("wanted", False)]),
    ("I felt wanted the whole time.", [("wanted", False)]),
    ("I felt loved and wanted a lot.", [("loved", False), ("wanted", False)]),
]


@pytest.mark.parametrize("text, expected", SENTENCES, ids=[s for s, _ in SENTENCES])
def test_hand_written_sentence(text, expected):
    """Each hand-written sentence gives exactly the expected spans and negation flags."""
    assert spans(text) == expected


# (sentence, expected (span, negated, irrealis) triples): wishes, needs, duties and pretences
MOODS = [
    ("I want to feel loved.", [("loved", False, True)]),
    ("I just wanted to feel noticed again.", [("noticed", False, True)]),
    ("I need to feel safe and loved.", [("safe", False, True), ("loved", False, True)]),
    ("I should feel grateful.", [("grateful", False, True)]),
    ("How am I supposed to feel confident?", [("confident", False, True)]),
    ("I would love to feel happy again.", [("happy", False, True)]),
    ("I could have been happier.", [("happier", False, True)]),
    ("I would have been fine with it.", [("fine", False, True)]),
    ("I don't want to feel insecure.", [("insecure", True, True)]),  # the wanted state is "not insecure"
    ("I hope I'm happy there.", [("happy", False, True)]),
    ("I'm hoping I can feel calm soon.", [("calm", False, True)]),
    ("I pray I feel better.", [("better", False, True)]),
    ("I wish to feel calm.", [("calm", False, True)]),  # a wish with "to" wants
    ("I should have been scared but I felt calm.", [("scared", False, True), ("calm", False, False)]),
    ("I felt happy. I want to feel happy.", [("happy", False, False), ("happy", False, True)]),
    # stated as felt
    ("I could feel the rage.", [("rage", False, False)]),  # "could feel" perceives
    ("I might have been depressed back then.", [("depressed", False, False)]),  # a hedge on a real past
    ("I shouldn't feel anxious, but I do.", [("anxious", False, False)]),  # "shouldn't" implies I do
    ("I need help and feel lost.", [("lost", False, False)]),
    ("I want to leave him but feel guilty.", [("guilty", False, False)]),  # a want does not reach past "but"
    ("I need to lose weight and feel disgusting.", [("disgusting", False, False)]),
    ("Whenever I want I feel embarrassed.", [("embarrassed", False, False)]),  # the wish is another clause's
    ("I want to stop feeling so anxious.", [("anxious", False, False)]),  # "stop" takes it as felt
    ("I want to keep feeling this happy.", [("happy", False, False)]),  # so does "keep"
    ("I wish I could stop feeling sad.", [("sad", False, False)]),
    ("I have no hope I'm so depressed.", [("depressed", False, False)]),  # "hope" is a noun
    ("I didn't expect to feel so sad.", [("sad", False, False)]),  # the negation is "expect"'s, and I did
    ("I don't expect to feel better anytime soon.", [("better", True, False)]),
    # someone else's hope or wish for the author is their view
    ("She hopes I'm happy.", []),
    ("My mom wishes I was happier.", []),
    ("my family hopes I'm happy.", []),
    ("she's hoping I'm okay.", []),
    # a wish contrary to fact or a pretence says the opposite
    ("I wish I was happy.", [("happy", True, False)]),
    ("I wish I could feel happy again.", [("happy", True, False)]),
    ("I wish that I wasn't so needy.", [("needy", False, False)]),
    ("If only I felt loved.", [("loved", True, False)]),
    ("I wish I was happy and relaxed.", [("happy", True, False), ("relaxed", True, False)]),
    ("I pretend I'm happy.", [("happy", True, False)]),
    ("I pretend to feel okay.", [("okay", True, False)]),
    ("I come to school and pretend like I'm happy.", [("happy", True, False)]),
    ("I act like I'm fine.", [("fine", True, False)]),
    ("I was acting as if I was okay.", [("okay", True, False)]),
    ("I act as though I'm fine.", [("fine", True, False)]),
    ("I pretend I'm fine and happy.", [("fine", True, False), ("happy", True, False)]),
    ("I have to pretend I'm not hurt.", [("hurt", False, False)]),  # two negations
    ("I can't pretend I'm okay anymore.", [("okay", True, False)]),  # a negated pretence still says I'm not
    ("I'm not pretending I'm okay.", [("okay", True, False)]),
    ("She pretends I'm fine.", []),
    ("she keeps pretending I'm fine.", []),
    ("In the second act I was scared.", [("scared", False, False)]),  # "act" pretends only before like/as if
    # beyond comparison, after a modal
    ("I couldn't have been happier.", [("happier", False, False)]),
    # found by a second review
    ("I go to the gym and pretend I'm okay.", [("okay", True, False)]),  # past "and" the subject is still mine
    ("I take my meds and hope I feel better.", [("better", False, True)]),
    ("I wish I wasn't so anxious and depressed.", [("anxious", False, False), ("depressed", False, False)]),
    ("I spent years pretending I was happy.", [("happy", True, False)]),  # "years" is no -s verb
    ("I can only hope I'm happy.", [("happy", False, True)]),
    ("I Really wish I was happy.", [("happy", True, False)]),  # a title's capitals are no name
    ("I wish I felt less anxious.", [("anxious", False, False)]),  # wishing for less says I am
    ("Let's hope I feel better tomorrow.", [("better", False, True)]),
    ("I want to breathe freely again and feel good.", [("good", False, True)]),  # a want reaches across "and"
    ("I want to help but can't and feel useless.", [("useless", False, False)]),  # not past "but"
    ("I was pretending I was fine.", [("fine", True, False)]),
    ("She was pretending I was fine.", []),
    # found by a third review
    ("All I can do is pretend I'm okay.", [("okay", True, False)]),  # "is" is no third person's verb
    ("I want to be productive and feel lazy.", [("lazy", False, False)]),  # one wants to feel good, not lazy
    ("I wanted to quit and now feel relieved.", [("relieved", False, False)]),  # a past want
    ("I wish I wasn't depressed and just happy.", [("depressed", False, False), ("happy", True, False)]),
]


@pytest.mark.parametrize("text, expected", MOODS, ids=[s for s, _ in MOODS])
def test_hand_written_wish_need_duty_or_pretence(text, expected):
    """Each sentence gives exactly the expected spans, negation and irrealis flags."""
    assert [(d.span, d.negated, d.irrealis) for d in extract(text)] == expected


@given(known_terms().filter(lambda term: not re.search(r"\bi\b|\bi'", term)), st.sampled_from(["so", "such", "more", "this"]))
def test_never_before_a_degree_word_affirms(lexicon, term, degree):
    """"I've never felt so X" gives the spans, negation flags and decompositions of "I've felt so X": beyond comparison."""
    plain, never = extract(f"I've felt {degree} {term}."), extract(f"I've never felt {degree} {term}.")
    assert [(d.start + len("never "), d.span, d.negated, d.decomposition) for d in plain] \
        == [(d.start, d.span, d.negated, d.decomposition) for d in never]


UNREAL_FRAMES = ["I want to feel", "I just wanted to feel", "I need to feel", "I should feel", "I pray I feel",
                 "I hope I feel", "I would love to feel", "I'm hoping I can feel", "I wish to feel", "I tried to feel"]


@given(known_terms().filter(lambda term: not re.search(r"\bi\b|\bi'", term)), st.sampled_from(UNREAL_FRAMES))
def test_an_unreal_frame_flags_what_the_plain_cue_finds(lexicon, term, frame):
    """"I want to feel X" gives the spans, negation flags and decompositions of "I feel X", each flagged irrealis
    (a phrase holding its own "I" cue, "like i am going crazy", is a clause of its own)."""
    plain, unreal = extract(f"I feel {term}."), extract(f"{frame} {term}.")
    shift = len(frame) - len("I feel")
    assert [(d.start + shift, d.span, d.negated, d.decomposition) for d in plain] \
        == [(d.start, d.span, d.negated, d.decomposition) for d in unreal]
    assert not any(d.irrealis for d in plain) and all(d.irrealis for d in unreal)


def test_negated_disclosure_carries_the_negated_decomposition(lexicon):
    """'I'm not happy' returns the decomposition of 'not happy', method negation."""
    (found,) = extract("I'm not happy.")
    assert found.negated and found.decomposition.method == "negation"
    assert found.decomposition == lexicon.decompose("not happy")
    assert found.decomposition.emotions["sadness"] > 0


def test_cue_is_normalised():
    """Contractions, curly apostrophes and case give one normalised cue."""
    cues = [d.cue for d in extract("I\u2019m sad. Im sad. I AM sad. I felt sad. Feeling sad. I've been sad.")]
    assert cues == ["i'm", "i'm", "i am", "i felt", "feeling", "i've been"]


def test_record_keys_and_offsets():
    """A record has the documented keys; its offsets slice the span out of the text."""
    text = "Well. I'm so nervous but excited!"
    for disclosure in extract(text):
        record = disclosure.to_dict()
        assert set(record) == KEYS
        assert text[record["start"]:record["end"]] == record["span"]


def test_vocabulary_restricts_the_emotion_word(tmp_path, lexicon):
    """--vocabulary keeps only listed words or `*` stems; a word outside it still links a coordination."""
    vocabulary = tmp_path / "v.txt"
    vocabulary.write_text("anxiou*\nexcit*\n")
    words = load_vocabulary(vocabulary)
    text = "I'm ready, anxious and excited. I'm sad."
    assert [d.span for d in extract_document(text, lexicon, words, all_conjuncts=True)] == ["anxious", "excited"]


def test_vocabulary_run_gives_one_emotion_word_per_cue(tmp_path, lexicon):
    """With a vocabulary, only the first listed word of a coordination counts, unless all conjuncts are asked
    for; a second verb ("and feel") is a new cue."""
    vocabulary = tmp_path / "v.txt"
    vocabulary.write_text("nervous\nexcited\nlost\nhelpless\n")
    words = load_vocabulary(vocabulary)
    assert [d.span for d in extract_document("I'm nervous but excited.", lexicon, words)] == ["nervous"]
    assert [d.span for d in extract_document("I am lost and feel helpless.", lexicon, words)] == ["lost", "helpless"]
    assert [d.span for d in extract_document("I'm nervous but excited.", lexicon, words, all_conjuncts=False)] \
        == [d.span for d in extract_document("I'm nervous but excited.", lexicon, None, all_conjuncts=False)]


def test_vocabulary_words_are_whole_words_and_stems_need_a_star(tmp_path, lexicon):
    """A word entry matches only itself ("disgust" not "disgusting"); "disgust*" matches both; the head of a
    lexicon phrase outside the list is the disclosure ("dead tired" gives "tired")."""
    words = tmp_path / "w.txt"
    words.write_text("disgust\ntired\n")
    stems = tmp_path / "s.txt"
    stems.write_text("disgust*\n")
    text = "I feel disgusting. I felt disgust."
    assert [d.span for d in extract_document(text, lexicon, load_vocabulary(words))] == ["disgust"]
    assert [d.span for d in extract_document(text, lexicon, load_vocabulary(stems))] == ["disgusting", "disgust"]
    assert [d.span for d in extract_document("I am dead tired.", lexicon, load_vocabulary(words))] == ["tired"]


def test_many_documents_through_an_iterator():
    """Given an iterable, extract yields each document's disclosures in turn, ids by position."""
    results = list(extract(iter(["I'm sad.", "Nothing here.", "I feel calm."])))
    assert [[d.span for d in r] for r in results] == [["sad"], [], ["calm"]]
    assert results[2][0].doc == "3"


@given(st.text(max_size=300))
def test_any_text_gives_offsets_that_slice_the_span(text):
    """On any Unicode text, extraction raises nothing but the package's errors and offsets slice the span."""
    try:
        found = extract(text)
    except ExpressLexError:
        return
    for d in found:
        assert text[d.start:d.end] == d.span and d.start < d.end


@given(st.lists(st.sampled_from(["I'm", "I feel", "so", "not", "happy", "sad", "and", "but", "like", ",", ".",
                                 "she", "burned out", "a", "bit", "Feeling", "\u2019", "\n"]), max_size=30))
def test_generated_cue_soup_keeps_offsets_consistent(words):
    """Random mixes of cues, modifiers and emotion words give ordered, non-overlapping spans that slice the text."""
    text = " ".join(words)
    found = extract(text)
    for d in found:
        assert text[d.start:d.end] == d.span
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))


@given(st.lists(st.sampled_from(["I'm", "I", "was", "feel", "crazy", "sad", "they", "think", "thinkkk", "said", "That",
                                 "that", "told", "Me", "me", "like", "asked", "if", "and", "smiled", ",", "(", "\n",
                                 "  ", "\u00a0", "didn't", "tell-me", "é", "not", "know", "sure", "felt", "isn't",
                                 "isn\u2019t", "whether", "or", "'"]),
                max_size=25),
       st.sampled_from([" ", "", "\t"]))
def test_the_raw_text_look_before_a_view_changes_no_result(words, separator):
    """The raw-text look before rule 6's backward walk changes no result: it never hides a view."""
    text = separator.join(words)
    walked = extract(text)
    with patch.object(extract_module._Extractor, "may_open_view", lambda self, position: True):
        assert extract(text) == walked


_coordinated_clause = st.tuples(
    st.sampled_from(["I", "I", "i", "I'm", "she", "it", "hi", ""]),
    st.lists(st.sampled_from(["cried", "her", "to", "my", "mom", "it", "wasn't", ",", "and", "\n"]), max_size=3),
    st.sampled_from(["and", "but", "then", "&", "And", "band", "", "annnd", ",and", "up,&", "then,"]),
    st.lists(st.sampled_from(["didn't", "just", "really", "then", "i"]), max_size=2),
    st.sampled_from(["felt", "feel", "felt", "feeling", "Felt", "feels"]),
    st.sampled_from(["sad", "so happy", "sad", "like", ""]),
).map(lambda parts: " ".join([parts[0], *parts[1], parts[2], *parts[3], *parts[4:]]))


@given(st.lists(_coordinated_clause, max_size=4), st.sampled_from([" ", ". ", "\n", "  "]))
def test_the_raw_text_look_before_a_coordinated_feel_changes_no_result(clauses, separator):
    """The raw-text look for a coordinator before feel/felt changes no result: it never hides a cue."""
    text = separator.join(clauses)
    found = extract(text)
    with patch.object(extract_module, "_may_be_coordinated", lambda low, k: True):
        assert extract(text) == found


OWN_VIEWS = [("I think", "I don't think"), ("I thought", "I never thought"), ("I'm saying that", "I'm not saying that"),
             ("I would say", "I wouldn't say"), ("It's that", "It's not that"), ("I feel like", "I don't feel like"),
             ("I said", "I pretended"), ("I feel like", "I act like"), ("I said", "I wish"),
             ("I said", "I can't pretend")]  # a pretence or a wish contrary to fact denies, as a negated view does


@given(known_terms().filter(lambda term: not re.search(r"\bi\b|\bi'", term)), st.sampled_from(OWN_VIEWS))
def test_negating_the_authors_own_view_flips_each_disclosure_in_it(lexicon, term, views):
    """"I don't think I'm X" gives the spans of "I think I'm X", each negation flag flipped and the matching decomposition
    (a phrase holding its own "I" cue, "like i am going crazy", is a clause of its own)."""
    plain, denied = views
    asserted, negated = extract(f"{plain} I'm {term}."), extract(f"{denied} I'm {term}.")
    shift = len(denied) - len(plain)
    assert [(d.start + shift, d.span, not d.negated) for d in asserted] == [(d.start, d.span, d.negated) for d in negated]
    for d in negated:
        assert d.decomposition == lexicon.decompose(f"not {d.span}" if d.negated else d.span)


@given(st.one_of(known_terms(), known_terms(containing=" ").map(lambda t: t.replace(" ", "-"))), st.lists(st.sampled_from([str.lower, str.upper, str.capitalize]), min_size=1))
def test_a_word_in_lower_case_capitals_or_capitalised_by_part_reads_as_itself(term, styles):
    """A term (or phrase written with hyphens) after "I feel", each letter run lower-cased, in capitals or
    capitalised, gives the spans it gives in lower case, at the same places."""
    lower = f"I feel {term.lower()}."
    style = cycle(styles)
    styled = "I feel " + re.sub(r"[^\W\d_]+", lambda m: next(style)(m.group()), term.lower()) + "."
    assert [(d.start, d.end, d.span.lower()) for d in extract(styled)] \
        == [(d.start, d.end, d.span.lower()) for d in extract(lower)]


def test_a_word_of_a_script_without_case_is_read_as_written():
    """An imported lexicon's word in a script without case ("悲しい") is found; only mixed case is refused."""
    from express_lex import Lexicon
    from express_lex.model import EMOLEX_ORDER

    row = tuple(int(e in ("sadness", "negative")) for e in EMOLEX_ORDER)
    lexicon = Lexicon.from_binary({"悲しい": row, "sad": row}, name="two words")
    found = extract_document("I feel 悲しい. I feel sAD. I feel Sad.", lexicon)
    assert [d.span for d in found] == ["悲しい", "Sad"]


def test_cli_extract_jsonl_and_per_document(runner, tmp_path):
    """extract prints one JSON record per disclosure; --per-document sums and averages the vectors."""
    source = tmp_path / "posts.jsonl"
    source.write_text(json.dumps({"id": "a", "title": "Update", "selftext": "I'm so happy."}) + "\n"
                      + json.dumps({"id": "b", "body": "[deleted]"}) + "\n"
                      + json.dumps({"id": "c", "body": "I feel sad and I feel calm."}) + "\n")
    result = runner.invoke(app, ["extract", str(source)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["doc"], r["span"]) for r in records] == [("a", "happy"), ("c", "sad"), ("c", "calm")]
    assert records[0]["start"] == len("Update\n\nI'm so ")
    per = runner.invoke(app, ["extract", str(source), "--per-document"])
    docs = [json.loads(line) for line in per.stdout.splitlines()]
    assert [(d["doc"], d["count"]) for d in docs] == [("a", 1), ("c", 2)]
    assert docs[1]["mean"]["sadness"] == pytest.approx(docs[1]["sum"]["sadness"] / 2, abs=1e-3)


def test_per_document_vectors_leave_out_irrealis_disclosures(runner):
    """A wished feeling is listed and counted, but the summed and mean vectors are those of the felt ones."""
    both = runner.invoke(app, ["extract", "-", "--per-document"], input="I want to feel happy. I feel sad.")
    felt = runner.invoke(app, ["extract", "-", "--per-document"], input="I feel sad.")
    (document,), (alone,) = [[json.loads(line) for line in r.stdout.splitlines()] for r in (both, felt)]
    assert (document["count"], document["irrealis"], alone["irrealis"]) == (2, 1, 0)
    assert [d["irrealis"] for d in document["disclosures"]] == [True, False]
    assert document["sum"] == alone["sum"] and document["mean"] == alone["mean"]
    assert document["sum"]["joy"] == 0 < document["disclosures"][0]["emotions"]["joy"]
    hoped = runner.invoke(app, ["extract", "-", "--per-document"], input="I want to feel happy.")
    (only,) = [json.loads(line) for line in hoped.stdout.splitlines()]
    assert only["sum"].keys() == alone["sum"].keys() and not any(only["sum"].values()) and not any(only["mean"].values())


@pytest.mark.parametrize("output_format", ["csv", "table"])
def test_csv_and_table_show_the_irrealis_flag(runner, output_format):
    """The CSV has an irrealis column, and the table marks a wished feeling."""
    result = runner.invoke(app, ["extract", "-", "--format", output_format], input="I want to feel happy. I feel sad.")
    assert result.exit_code == 0, result.output
    if output_format == "csv":
        rows = list(csv.DictReader(result.stdout.splitlines()))
        assert [(r["span"], r["irrealis"]) for r in rows] == [("happy", "True"), ("sad", "False")]
    else:
        wished, felt = result.stdout.splitlines()[1:]
        assert "wish: happy" in wished and "wish:" not in felt


def test_cli_extract_csv_and_output_file(runner, tmp_path):
    """--format csv -o FILE writes a header and one row per disclosure, atomically."""
    out = tmp_path / "out.csv"
    result = runner.invoke(app, ["extract", "-", "--format", "csv", "-o", str(out)], input="I'm sad. I'm angry.")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open()))
    assert [r["span"] for r in rows] == ["sad", "angry"]
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


# -- the authors' file ---------------------------------------------------------------------------

def _rebuilt() -> list[tuple[str, list[tuple[int, int]]]]:
    """(text, mask character ranges) per segment: the i-th <mask> gets the i-th label."""
    csv.field_size_limit(1 << 30)
    out = []
    with (SHARED / "gpt_4o_shorter_context.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            parts = row["segment"].split("<mask>")
            labels = ast.literal_eval(row["labels"])
            text, ranges = parts[0], []
            for label, rest in zip(labels, parts[1:]):
                ranges.append((len(text), len(text) + len(label)))
                text += label + rest
            out.append((text, ranges))
    return out


def _score(lexicon, vocabulary):
    """(masks found, masks, extra disclosures). A mask is found when a disclosure's span
    overlaps the mask's inserted label (start < mask end and mask start < end)."""
    found = total = extras = 0
    for text, ranges in _rebuilt():
        disclosures = extract_document(text, lexicon, vocabulary)
        total += len(ranges)
        found += sum(any(d.start < b and a < d.end for d in disclosures) for a, b in ranges)
        extras += sum(not any(d.start < b and a < d.end for a, b in ranges) for d in disclosures)
    return found, total, extras


needs_shared = pytest.mark.skipif(not (SHARED / "gpt_4o_shorter_context.csv").is_file(), reason="../shared absent")


@needs_shared
def test_authors_masks_found_with_their_vocabulary(lexicon):
    """With the authors' 684 words, at least 97% of their 2,773 masks are found."""
    found, total, extras = _score(lexicon, load_vocabulary(SHARED / "express-candidate-emotion-words.txt"))
    assert total == 2773
    assert found / total >= 0.97


@needs_shared
@pytest.mark.xfail(reason="the extras left (15.2% of the masks) are real self-disclosures the authors' rules "
                          "miss: participles spaCy tags as verbs, 'n't' contractions, I've been (docs/extraction.md)",
                   strict=True)
def test_extras_with_their_vocabulary_at_most_ten_percent(lexicon):
    """Extra disclosures (overlapping no mask) are at most 10% of the masks, the issue's limit."""
    found, total, extras = _score(lexicon, load_vocabulary(SHARED / "express-candidate-emotion-words.txt"))
    assert extras / total <= 0.10


@needs_shared
def test_extras_with_their_vocabulary_stay_below_the_measured_level(lexicon):
    """A ratchet: extras stay at or below the 421 (15.2%) measured, with at least 2,716 masks (97.9%) found."""
    # 1,007 extras before rules 7 and 8; 17 masks inside someone else's view of the speaker or a question
    # about them (rule 6) were given up, as docs/extraction.md counts.
    # 400 extras before the coordinated feel cue of rule 1 ("I woke up and felt great"), which added 19 real
    # disclosures and found 2 more masks.
    found, total, extras = _score(lexicon, load_vocabulary(SHARED / "express-candidate-emotion-words.txt"))
    assert extras <= 421 and found >= 2716


@needs_shared
def test_authors_masks_found_with_the_lexicon_alone(lexicon):
    """With the default vocabulary (the lexicon), at least 95% of the masks are found."""
    found, total, _ = _score(lexicon, None)
    assert found / total >= 0.95


def test_cli_conjunct_flags(runner, tmp_path):
    """--vocabulary gives one word per cue; --all-conjuncts restores every conjunct; --one-per-cue applies without a list."""
    vocabulary = tmp_path / "v.txt"
    vocabulary.write_text("nervous\nexcited\n")

    def spans_of(*options):
        result = runner.invoke(app, ["extract", "-", *options], input="I'm nervous but excited.")
        assert result.exit_code == 0, result.output
        return [json.loads(line)["span"] for line in result.stdout.splitlines()]

    assert spans_of("--vocabulary", str(vocabulary)) == ["nervous"]
    assert spans_of("--vocabulary", str(vocabulary), "--all-conjuncts") == ["nervous", "excited"]
    assert spans_of() == ["nervous", "excited"]
    assert spans_of("--one-per-cue") == ["nervous"]
