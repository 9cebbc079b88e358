"""The publication ledger: what each publication of the site showed, hash-chained, and the evidence
drawn from it.

:mod:`chain` is the canonical JSON chain (hashing, the file format, its verification), :mod:`entry`
makes one entry from the terms and the built site, :mod:`pages` checks a site against an entry and
:mod:`evidence` is the report a legal team hands over. Only the adapters import this package.
"""
