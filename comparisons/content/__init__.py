"""What a page says: pure builders from catalog facts to numbers, sentences, FAQ and charts.

The chain is facts -> pricing -> pair -> prose -> faq, assembled into pages (pages, nway, charts).
Plain typed data in, plain data out: nothing here reads a request, the cache or the database, so the
hardest logic on the site is tested without a browser and mostly without a database.
"""

# The package's public face: what views, parts and the sitemap index use. Builders may move between the
# modules below; these names stay.
from .facts import ModelFacts, model_facts, offering_facts
from .pages import (
    MIN_DIFFERENCES_TO_INDEX,
    EditorNote,
    PricePoint,
    build_calculation,
    build_comparison,
    build_model_page,
    build_nway,
    difference_count,
    faq_json_ld,
    offering_groups,
    offering_row,
    price_history,
)
from .pair import Pair
from .pricing import cheapest
from .related import pair_url, rank_related
from .suggest import Choice, closest, resolve, search

__all__ = [
    "MIN_DIFFERENCES_TO_INDEX", "Choice", "EditorNote", "ModelFacts", "Pair", "PricePoint", "build_calculation",
    "build_comparison", "build_model_page", "build_nway", "cheapest", "closest", "difference_count",
    "faq_json_ld", "model_facts", "offering_facts", "offering_groups", "offering_row", "pair_url",
    "price_history", "rank_related", "resolve", "search",
]
