"""What an importer reads from a source, before it touches the database: one `Entry` per model at one
provider, already validated and converted (USD per 1M tokens as exact Decimals, dates, tri-states).

Bad rows never raise: they become `Rejected` with a reason; entries that are not text models become
`Skipped`; both are counted in the report.
"""

import datetime
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

from ..bounds import plausible_price, plausible_tokens
from ..models import Purpose
from ..slugs import make_slug

MILLION = Decimal(1_000_000)
PRICE_PLACES = Decimal("0.000001")  # the catalog stores prices to a millionth of a dollar per 1M tokens


class RowError(ValueError):
    """A row that cannot be imported; its message is the reason shown in the report."""


@dataclass
class Entry:
    source: str
    origin: str  # the entry's own key in the source, for the report and for disagreements
    provider_key: str  # the source's provider id
    provider_name: str  # display name when the source gives one
    model_id: str  # the provider's model id, without the provider prefix
    name: str  # display name: the source's, or a guess from the id
    region: str = ""
    purpose: str = Purpose.CHAT
    model_facts: dict[str, object] = field(default_factory=dict)
    offering_facts: dict[str, object] = field(default_factory=dict)

    @property
    def keys(self) -> list[str]:
        """What aliases and existing models are matched against, most specific first."""
        return [self.origin, self.model_id, self.name]


@dataclass
class Parsed:
    entries: list[Entry] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)
    rounded: int = 0  # prices with more than six decimal places per 1M tokens, rounded half-even
    ignored_fields: Counter = field(default_factory=Counter)


# Values ------------------------------------------------------------------------------------------

def number(value, what: str) -> Decimal:
    """A finite, non-negative number from JSON (parsed with Decimal for floats, so never rounded)."""
    if isinstance(value, bool) or not isinstance(value, (int, Decimal, float)):
        raise RowError(f"{what} is not a number ({value!r})")
    if isinstance(value, float) and not math.isfinite(value):
        raise RowError(f"{what} is not a finite number ({value!r})")
    try:
        result = Decimal(value) if not isinstance(value, float) else Decimal(repr(value))
    except InvalidOperation as exc:
        raise RowError(f"{what} is not a number ({value!r})") from exc
    if not result.is_finite():
        raise RowError(f"{what} is not a finite number ({value!r})")
    if result < 0:
        raise RowError(f"{what} is negative ({value})")
    return result


def price_per_million(value, what: str, per_token: bool, parsed: Parsed) -> Decimal:
    amount = number(value, what) * (MILLION if per_token else 1)
    if not plausible_price(amount):
        raise RowError(f"{what} is absurd: ${amount.normalize():f} per 1M tokens")
    stored = amount.quantize(PRICE_PLACES, rounding=ROUND_HALF_EVEN)
    if stored != amount:
        parsed.rounded += 1
    return stored


def token_count(value, what: str) -> int:
    amount = number(value, what)
    if amount != amount.to_integral_value():
        raise RowError(f"{what} is not a whole number ({value})")
    if not plausible_tokens(amount):
        raise RowError(f"{what} is absurd ({value})")
    return int(amount)


def flag(value, what: str) -> str:
    if not isinstance(value, bool):
        raise RowError(f"{what} is not true or false ({value!r})")
    return "yes" if value else "no"


def day(value, what: str) -> datetime.date:
    """"2024-09-25", or a month "2023-12" (stored as its first day)."""
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", value):
        raise RowError(f"{what} is not a date ({value!r})")
    try:
        return datetime.date.fromisoformat(value if len(value) == 10 else f"{value}-01")
    except ValueError as exc:
        raise RowError(f"{what} is not a date ({value!r})") from exc


def http_url(value) -> str:
    return value if isinstance(value, str) and re.match(r"https?://\S+$", value) and len(value) <= 500 else ""


# Names and keys ----------------------------------------------------------------------------------

_REGION = re.compile(r"^(us|eu|apac|ap|jp|au|ca|global|us-gov)\.(?=[a-z])")
_VENDOR_PREFIX = re.compile(
    r"^(meta|amazon|anthropic|cohere|mistral|ai21|deepseek|qwen|openai|writer|google|twelvelabs|moonshotai|minimax)\.(?=[a-z])"
)
_SUFFIXES = [
    re.compile(r"-v\d+(:\d+)?$"),  # bedrock versions: -v1:0
    re.compile(r":\d+$"),
    re.compile(r"(?<=instruct)-turbo$"),  # Together's serving variant of an instruct model
]
_ACRONYMS = {
    "gpt": "GPT", "glm": "GLM", "vl": "VL", "it": "IT", "ai": "AI", "oss": "oss", "moe": "MoE", "r1": "R1",
}


def split_region(model_id: str) -> tuple[str, str]:
    """Bedrock's "us.meta.llama3-2-1b-instruct-v1:0" is region "us" of "meta.llama3-2-1b-instruct-v1:0"."""
    match = _REGION.match(model_id)
    return (match.group(1), model_id[match.end():]) if match else ("", model_id)


FREE_SUFFIX = ":free"


def free_variant(provider_key: str, model_id: str, name: str) -> tuple[str, str, str]:
    """A router's rate-limited free variant ("meta-llama/llama-3.2-3b-instruct:free", named "... (free)") is
    the same model at another provider, the router's free tier: provider key "<key>:free", and the id and
    name without the suffix so that it matches the model."""
    if not model_id.endswith(FREE_SUFFIX):
        return provider_key, model_id, name
    name = re.sub(r"\s*\(free\)$", "", name, flags=re.IGNORECASE) or name
    return f"{provider_key}{FREE_SUFFIX}", model_id.removesuffix(FREE_SUFFIX), name


def base_name(text: str) -> str:
    """The model part of an id or a name: no provider path, vendor prefix, region or version suffix."""
    text = text.strip()
    if ": " in text:  # "Meta: Llama 3.2 1B Instruct"
        text = text.split(": ", 1)[1]
    text = text.rsplit("/", 1)[-1].lower()
    text = _VENDOR_PREFIX.sub("", split_region(text)[1])
    for suffix in _SUFFIXES:
        text = suffix.sub("", text)
    # Fireworks writes versions with "p" for the dot: llama-v3p2 is llama 3.2.
    text = re.sub(r"(?<![a-z0-9])v(\d+)p(\d+)", r"\1.\2", text)
    return text


def model_key(text: str) -> str:
    """The key that identifies one model across sources and providers: letters and digits only.

    "llama-v3p2-1b-instruct", "meta.llama3-2-1b-instruct-v1:0", "meta-llama/Llama-3.2-1B-Instruct-Turbo"
    and "Llama 3.2 1B Instruct" all give "llama321binstruct"; "llama-v3p2-1b" (the base model) does not.
    """
    return re.sub(r"[^a-z0-9]", "", base_name(text))


def guess_name(model_id: str) -> str:
    """A readable name from an id, for models no source names:
    "llama-3.2-1b-instruct" -> "Llama 3.2 1B Instruct"."""
    words = [w for w in re.split(r"[-_\s/]+", base_name(model_id)) if w]
    out = []
    for word in words:
        if word in _ACRONYMS:
            out.append(_ACRONYMS[word])
        elif re.fullmatch(r"\d+(\.\d+)?[bmk]", word):
            out.append(word.upper())
        elif re.fullmatch(r"\d+x\d+b", word):
            out.append(word.upper().replace("X", "x"))
        else:
            out.append(word[:1].upper() + word[1:])
    return " ".join(out)[:150] or model_id[:150]


def guess_purpose(text: str) -> str:
    words = set(make_slug(text).split("-"))
    key = model_key(text)
    if "guard" in words or "guard" in key or "moderation" in words:
        return Purpose.SAFETY_CLASSIFIER
    if "embed" in key or "embedding" in words:
        return Purpose.EMBEDDING
    if words & {"coder", "code", "codestral", "devstral", "codex"}:
        return Purpose.CODE
    return Purpose.CHAT


# Model families to the vendor that makes them (matched on the start of the model key).
VENDOR_BY_FAMILY = [
    ("llama", "meta", "Meta"), ("codellama", "meta", "Meta"),
    ("gpt", "openai", "OpenAI"), ("chatgpt", "openai", "OpenAI"), ("o1", "openai", "OpenAI"),
    ("o3", "openai", "OpenAI"), ("o4", "openai", "OpenAI"), ("codex", "openai", "OpenAI"),
    ("davinci", "openai", "OpenAI"), ("babbage", "openai", "OpenAI"),
    ("claude", "anthropic", "Anthropic"),
    ("gemini", "google", "Google"), ("gemma", "google", "Google"), ("palm", "google", "Google"),
    ("mistral", "mistral-ai", "Mistral AI"), ("mixtral", "mistral-ai", "Mistral AI"),
    ("codestral", "mistral-ai", "Mistral AI"), ("ministral", "mistral-ai", "Mistral AI"),
    ("magistral", "mistral-ai", "Mistral AI"), ("devstral", "mistral-ai", "Mistral AI"),
    ("pixtral", "mistral-ai", "Mistral AI"), ("voxtral", "mistral-ai", "Mistral AI"),
    ("openmistral", "mistral-ai", "Mistral AI"),
    ("deepseek", "deepseek", "DeepSeek"),
    ("qwen", "alibaba", "Alibaba"), ("qwq", "alibaba", "Alibaba"),
    ("grok", "xai", "xAI"),
    ("command", "cohere", "Cohere"), ("aya", "cohere", "Cohere"), ("c4ai", "cohere", "Cohere"),
    ("nova", "amazon", "Amazon"), ("titan", "amazon", "Amazon"),
    ("phi", "microsoft", "Microsoft"), ("wizardlm", "microsoft", "Microsoft"),
    ("nemotron", "nvidia", "NVIDIA"), ("nvidia", "nvidia", "NVIDIA"),
    ("jamba", "ai21", "AI21 Labs"), ("j2", "ai21", "AI21 Labs"),
    ("glm", "zhipu-ai", "Zhipu AI"), ("kimi", "moonshot-ai", "Moonshot AI"),
    ("minimax", "minimax", "MiniMax"), ("abab", "minimax", "MiniMax"),
    ("ernie", "baidu", "Baidu"), ("hunyuan", "tencent", "Tencent"),
    ("yi", "01-ai", "01.AI"), ("sonar", "perplexity", "Perplexity"), ("granite", "ibm", "IBM"),
    ("olmo", "ai2", "Ai2"), ("falcon", "tii", "Technology Innovation Institute"),
    ("dbrx", "databricks", "Databricks"), ("arctic", "snowflake", "Snowflake"), ("reka", "reka", "Reka"),
    ("hermes", "nous-research", "Nous Research"),
    ("step", "stepfun", "StepFun"), ("doubao", "bytedance", "ByteDance"), ("seed", "bytedance", "ByteDance"),
]
UNATTRIBUTED = ("unattributed", "Unattributed (needs an editor)")


def guess_vendor(model_id: str, name: str) -> tuple[str, str]:
    """(slug, name) of the vendor that makes a model, from its family name; unattributed when unknown."""
    for text in (name, model_id):
        key = model_key(text)
        for prefix, slug, vendor_name in VENDOR_BY_FAMILY:
            if key.startswith(prefix):
                return slug, vendor_name
    return UNATTRIBUTED
