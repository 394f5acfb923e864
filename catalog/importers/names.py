"""One model's identity across sources, providers and id styles, and the name people use for it.

`model_key` is what decides that two entries are one model. It survives:
- provider paths and vendor prefixes: "vertex_ai/", "anthropic.", "us.anthropic.", "Anthropic: ",
  "databricks-claude-...", "meta-llama/";
- id styles: "@" and "-v1:0" suffixes, ":" tags ("gpt-oss:120b"), Fireworks' "p" for a dot ("v3p2"),
  a version written with hyphens ("claude-3-5", "llama3-2") or words in another order ("Claude Haiku 3.5");
- dated snapshots ("-20241022", "@20241022", "-2024-08-06", "-2507", "-0613", "-001") and "-latest"
  aliases: one model, one page; the date stays on the entry (`split_snapshot`) for its name and offering id.
Version numbers keep their dots, so "3.2" never meets "32". A base model keeps apart from its instruct
variant ("Llama 3.2 1B" vs "Llama 3.2 1B Instruct", both released), except in families released only as
instruct models (Llama 3.3 70B and Llama 4; Gemma's "-it"), where "Instruct" names no second model.
Serving variants (quantisation "fp8", Groq's "versatile", Vertex's "maas", Together's "instruct-turbo")
are the same model.
"""

import datetime
import re

from .families import VENDOR_BY_ORG, is_family

_REGION = re.compile(r"^(us|eu|apac|ap|jp|au|ca|in|global|us-gov)\.(?=[a-z])")
# Words before a model's family that name a vendor, a provider or a plan, never the model.
_LEADING = set(VENDOR_BY_ORG) | {
    "databricks", "azure", "snowflake", "cerebras", "fw", "system", "ai", "in", "us", "eu", "apac", "global",
    "gradient", "together", "workers", "cf", "duo", "chat", "coding", "accounts", "models", "hf", "aws",
    "vertex", "bedrock", "oci", "z", "x", "labs", "nim", "ollama", "venice",
}
_SERVING = {"fp8", "fp16", "bf16", "int4", "int8", "awq", "gguf", "hf", "maas", "versatile", "latest"}
# Families released only as instruct (or "-it") models: "Instruct" there names no second model.
_INSTRUCT_ONLY = [("llama", "3.3"), ("llama", "4"), ("gemma",)]
_ACRONYMS = {
    "gpt": "GPT", "glm": "GLM", "vl": "VL", "it": "IT", "ai": "AI", "oss": "OSS", "moe": "MoE", "r1": "R1",
    "qvq": "QVQ", "qwq": "QwQ", "bge": "BGE", "en": "EN", "ocr": "OCR", "tts": "TTS", "mimo": "MiMo",
    "minimax": "MiniMax", "deepseek": "DeepSeek", "xai": "xAI", "lfm": "LFM", "api": "API",
}
# Families written with a space before their version ("Llama 3.2"), or a hyphen ("GPT-4o").
_SPACED = {"llama", "claude", "gemini", "gemma", "mistral", "mixtral", "phi", "command", "nova", "grok"}
_HYPHENED = {"gpt", "glm"}
_GENERIC = {"chat", "gpt", "model", "default", "auto"}
ROUTER_WORDS = {"auto", "router", "model-router", "model_router"}


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


def display_name(name: str) -> str:
    """A source's display name without the vendor before it or an alias marker:
    "Anthropic: Claude 3.5 Haiku" and "Claude Haiku 3.5 (latest)" are the model's name."""
    name = re.sub(r"\s+", " ", name).strip()
    if ": " in name:
        name = name.split(": ", 1)[1]
    return re.sub(r"\s*(\((latest|free)\)|\blatest)$", "", name, flags=re.IGNORECASE).strip()


def model_part(text: str) -> str:
    """The model part of an id or a name, lowercased: no provider path, vendor prefix, region, "@cf",
    Bedrock version suffix; ":" tags and "_" become hyphens, a "p" between digits a dot."""
    text = display_name(text)
    # A date in a display name: "Command A (08/2025)" is the snapshot "08-2025".
    text = re.sub(r"\s*\((\d\d)/(20\d\d)\)$", r"-\1-\2", text)
    text = re.sub(r"\s*\((20\d\d-\d\d(-\d\d)?)\)$", r"-\1", text)
    text = text.rsplit("/", 1)[-1].lower()
    text = split_region(text)[1]
    text = re.sub(r"-v\d+:\d+$", "", text)  # Bedrock: -v1:0
    text = re.sub(r":\d+$", "", text)
    text = re.sub(r"(?<=[a-z])\.(?=[a-z])", "-", text)  # "anthropic.claude", "xai.grok"
    text = re.sub(r"[:_\s]+", "-", text)
    text = re.sub(r"(?<![a-z0-9])v(\d+)p(\d+)", r"\1.\2", text)  # Fireworks: llama-v3p2 is llama 3.2
    text = re.sub(r"(?<=\d)p(?=\d)", ".", text)  # qwen2p5
    return text


def _valid(year: int, month: int, day: int = 1) -> bool:
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return 2020 <= year <= 2035


def split_snapshot(text: str) -> tuple[str, str]:
    """(the id without its snapshot, the snapshot): "claude-3-5-haiku-20241022" -> ("claude-3-5-haiku",
    "2024-10-22"); "mistral-large-2411" -> (..., "2024-11"); "gpt-4-0613" -> (..., "0613"); "-001" too."""
    tail = r"(?=(-preview|-exp)?$)"
    if m := re.search(r"[-@](20\d\d)-?(\d\d)-?(\d\d)" + tail, text):
        if _valid(int(m[1]), int(m[2]), int(m[3])):
            return text[:m.start()] + text[m.end():], f"{m[1]}-{m[2]}-{m[3]}"
    if m := re.search(r"-(\d\d)-(20\d\d)" + tail, text):  # "command-r-08-2024"
        if _valid(int(m[2]), int(m[1])):
            return text[:m.start()] + text[m.end():], f"{m[2]}-{m[1]}"
    if m := re.search(r"(?<=-preview)-(\d\d)-(\d\d)$", text):  # "gemini-2.5-pro-preview-05-06"
        return text[:m.start()], f"{m[1]}-{m[2]}"
    if m := re.search(r"[-@](\d\d)(\d\d)(\d\d)" + tail, text):  # "doubao-seed-2-0-lite-260428"
        if _valid(2000 + int(m[1]), int(m[2]), int(m[3])) and int(m[1]) >= 23:
            return text[:m.start()] + text[m.end():], f"20{m[1]}-{m[2]}-{m[3]}"
    if m := re.search(r"[-@](\d\d)(\d\d)" + tail, text):
        first, second = int(m[1]), int(m[2])
        if 23 <= first <= 29 and 1 <= second <= 12:  # "2507": July 2025
            return text[:m.start()] + text[m.end():], f"20{m[1]}-{m[2]}"
        if 1 <= first <= 12 and 1 <= second <= 31:  # "0613": June 13th
            return text[:m.start()] + text[m.end():], f"{m[1]}{m[2]}"
    if m := re.search(r"[-@](00\d)$", text):  # Google's stable versions: gemini-1.5-pro-002
        return text[:m.start()], m[1]
    return text, ""


def is_alias(text: str) -> bool:
    """"claude-3-5-haiku-latest", "Claude Haiku 3.5 (latest)": a name that moves to each new version."""
    return bool(re.search(r"([-:]|\b)latest\)?$", text.strip().lower()))


def model_words(text: str) -> list[str]:
    """The words of a model's name in order, without vendor/provider words before its family, its
    snapshot or "latest": "us.anthropic.claude-3-5-haiku-20241022-v1:0" -> ["claude", "3", "5", "haiku"]."""
    part = model_part(text)
    part = re.sub(r"[-@]latest$", "", part)
    part, _ = split_snapshot(part)
    words = [w for w in re.split(r"[-.\s]+", re.sub(r"(?<=\d)\.(?=\d)", "·", part)) if w]
    words = [w.replace("·", ".") for w in words]
    # Serving variants of one model: "-fp8", Cloudflare's "-fp8-fast", Groq's "-versatile".
    words = [
        w for i, w in enumerate(words)
        if w not in _SERVING and not (w == "fast" and i and words[i - 1] == "fp8")
    ]
    for n in range(min(3, len(words) - 1), 0, -1):
        if all(w in _LEADING for w in words[:n]) and is_family(words[n]):
            return words[n:]
    return words


def _tokens(text: str) -> list[str]:
    """Version groups, sizes and letter runs: "llama3-2-11b-instruct" -> llama, 3.2, 11b, instruct."""
    words = model_words(text)
    joined = "-".join(words)
    if words and words[0] == "gpt":
        joined = re.sub(r"^gpt-35\b", "gpt-3.5", joined)  # Azure writes gpt-35-turbo
    # Hyphens between bare numbers are version dots: 3-5-haiku is 3.5, but 3-70b is 3 and 70b.
    joined = re.sub(r"(?<=\d)-(?=\d+(?![\d.]*[a-z]))", ".", joined)
    tokens = re.findall(r"\d+(?:\.\d+)*[a-z]*|[a-z]+", joined)
    out = []
    for i, token in enumerate(tokens):
        if token == "v" and i + 1 < len(tokens) and tokens[i + 1][0].isdigit():
            continue  # "DeepSeek V3" and "deepseek-3": the v marks the version
        if token in _SERVING or (token == "turbo" and out[-1:] == ["instruct"]):
            continue
        out.append(token)
    if any(out[:len(family)] == list(family) for family in _INSTRUCT_ONLY):
        out = [t for t in out if t not in ("instruct", "it")]
    return out


def model_key(text: str) -> str:
    """The key that identifies one model across sources and providers (see the module docstring).

    "claude-3-5-haiku-20241022", "anthropic.claude-3-5-haiku-20241022-v1:0",
    "vertex_ai/claude-3-5-haiku@20241022", "anthropic/claude-3.5-haiku" and "Claude Haiku 3.5" give one
    key; "llama-v3p2-1b" (the base model) and "llama-v3p2-1b-instruct" give two.
    """
    return " ".join(sorted(_tokens(text)))


def guess_name(model_id: str, snapshot: str | None = None) -> str:
    """A readable name from an id, for models no source names, its version dots and date restored:
    "claude-3-5-haiku-20241022" -> "Claude 3.5 Haiku (2024-10-22)", "llama3-2-11b-instruct" ->
    "Llama 3.2 11B Instruct", "gpt-oss:120b-cloud" -> "GPT-OSS 120B Cloud"."""
    if snapshot is None:
        snapshot = split_snapshot(re.sub(r"[-@]latest$", "", model_part(model_id)))[1]
    joined = re.sub(r"(?<=\d)-(?=\d+(?![\d.]*[a-z]))", ".", "-".join(model_words(model_id)))
    out: list[str] = []
    for word in joined.split("-"):
        family = re.match(r"([a-z]+)(\d[\d.]*)$", word)
        if family and family[1] in _SPACED | _HYPHENED:
            glue = "-" if family[1] in _HYPHENED else " "
            out.append(_ACRONYMS.get(family[1], family[1].capitalize()) + glue + family[2])
        elif word in _ACRONYMS:
            out.append(_ACRONYMS[word])
        elif re.fullmatch(r"[a-z]?\d+(\.\d+)?[bmkt]|\d+x\d+b|a\d+b|\d+e", word):
            out.append(word.upper().replace("X", "x"))
        elif re.fullmatch(r"v\d+(\.\d+)*", word):
            out.append(word.upper())
        else:
            out.append(word[:1].upper() + word[1:])
    text = " ".join(out)
    text = re.sub(r"\b(GPT|GLM) (?=\d)", r"\1-", text)  # "GPT-4o", "GLM-4.5"
    text = re.sub(r"\bGPT OSS\b", "GPT-OSS", text)
    if snapshot:
        text = f"{text} ({snapshot})"
    return text[:150] or model_id[:150]


def not_a_model(model_id: str, name: str = "") -> str:
    """Why an entry is no model of its own ("" when it is one): a fine-tune of a customer's, a router
    that picks a model per request, or an alias that points at no fixed version."""
    lowered = model_id.lower()
    if lowered.startswith("ft:") or "/ft:" in lowered or lowered.startswith("ft-"):
        return "fine-tune (not a model of its own)"
    last = lowered.rsplit("/", 1)[-1]
    parts = set(re.split(r"[-_/]", lowered))
    if last in ROUTER_WORDS or parts & {"router", "routers"} or lowered.startswith(("kilo-auto/", "auto/")) \
            or lowered in ("openrouter/free", "free"):
        return "router (picks a model per request)"
    if re.match(r"together-ai-(embedding-)?(up-to-|[\d.]+[bm]?-)", lowered):
        return "price band (by model size), not a model"
    if (is_alias(model_id) or is_alias(name)) and set(_tokens(model_id)) <= _GENERIC:
        return "alias of no fixed model"  # "chat-latest": whatever the provider serves today
    return ""
