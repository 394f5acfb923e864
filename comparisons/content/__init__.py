"""What a page says: pure builders from catalog facts to numbers, sentences, FAQ and charts.

The chain is facts -> pricing -> pair -> words -> prose -> faq, assembled into pages: pages (a pair),
nway (3 or 4 models), model_page, with offerings (a model's offering tables), charts (bar and
price-history charts) and calculation (the cost calculator).
Plain typed data in, plain data out: nothing here reads a request, the cache or the database, so the
hardest logic on the site is tested without a browser and mostly without a database.
"""

# The package's public face: what views, parts and the sitemap index use. Builders may move between the
# modules below; these names stay.
from .calculation import build_calculation
from .facts import ModelFacts, model_facts, offering_facts
from .model_page import build_model_page
from .nway import build_nway
from .offerings import offering_groups, offering_row
from .pages import EditorNote, build_comparison, faq_json_ld
from .pair import Pair
from .pricing import blend_label, blend_shares, cheapest
from .related import pair_url, rank_related
from .substance import Summary, indexable, summarize
from .suggest import Choice, closest, resolve, search
from .words import TITLE_LIMIT, fit_title, shorten

__all__ = [
    "TITLE_LIMIT", "Choice", "EditorNote", "ModelFacts", "Pair", "Summary",
    "blend_label", "blend_shares", "build_calculation", "build_comparison", "build_model_page", "build_nway",
    "cheapest", "closest", "faq_json_ld", "fit_title", "indexable", "model_facts", "offering_facts",
    "offering_groups", "offering_row", "pair_url", "rank_related", "resolve", "search",
    "shorten", "summarize",
]
