"""Rules that turn a parsed article into claims, one module per concern.

words        surface-word view of a parsed sentence (multi-word tokens regrouped)
lexicon      phrase matching helpers shared by the rule modules
measures     which measure a number is about (trigger verbs/nouns, head noun class)
qualifiers   at_least / more_than / about / at_most from the words before a number
exclusions   numbers that are not counts of people or munitions, boilerplate, cumulative tallies
weapons      drone / missile from the number's noun phrase or its context
attackers    RU / UA from who launches or whose territory is hit
reporters    who said it (kata X, menurut X, X mengatakan)
context      place and date for a claim: sentence → paragraph → article
dedup        repeated numbers, sub-counts that only describe part of a stated total
"""
