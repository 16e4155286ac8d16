"""Grammars: the patterns that find acuerdo IDs, dates and times, sessions and bodies,
institutes, and the line and sentence rules. Pure functions over strings, compiled
from the vocabulary files (`pipeline/vocab/*.tsv`); no spaCy here."""
