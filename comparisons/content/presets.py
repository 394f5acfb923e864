"""Named workloads with pages of their own (/best/<slug>/): what each assumes, and its FAQ from the
ranking."""

from dataclasses import dataclass

from .calculation import format_cost
from .pricing import format_tokens
from .ranking import Ranking


@dataclass(frozen=True)
class Preset:
    slug: str
    name: str  # "a chatbot": completes "The cheapest models for ..."
    short: str  # "Chatbot": a link's text
    assumptions: tuple[str, ...]
    params: dict[str, str]  # the workload as /best/'s form takes it

    @property
    def title(self) -> str:
        return f"The cheapest models for {self.name}"


PRESETS = {
    p.slug: p
    for p in (
        Preset(
            "chatbot", "a chatbot", "Chatbot",
            (
                "100,000 conversation turns a month, each sending 2,000 tokens (a system prompt and the "
                "conversation so far) and receiving 400.",
                "Half of each prompt is the same system prompt and earlier turns, read from the prompt cache "
                "where the provider has a cached price.",
                "Any chat or code model; no capability required.",
            ),
            {
                "requests": "100000", "input_per_request": "2000", "output_per_request": "400",
                "cache_hit": "50",
            },
        ),
        Preset(
            "long-document-retrieval", "long-document retrieval with caching", "Long documents, cached",
            (
                "20,000 questions a month over long documents, each sending 60,000 tokens of retrieved text "
                "and receiving 800.",
                "Three quarters of each prompt is a document already in the prompt cache; a tenth is written "
                "to the cache (kept for 5 minutes).",
                "A context window of at least 128,000 tokens; long-context tiers apply where a prompt passes "
                "their threshold.",
            ),
            {
                "requests": "20000", "input_per_request": "60000", "output_per_request": "800",
                "cache_hit": "75", "cache_write": "10", "min_context": "128000",
            },
        ),
        Preset(
            "batch-classification", "batch classification", "Batch classification",
            (
                "1,000,000 short texts a month, each sending 500 tokens (instructions and the text) and "
                "receiving a 10-token label.",
                "Run as a nightly batch: at the provider's batch price or discount where it has one, else at "
                "standard rates.",
                "Any chat or code model; no capability required.",
            ),
            {
                "requests": "1000000", "input_per_request": "500", "output_per_request": "10",
                "pricing": "batch",
            },
        ),
        Preset(
            "agentic-coding", "an agent that writes code", "Agentic coding",
            (
                "20,000 agent steps a month, each sending 30,000 tokens (the task, the code and tool "
                "results) and receiving 2,000.",
                "80% of each prompt is read from the prompt cache and 10% written to it (kept for 5 "
                "minutes), as agents resend the conversation at every step.",
                "Function calling and a context window of at least 128,000 tokens.",
            ),
            {
                "requests": "20000", "input_per_request": "30000", "output_per_request": "2000",
                "cache_hit": "80", "cache_write": "10", "min_context": "128000",
                "capability": "function_calling",
            },
        ),
    )
}
DEFAULT = PRESETS["chatbot"]


def preset_faq(preset: Preset, ranking: Ranking) -> list[tuple[str, str]]:
    """Questions about a preset, answered from its ranking."""
    w = ranking.workload
    faq = []
    if ranking.ranked:
        first = ranking.ranked[0]
        answer = (
            f"{first.model.name} at {first.offering.label}: {format_cost(first.cost)} a month for "
            f"{w.input_tokens:,} input and {w.output_tokens:,} output tokens"
        )
        if len(ranking.ranked) > 1:
            second = ranking.ranked[1]
            answer += (
                f". Next is {second.model.name} at {second.offering.label}, "
                f"{format_cost(second.cost)} a month"
            )
        faq.append((f"What is the cheapest model for {preset.name}?", answer + "."))
    else:
        faq.append((f"What is the cheapest model for {preset.name}?",
                    "No model in the catalog has a price for this workload yet."))
    faq.append((
        "What does this ranking assume?",
        " ".join(preset.assumptions)
        + " Each model is priced at its cheapest provider that anyone can pay by the token.",
    ))
    if w.prompt_tokens:
        prompt = format_tokens(w.prompt_tokens)
        crossed = [r for r in ranking.ranked if any(w.prompt_tokens > t.threshold for t in r.offering.tiers)]
        if crossed:
            answer = (
                f"Yes, for {len(crossed)} of the {len(ranking.ranked)} models shown: a prompt of {prompt} "
                "tokens is longer than their offering's long-context threshold, so the whole request is "
                "billed at the tier's rates."
            )
        else:
            answer = (
                f"Not for the models shown: a prompt of {prompt} tokens is shorter than every long-context "
                "threshold among their offerings. Where a tier applies, it bills the whole request at its "
                "rates."
            )
        faq.append(("Do long-context prices apply?", answer))
    free = len({f.model.slug for f in ranking.free})
    faq.append((
        "Are free tiers included?",
        "No: a free tier or trial has limits and is not a price anyone can pay for this volume. "
        + (f"{free} of the models that fit have one; they are listed under the ranking."
           if free else "None of the models that fit has one."),
    ))
    return faq
