"""Indonesian query and document analysis, shared by every search backend."""

from search.analysis.plan import (
    MAX_QUERY_TOKENS,
    Alternative,
    Concept,
    QueryPlan,
    plan_query,
)
from search.analysis.spelling import Speller, max_edits
from search.analysis.synonyms import SYNONYM_WEIGHT, SynonymTable, parse_terms
from search.analysis.text import (
    COLLOQUIAL,
    PROTECTED,
    STOPWORDS,
    analyse,
    analyse_tokens,
    analyse_with_words,
    normalise,
    stem,
    term_for,
    tokenise,
)

__all__ = [
    "COLLOQUIAL",
    "MAX_QUERY_TOKENS",
    "PROTECTED",
    "STOPWORDS",
    "SYNONYM_WEIGHT",
    "Alternative",
    "Concept",
    "QueryPlan",
    "Speller",
    "SynonymTable",
    "analyse",
    "analyse_tokens",
    "analyse_with_words",
    "max_edits",
    "normalise",
    "parse_terms",
    "plan_query",
    "stem",
    "term_for",
    "tokenise",
]
