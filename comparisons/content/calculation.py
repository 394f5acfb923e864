"""The cost calculator's answer: each model's monthly cost at every provider, and which is cheapest."""

from dataclasses import dataclass
from decimal import Decimal

from .facts import ModelFacts
from .pricing import CostLine, best_line, cost_lines, format_percent
from .prose import price_not_sourced
from .words import join_words


@dataclass(frozen=True)
class Calculation:
    input_tokens: int
    output_tokens: int
    cache_share: Decimal
    tables: list[tuple[ModelFacts, list[CostLine]]]
    summary: str

    @property
    def ranking(self) -> list[tuple[ModelFacts, CostLine]]:
        """Each priced model with its cheapest provider's cost, cheapest first: a result per model."""
        best = [(m, best_line(lines)) for m, lines in self.tables]
        return sorted(((m, line) for m, line in best if line), key=lambda t: (t[1].cost, t[0].name))


def build_calculation(
    models: list[ModelFacts], input_tokens: int, output_tokens: int, cache_share: Decimal = Decimal(0)
) -> Calculation:
    """Each model's monthly cost at its cheapest provider and at every provider, and the difference."""
    tables = [(m, cost_lines(m.offerings, input_tokens, output_tokens, cache_share)) for m in models]
    cached = f", {format_percent(cache_share * 100)} of input cached" if cache_share else ""
    workload = f"{input_tokens:,} input and {output_tokens:,} output tokens a month{cached}"
    priced = [(m, best_line(lines)) for m, lines in tables if best_line(lines)]
    unpriced = [m.name for m, lines in tables if not best_line(lines)]
    if len(priced) < 2:
        summary = (
            f"For {workload}, no costs can be compared: "
            f"the price of {join_words(unpriced)} is not yet sourced."
        )
    else:
        ranked = sorted(priced, key=lambda t: (t[1].cost, t[0].name))
        (cheap, lo), (dear, hi) = ranked[0], ranked[-1]
        if lo.cost == hi.cost:
            summary = f"For {workload}, they all cost {lo.text} at their cheapest providers."
        else:
            saving = format_percent((hi.cost - lo.cost) / hi.cost * 100)
            if len(priced) == 2:
                summary = (
                    f"For {workload}, {cheap.name} costs {lo.text} at {lo.provider_name} and {dear.name} "
                    f"{hi.text} at {hi.provider_name}: {cheap.name} is {saving} cheaper."
                )
            else:
                summary = (
                    f"For {workload}, {cheap.name} is the cheapest at {lo.text} ({lo.provider_name}) and "
                    f"{dear.name} the dearest at {hi.text} ({hi.provider_name}): {saving} less."
                )
        if unpriced:
            summary += f" {price_not_sourced(unpriced)}"
    return Calculation(input_tokens, output_tokens, cache_share, tables, summary)
