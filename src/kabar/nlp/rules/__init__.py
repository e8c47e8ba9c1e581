"""Rules that turn a parsed article into claims, one module per concern.

words        surface-word view of a parsed sentence (multi-word tokens regrouped); the parse questions
probe        records the parse questions asked of tokenizer-only words (parse on demand)
matching     phrase matching over surface words
mentions     a sentence's counts through the stages noun class → measure → qualifier → weapon → flags
measures     which measure a number is about (trigger words and lemmas from the measure registry)
qualifiers   at_least / more_than / about / at_most from the words before a number
exclusions   numbers that are no counts of people or munitions, boilerplate, cumulative tallies
weapons      drone / missile from the number's noun phrase or its context
attackers    RU / UA cues: who launches, whose territory is hit
reporters    who said it (kata X, menurut X, X mengatakan)
context      the places and the sentence-level facts each sentence states; the article's main places
placing      a claim's place: ordered named resolvers, clause → sentence → paragraph → article
dating       the dates each sentence states, the lead date; a claim's date: ordered named resolvers
dedup        repeated numbers, sub-counts that only describe part of a stated total

The words they read are data: src/kabar/nlp/lang/<lang>/ through kabar.nlp.lexicon.
"""
