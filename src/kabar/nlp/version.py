"""The extractor version stamped on every nlp.sentences / nlp.claims / nlp.processed row.

Bump it whenever the claim rules, the number/date/place resolvers or the parse selection change
what is extracted: `kabar extract` then re-processes every article (rows are kept per version,
and `kabar export-claims` exports the latest).
"""

EXTRACTOR_VERSION = "claims-12"
