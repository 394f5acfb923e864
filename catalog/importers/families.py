"""Who makes a model and what it is for, from what its ids and names say.

Vendor attribution, most reliable first: the model's family (the first word of its name once provider and
vendor prefixes are gone: "claude" is Anthropic's, "glm" Z.ai's), a vendor-specific word anywhere in it
("nemotron" is NVIDIA's, even as "llama-3.1-nemotron"), the lab's own prefix in the id ("moonshotai/",
"zai-org/", "inclusionai/"), the vendor a source writes before the name ("Arcee AI: Coder Large"), then the
provider when the provider is the lab itself (Moonshot AI's API serves Moonshot AI's models). Otherwise
unattributed: an editor decides.
"""

import re

from ..models import Purpose

# Model families to the vendor that makes them (matched on the start of the first word of the model part).
VENDOR_BY_FAMILY = [
    ("llama", "meta", "Meta"), ("codellama", "meta", "Meta"), ("muse", "meta", "Meta"),
    ("gpt", "openai", "OpenAI"), ("chatgpt", "openai", "OpenAI"), ("o1", "openai", "OpenAI"),
    ("o3", "openai", "OpenAI"), ("o4", "openai", "OpenAI"), ("codex", "openai", "OpenAI"),
    ("davinci", "openai", "OpenAI"), ("babbage", "openai", "OpenAI"), ("whisper", "openai", "OpenAI"),
    ("dall", "openai", "OpenAI"), ("sora", "openai", "OpenAI"), ("tts", "openai", "OpenAI"),
    ("claude", "anthropic", "Anthropic"),
    ("gemini", "google", "Google"), ("gemma", "google", "Google"), ("codegemma", "google", "Google"),
    ("palm", "google", "Google"), ("learnlm", "google", "Google"), ("medlm", "google", "Google"),
    ("shieldgemma", "google", "Google"), ("imagen", "google", "Google"), ("veo", "google", "Google"),
    ("lyria", "google", "Google"), ("chirp", "google", "Google"),
    ("mistral", "mistral-ai", "Mistral AI"), ("mixtral", "mistral-ai", "Mistral AI"),
    ("codestral", "mistral-ai", "Mistral AI"), ("ministral", "mistral-ai", "Mistral AI"),
    ("magistral", "mistral-ai", "Mistral AI"), ("devstral", "mistral-ai", "Mistral AI"),
    ("pixtral", "mistral-ai", "Mistral AI"), ("voxtral", "mistral-ai", "Mistral AI"),
    ("openmistral", "mistral-ai", "Mistral AI"), ("leanstral", "mistral-ai", "Mistral AI"),
    ("deepseek", "deepseek", "DeepSeek"),
    ("qwen", "alibaba", "Alibaba"), ("qwq", "alibaba", "Alibaba"), ("qvq", "alibaba", "Alibaba"),
    ("tongyi", "alibaba", "Alibaba"), ("wan", "alibaba", "Alibaba"),
    ("grok", "xai", "xAI"),
    ("command", "cohere", "Cohere"), ("aya", "cohere", "Cohere"), ("c4ai", "cohere", "Cohere"),
    ("nova", "amazon", "Amazon"), ("titan", "amazon", "Amazon"),
    ("phi", "microsoft", "Microsoft"), ("wizardlm", "microsoft", "Microsoft"), ("mai", "microsoft",
    "Microsoft"),
    ("nemotron", "nvidia", "NVIDIA"), ("nvidia", "nvidia", "NVIDIA"), ("cosmos", "nvidia", "NVIDIA"),
    ("jamba", "ai21", "AI21 Labs"), ("j2", "ai21", "AI21 Labs"),
    ("glm", "z-ai", "Z.ai"), ("chatglm", "z-ai", "Z.ai"), ("codegeex", "z-ai", "Z.ai"), ("autoglm", "z-ai",
    "Z.ai"),
    ("cogview", "z-ai", "Z.ai"),
    ("kimi", "moonshot-ai", "Moonshot AI"), ("moonshot", "moonshot-ai", "Moonshot AI"),
    ("minimax", "minimax", "MiniMax"), ("abab", "minimax", "MiniMax"),
    ("ernie", "baidu", "Baidu"), ("hunyuan", "tencent", "Tencent"), ("hy", "tencent", "Tencent"),
    ("yi", "01-ai", "01.AI"), ("sonar", "perplexity", "Perplexity"), ("pplx", "perplexity", "Perplexity"),
    ("r1776", "perplexity", "Perplexity"), ("granite", "ibm", "IBM"),
    ("olmo", "ai2", "Ai2"), ("molmo", "ai2", "Ai2"), ("tulu", "ai2", "Ai2"),
    ("falcon", "tii", "Technology Innovation Institute"),
    ("dbrx", "databricks", "Databricks"), ("arctic", "snowflake", "Snowflake"), ("reka", "reka", "Reka"),
    ("hermes", "nous-research", "Nous Research"), ("deephermes", "nous-research", "Nous Research"),
    ("step", "stepfun", "StepFun"), ("doubao", "bytedance", "ByteDance"), ("seed", "bytedance", "ByteDance"),
    ("mimo", "xiaomi", "Xiaomi"), ("ling", "inclusionai", "inclusionAI"), ("ring", "inclusionai",
    "inclusionAI"),
    ("mercury", "inception", "Inception"), ("trinity", "arcee-ai", "Arcee AI"),
    ("longcat", "meituan", "Meituan"), ("lfm", "liquid-ai", "Liquid AI"), ("jina", "jina-ai", "Jina AI"),
    ("voyage", "voyage-ai", "Voyage AI"), ("solar", "upstage", "Upstage"), ("palmyra", "writer", "Writer"),
    ("inflection", "inflection-ai", "Inflection AI"), ("sarvam", "sarvam-ai", "Sarvam AI"),
    ("gigachat", "sber", "Sber"), ("baichuan", "baichuan", "Baichuan"), ("intellect", "prime-intellect",
    "Prime Intellect"),
    ("cogito", "deep-cogito", "Deep Cogito"), ("kat", "kwaipilot", "Kwaipilot"), ("pegasus", "twelvelabs",
    "TwelveLabs"),
    ("marengo", "twelvelabs", "TwelveLabs"), ("swe", "cognition", "Cognition"), ("bge", "baai", "BAAI"),
    ("starcoder", "bigcode", "BigCode"), ("starcoder2", "bigcode", "BigCode"), ("inkling",
    "thinking-machines", "Thinking Machines"),
    ("rnj", "essential-ai", "Essential AI"), ("apertus", "swiss-ai", "Swiss AI"), ("internvl",
    "shanghai-ai-lab", "Shanghai AI Lab"),
    ("internlm", "shanghai-ai-lab", "Shanghai AI Lab"), ("minicpm", "openbmb", "OpenBMB"), ("jais", "g42",
    "G42"),
    ("aion", "aionlabs", "AionLabs"), ("relace", "relace", "Relace"), ("morph", "morph", "Morph"),
    ("laguna", "poolside", "Poolside"), ("compound", "groq", "Groq"),
]
# Families whose first word says nothing alone ("text-embedding-3-small", "code-llama-13b").
VENDOR_BY_PHRASE = [
    ("text-embedding-3", "openai", "OpenAI"), ("text-embedding-ada", "openai", "OpenAI"),
    ("ada", "openai", "OpenAI"), ("text-moderation", "openai", "OpenAI"), ("omni-moderation", "openai",
    "OpenAI"),
    ("text-davinci", "openai", "OpenAI"), ("computer-use", "openai", "OpenAI"),
    ("text-embedding-00", "google", "Google"), ("text-multilingual-embedding", "google", "Google"),
    ("multimodalembedding", "google", "Google"), ("textembedding-gecko", "google", "Google"),
    ("code-llama", "meta", "Meta"), ("mamba-codestral", "mistral-ai", "Mistral AI"),
    ("embed-v", "cohere", "Cohere"), ("embed-english", "cohere", "Cohere"),
    ("embed-multilingual", "cohere", "Cohere"), ("rerank-", "cohere", "Cohere"),
    ("gte-", "alibaba", "Alibaba"), ("nomic-", "nomic-ai", "Nomic AI"), ("phind-", "phind", "Phind"),
    ("e5-", "microsoft", "Microsoft"), ("multilingual-e5", "microsoft", "Microsoft"),
    ("flux-", "black-forest-labs", "Black Forest Labs"), ("gigaembeddings", "sber", "Sber"),
    ("embeddingsgiga", "sber", "Sber"), ("dolphin", "cognitive-computations", "Cognitive Computations"),
    ("chatdolphin", "cognitive-computations", "Cognitive Computations"),
]
# Words that name a vendor wherever they stand in a model's name (NVIDIA's Llama fine-tunes are NVIDIA's).
VENDOR_WORDS = {"nemotron": ("nvidia", "NVIDIA")}

# A lab's own prefix in ids ("moonshotai/kimi-k2", "zai-org/GLM-4.6"), letters and digits only.
_ORGS = {
    "Meta": ("meta", ["metallama", "meta", "codellama", "metamodels", "facebook"]),
    "Mistral AI": ("mistral-ai", ["mistralai", "mistral"]),
    "DeepSeek": ("deepseek", ["deepseekai", "deepseek"]),
    "Alibaba": ("alibaba", ["qwen", "alibaba", "alibabanlp", "alibabacloud"]),
    "Google": ("google", ["google", "googledeepmind"]),
    "Anthropic": ("anthropic", ["anthropic", "claudeplatform"]),
    "OpenAI": ("openai", ["openai"]),
    "Moonshot AI": ("moonshot-ai", ["moonshotai", "moonshot", "kimi"]),
    "Z.ai": ("z-ai", ["zaiorg", "zai", "thudm", "zhipuai", "zhipu"]),
    "NVIDIA": ("nvidia", ["nvidia"]),
    "MiniMax": ("minimax", ["minimax", "minimaxai"]),
    "xAI": ("xai", ["xai"]),
    "Baidu": ("baidu", ["baidu", "paddlepaddle"]),
    "Microsoft": ("microsoft", ["microsoft"]),
    "Perplexity": ("perplexity", ["perplexity", "perplexityai"]),
    "Xiaomi": ("xiaomi", ["xiaomi", "xiaomimimo"]),
    "Arcee AI": ("arcee-ai", ["arceeai"]),
    "Amazon": ("amazon", ["amazon", "amazonnova"]),
    "Cohere": ("cohere", ["cohere", "cohereforai", "coherelabs"]),
    "Tencent": ("tencent", ["tencent"]),
    "IBM": ("ibm", ["ibm", "ibmgranite"]),
    "inclusionAI": ("inclusionai", ["inclusionai"]),
    "AionLabs": ("aionlabs", ["aionlabs"]),
    "Ai2": ("ai2", ["allenai"]),
    "Nous Research": ("nous-research", ["nousresearch"]),
    "StepFun": ("stepfun", ["stepfun", "stepfunai"]),
    "ByteDance": ("bytedance", ["bytedance", "bytedanceseed", "volcengine"]),
    "Sao10K": ("sao10k", ["sao10k"]),
    "TheDrummer": ("thedrummer", ["thedrummer"]),
    "Inflection AI": ("inflection-ai", ["inflection"]),
    "Inception": ("inception", ["inception", "inceptionlabs"]),
    "Thinking Machines": ("thinking-machines", ["thinkingmachines"]),
    "Meituan": ("meituan", ["meituan", "meituanlongcat"]),
    "Essential AI": ("essential-ai", ["essentialai"]),
    "Liquid AI": ("liquid-ai", ["liquid", "liquidai"]),
    "Reka": ("reka", ["rekaai", "reka"]),
    "Poolside": ("poolside", ["poolside"]),
    "Deep Cogito": ("deep-cogito", ["deepcogito"]),
    "Upstage": ("upstage", ["upstage"]),
    "Writer": ("writer", ["writer"]),
    "Kwaipilot": ("kwaipilot", ["kwaipilot"]),
    "AI21 Labs": ("ai21", ["ai21", "ai21labs"]),
    "Baichuan": ("baichuan", ["baichuan", "baichuaninc"]),
    "Swiss AI": ("swiss-ai", ["swissai"]),
    "Prime Intellect": ("prime-intellect", ["primeintellect"]),
    "Gryphe": ("gryphe", ["gryphe"]),
    "Anthracite": ("anthracite", ["anthraciteorg"]),
    "Relace": ("relace", ["relace"]),
    "Morph": ("morph", ["morph"]),
    "BAAI": ("baai", ["baai"]),
    "Jina AI": ("jina-ai", ["jinaai", "jina"]),
    "Voyage AI": ("voyage-ai", ["voyage", "voyageai"]),
    "TwelveLabs": ("twelvelabs", ["twelvelabs"]),
    "Groq": ("groq", ["groq"]),
    "Nomic AI": ("nomic-ai", ["nomicai"]),
    "Vercel": ("vercel", ["vercel", "v0"]),
    "Sber": ("sber", ["gigachat", "sber", "aigigachat"]),
    "Cognitive Computations": ("cognitive-computations", ["cognitivecomputations"]),
}
VENDOR_BY_ORG_EXTRA = {"intfloat": ("microsoft", "Microsoft"), "thenlper": ("alibaba", "Alibaba")}
VENDOR_BY_ORG = {org: (slug, name) for name, (slug, orgs) in _ORGS.items() for org in orgs}
VENDOR_BY_ORG.update(VENDOR_BY_ORG_EXTRA)

# Source providers that are the lab itself: what they serve, they make (after every other clue).
LAB_PROVIDERS = {
    "anthropic": "anthropic", "openai": "openai", "text-completion-openai": "openai", "xai": "xai",
    "deepseek": "deepseek", "moonshot": "moonshotai", "moonshotai": "moonshotai",
    "moonshotai-cn": "moonshotai",
    "kimi-for-coding": "moonshotai", "zai": "zai", "zai-coding-plan": "zai", "zhipuai": "zai",
    "zhipuai-coding-plan": "zai", "minimax": "minimax", "minimax-cn": "minimax",
    "minimax-coding-plan": "minimax",
    "minimax-cn-coding-plan": "minimax", "mistral": "mistral", "codestral": "mistral", "cohere": "cohere",
    "cohere_chat": "cohere", "gemini": "google", "google": "google", "inception": "inception",
    "perplexity": "perplexity", "sarvam": "sarvam", "gigachat": "gigachat", "tencent": "tencent",
    "tencent-coding-plan": "tencent", "bailing": "inclusionai", "upstage": "upstage", "ai21": "ai21",
    "xiaomi": "xiaomi", "xiaomi-token-plan-ams": "xiaomi", "xiaomi-token-plan-cn": "xiaomi",
    "xiaomi-token-plan-sgp": "xiaomi", "stepfun": "stepfun", "stepfun-ai": "stepfun", "morph": "morph",
    "meta": "meta", "meta_llama": "meta", "llama": "meta", "cognition": "cognition", "voyage": "voyage",
    "jina_ai": "jina", "reka": "reka", "groq": "", "alibaba": "alibaba", "alibaba-cn": "alibaba",
    "dashscope": "alibaba", "alibaba-coding-plan": "alibaba", "alibaba-coding-plan-cn": "alibaba",
    "v0": "vercel", "vertex_ai-language-models": "google", "vertex_ai-embedding-models": "google",
    "vertex_ai-text-models": "google", "vertex_ai-chat-models": "google",
    "vertex_ai-code-text-models": "google",
    "vertex_ai-code-chat-models": "google", "vertex_ai-vision-models": "google",
}
UNATTRIBUTED = ("unattributed", "Unattributed (needs an editor)")


def family_vendor(word: str) -> tuple[str, str] | None:
    for prefix, slug, vendor_name in VENDOR_BY_FAMILY:
        # Short families match whole words or a version ("qwen3", "o1"), never a longer word ("novita").
        if word.startswith(prefix) and (len(prefix) > 4 or not word[len(prefix):][:1].isalpha()):
            return slug, vendor_name
    return None


def is_family(word: str) -> bool:
    return family_vendor(word) is not None


def org_vendor(text: str) -> tuple[str, str] | None:
    return VENDOR_BY_ORG.get(re.sub(r"[^a-z0-9]", "", text.lower()))


# Purposes ----------------------------------------------------------------------------------------

# LiteLLM's `mode` for models that are not chat models but that the site can describe.
PURPOSE_BY_MODE = {
    "embedding": Purpose.EMBEDDING, "rerank": Purpose.RERANKER, "moderation": Purpose.SAFETY_CLASSIFIER,
}
_SAFETY = re.compile(r"(guard|shieldgemma|moderation|safeguard|llamaguard)")
_RERANK = re.compile(r"rerank")
_EMBED = re.compile(r"(embed|(^|[^a-z])(bge|e5|gte)([^a-z]|$))")
_CODE = {"coder", "code", "codestral", "devstral", "codex", "codegemma", "codellama", "starcoder",
"starcoder2"}


def guess_purpose(text: str, mode: str = "") -> str:
    """A model's purpose from a source's mode field, else from words in its id or name."""
    if mode in PURPOSE_BY_MODE:
        return PURPOSE_BY_MODE[mode]
    lowered = text.lower()
    if _RERANK.search(lowered):
        return Purpose.RERANKER
    if _SAFETY.search(lowered):
        return Purpose.SAFETY_CLASSIFIER
    if _EMBED.search(lowered):
        return Purpose.EMBEDDING
    if set(re.split(r"[^a-z0-9]+", lowered)) & _CODE:
        return Purpose.CODE
    return Purpose.CHAT
