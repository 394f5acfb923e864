"""Which of our providers a source's provider id means, and the names of those an import creates.

Slugs here are the ones catalog/provider_kinds.py gives a kind to; an editor's ProviderAlias comes first.
"""

from ..models import Source

# Source provider ids -> our provider slugs, for providers both sources and the demo catalog share.
PROVIDER_MAP = {
    Source.LITELLM: {
        "openai": "openai", "text-completion-openai": "openai", "anthropic": "anthropic",
        "gemini": "google-ai-studio", "vertex_ai": "google-vertex-ai",
        "vertex_ai-language-models": "google-vertex-ai", "vertex_ai-anthropic_models": "google-vertex-ai",
        "vertex_ai-llama_models": "google-vertex-ai", "vertex_ai-mistral_models": "google-vertex-ai",
        "vertex_ai-deepseek_models": "google-vertex-ai", "vertex_ai-qwen_models": "google-vertex-ai",
        "vertex_ai-ai21_models": "google-vertex-ai", "vertex_ai-openai_models": "google-vertex-ai",
        "vertex_ai-zai_models": "google-vertex-ai", "vertex_ai-minimax_models": "google-vertex-ai",
        "vertex_ai-moonshot_models": "google-vertex-ai", "vertex_ai-text-models": "google-vertex-ai",
        "bedrock": "aws-bedrock", "bedrock_converse": "aws-bedrock", "azure": "azure", "azure_ai": "azure",
        "azure_text": "azure", "fireworks_ai": "fireworks-ai", "together_ai": "together-ai", "groq": "groq",
        "deepinfra": "deepinfra", "openrouter": "openrouter", "openrouter:free": "openrouter-free",
        "mistral": "mistral-ai", "codestral": "mistral-ai", "text-completion-codestral": "mistral-ai",
        "nvidia_nim": "nvidia-nim", "cerebras": "cerebras", "cohere": "cohere", "cohere_chat": "cohere",
        "dashscope": "alibaba-cloud", "xai": "xai", "deepseek": "deepseek", "novita": "novita-ai",
        "cloudflare": "cloudflare-workers-ai", "vercel_ai_gateway": "vercel-ai-gateway",
        "perplexity": "perplexity", "databricks": "databricks", "nebius": "nebius", "sambanova": "sambanova",
        "moonshot": "moonshot-ai", "meta_llama": "meta-llama-api",
        # The same companies as models.dev's providers, under the slugs their models.dev names make.
        "wandb": "weights-biases", "friendliai": "friendliai", "zai": "z-ai", "gmi": "gmi-cloud",
        "sarvam": "sarvam-ai", "ovhcloud": "ovhcloud-ai-endpoints", "abliteration": "abliteration-ai",
        "text-completion-inception": "inception", "minimax": "minimax-minimax-io", "xiaomi_mimo": "xiaomi",
        "bigmodel": "zhipu-ai", "amazon_nova": "amazon-nova", "github_copilot": "github-copilot",
        "opencode_go": "opencode-go", "aihubmix": "aihubmix",
    },
    Source.MODELSDEV: {
        "amazon-bedrock": "aws-bedrock", "google": "google-ai-studio", "google-vertex": "google-vertex-ai",
        "google-vertex-anthropic": "google-vertex-ai", "togetherai": "together-ai", "nvidia": "nvidia-nim",
        "novita-ai": "novita-ai", "mistral": "mistral-ai", "alibaba": "alibaba-cloud",
        "deepinfra": "deepinfra", "cloudflare-workers-ai": "cloudflare-workers-ai",
        "vercel": "vercel-ai-gateway", "moonshotai": "moonshot-ai", "llama": "meta-llama-api",
        "nebius": "nebius", "fireworks-ai": "fireworks-ai", "azure": "azure", "openrouter": "openrouter",
        "openrouter:free": "openrouter-free", "friendli": "friendliai", "zai": "z-ai", "nova": "amazon-nova",
    },
}


# Display names for providers an import creates under a mapped slug.
PROVIDER_NAMES = {
    "openai": "OpenAI", "anthropic": "Anthropic", "google-ai-studio": "Google AI Studio",
    "google-vertex-ai": "Google Vertex AI", "aws-bedrock": "AWS Bedrock", "azure": "Azure",
    "fireworks-ai": "Fireworks AI", "together-ai": "Together AI", "groq": "Groq", "deepinfra": "DeepInfra",
    "openrouter": "OpenRouter", "mistral-ai": "Mistral AI", "nvidia-nim": "NVIDIA NIM",
    "cerebras": "Cerebras", "cohere": "Cohere", "alibaba-cloud": "Alibaba Cloud", "xai": "xAI",
    "deepseek": "DeepSeek", "novita-ai": "Novita AI", "cloudflare-workers-ai": "Cloudflare Workers AI",
    "vercel-ai-gateway": "Vercel AI Gateway", "perplexity": "Perplexity", "databricks": "Databricks",
    "nebius": "Nebius", "sambanova": "SambaNova", "moonshot-ai": "Moonshot AI",
    "meta-llama-api": "Meta Llama API", "openrouter-free": "OpenRouter (free variants)",
    "weights-biases": "Weights & Biases", "friendliai": "FriendliAI", "z-ai": "Z.ai",
    "gmi-cloud": "GMI Cloud", "sarvam-ai": "Sarvam AI", "ovhcloud-ai-endpoints": "OVHcloud AI Endpoints",
    "abliteration-ai": "abliteration.ai", "inception": "Inception",
    "minimax-minimax-io": "MiniMax (minimax.io)", "xiaomi": "Xiaomi", "zhipu-ai": "Zhipu AI",
    "amazon-nova": "Amazon Nova", "github-copilot": "GitHub Copilot",
    "opencode-go": "OpenCode Go", "aihubmix": "AIHubMix",
}


def provider_name(key: str) -> str:
    """A display name for a provider id no table names: "fireworks_ai" -> "Fireworks Ai"."""
    return " ".join(part[:1].upper() + part[1:] for part in key.replace("_", " ").replace("-", " ").split())
