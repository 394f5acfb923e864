"""Every price claim a pair page makes, checked against a brute force over all offerings (issue 15, item 3).

A model's price at output share s (0 = all input, 1 = all output) is the lowest (1 - s) x input + s x output
among its eligible offerings (`OfferingFacts.is_eligible`). The brute force computes it exactly (fractions)
on a grid of 1,001 shares, at every share where two offerings of either model cost the same (where a
model's cheapest offering or the cheaper model can change) and between each two of those: the price
difference is linear between consecutive critical shares, so a claim that holds at all of them holds at
every share. A stated share is shown rounded, so a claim about a range is checked at every share more
than half a unit of its last shown decimal away from the stated bounds.

`false_claims` returns what a page says wrongly (empty when every price claim is true); it also reports a
sentence of the price summary or of the "Which is cheaper" answer that says cheaper, the same or as much
in a form it does not know: such a claim would go unchecked.
"""

import re
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from comparisons.content.facts import ModelFacts, OfferingFacts

GRID = 1000
# How an error says that the model a claim names is not the cheaper one (or that they do not cost the same).
WRONG_SIDE = "not true"
BASES = {"input": Fraction(0), "output": Fraction(1), "a 70/30 blended basis": Fraction(3, 10)}
MONEY = r"[\d,]+\.\d+"
PERCENT = r"(?:less than 0\.1|more than 99\.9|[\d.]+)%"
SHARE = r"\d+(?:\.\d+)?%"


def _line(o: OfferingFacts) -> tuple[Fraction, Fraction]:
    return Fraction(o.input_price), Fraction(o.output_price)


def cost(o: OfferingFacts, s: Fraction) -> Fraction:
    i, out = _line(o)
    return (1 - s) * i + s * out


def lines(model: ModelFacts) -> list[tuple[Fraction, Fraction]]:
    """(input, output) of the model's eligible offerings, leaving out any that another costs no more than on
    both (it is never the cheapest alone, so the minimum is the same without it): keeps a real catalog's
    40-offering models quick to check."""
    every = {_line(o) for o in model.offerings if o.is_eligible}
    return sorted(x for x in every if not any(y != x and y[0] <= x[0] and y[1] <= x[1] for y in every))


def price(model: ModelFacts, s: Fraction) -> Fraction | None:
    """The model's price at output share s: its cheapest eligible offering there."""
    costs = [(1 - s) * i + s * out for i, out in lines(model)]
    return min(costs) if costs else None


def critical_shares(*models: ModelFacts) -> list[Fraction]:
    lines_ = sorted({line for m in models for line in lines(m)})
    points = {Fraction(k, GRID) for k in range(GRID + 1)}
    for n, (i1, o1) in enumerate(lines_):
        for i2, o2 in lines_[n + 1:]:
            slope = (o1 - i1) - (o2 - i2)
            if slope:
                s = (i2 - i1) / slope
                if 0 <= s <= 1:
                    points.add(s)
    ordered = sorted(points)
    return sorted(points | {(p + q) / 2 for p, q in zip(ordered, ordered[1:], strict=False)})


def money(text: str) -> Fraction:
    return Fraction(Decimal(text.replace(",", "")))


def round1(value: Fraction) -> Decimal:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def percent_ok(shown: str, exact: Fraction) -> bool:
    """A percentage as `format_percent` shows it."""
    if shown == "less than 0.1%":
        return 0 < exact < Fraction(5, 100)
    if shown == "more than 99.9%":
        return Fraction(9995, 100) <= exact < 100
    return round1(exact) == Decimal(shown.rstrip("%"))


def share_bound(text: str) -> tuple[Fraction, Fraction]:
    """A shown share ("41.2%") as (the share, how far the exact one may be from it after rounding)."""
    number = text.rstrip("%")
    places = len(number.split(".")[1]) if "." in number else 0
    exact = text in ("0%", "100%")
    return Fraction(Decimal(number)) / 100, Fraction(0) if exact else Fraction(1, 2 * 10**places) / 100


class Checker:
    def __init__(self, a: ModelFacts, b: ModelFacts):
        self.models = {a.name: a, b.name: b}
        self.names = "|".join(re.escape(name) for name in sorted(self.models, key=len, reverse=True))
        # Both prices at every share checked, computed once.
        a_lines, b_lines = lines(a), lines(b)
        self.prices = [
            (s, min((1 - s) * i + s * o for i, o in a_lines), min((1 - s) * i + s * o for i, o in b_lines))
            for s in critical_shares(a, b)
        ] if a_lines and b_lines else []
        self.errors: list[str] = []
        self.checked = 0

    def other(self, name: str) -> ModelFacts:
        return next(m for n, m in self.models.items() if n != name)

    def fail(self, claim: str, why: str) -> None:
        self.errors.append(f"{claim!r}: {why}")

    def check(self, claim: str, ok: bool, why: str) -> None:
        self.checked += 1
        if not ok:
            self.fail(claim, why)

    def cheaper_over(self, claim: str, name: str | None, low: Fraction, high: Fraction,
                     closed_low: bool, closed_high: bool) -> None:
        """`name` is strictly cheaper (None: they cost the same) at every checked share in the range."""
        a = next(iter(self.models.values()))
        for s, pa, pb in self.prices:
            if not ((low <= s if closed_low else low < s) and (s <= high if closed_high else s < high)):
                continue
            mine = pa if name == a.name else pb
            theirs = pb if name == a.name else pa
            if not (mine == theirs if name is None else mine < theirs):
                return self.fail(claim, f"{WRONG_SIDE} at {float(s) * 100:.3f}% output: {pa} against {pb}")
        self.checked += 1

    def named_offering(self, claim: str, model: ModelFacts, label: str | None, s: Fraction,
                       value: Fraction) -> None:
        if label is None:
            return
        self.check(claim, any(o.is_eligible and o.label == label and cost(o, s) == value
                              for o in model.offerings), f"{model.name} has no eligible {label} at {value}")

    def at(self, claim: str, name: str, s: Fraction, shown: Fraction) -> None:
        true = price(self.models[name], s)
        self.check(claim, true == shown, f"{name} costs {true} at {float(s) * 100:g}% output, not {shown}")

    def ratio(self, claim: str, pct: str, rel: str | None, lo: Fraction, hi: Fraction) -> None:
        self.check(claim, lo < hi and percent_ok(pct, (hi - lo) / hi * 100), f"{pct} of {lo} vs {hi}")
        if rel is None:
            return
        if rel.endswith("times as much"):
            self.check(claim, round1(hi / lo) == Decimal(rel.split()[0]), f"{rel} of {lo} vs {hi}")
        else:
            self.check(claim, percent_ok(rel.removesuffix(" more"), (hi / lo - 1) * 100), f"{rel}")


def false_claims(a: ModelFacts, b: ModelFacts, summary: list[str], verdict: str = "",
                 faq_cheaper: str = "", reasons: dict[str, list[str]] | None = None) -> list[str]:
    """What the page's price claims say wrongly: the price summary's sentences, the verdict, the answer to
    "Which is cheaper" and the "choose X when" reasons (by side, "a" or "b")."""
    return check_page(a, b, summary, verdict, faq_cheaper, reasons).errors


def check_page(a: ModelFacts, b: ModelFacts, summary: list[str], verdict: str = "",
               faq_cheaper: str = "", reasons: dict[str, list[str]] | None = None) -> Checker:
    """`false_claims`, with how many claims were checked (`Checker.checked`)."""
    c = Checker(a, b)
    left = _check_texts(c, " ".join([*summary, faq_cheaper]))
    for word in ("cheaper", "the same", "as much", "% more", "costs less", "output tokens"):
        if word in left:
            c.fail(left, f"a price claim in an unknown form ({word!r})")
    _check_texts(c, verdict)
    for side, texts in (reasons or {}).items():
        mine = a if side == "a" else b
        for text in texts:
            _check_reason(c, mine, text)
    return c


def _check_texts(c: Checker, text: str) -> str:
    """Check every claim found in `text`; return the text with them cut out."""
    n = c.names
    at = r"(?: at (?P<{}>.+?))?"
    basis = r"(?P<basis>input|output|a 70/30 blended basis)"
    patterns = [
        (rf"(?P<cheap>{n}) is (?P<pct>{PERCENT}) cheaper on {basis} \(\$(?P<lo>{MONEY}){at.format('lo_at')} "
         rf"vs \$(?P<hi>{MONEY}){at.format('hi_at')} per 1M tokens\); (?P<dear>{n}) costs "
         r"(?P<rel>(?:less than |more than )?[\d.]+(?: times as much|% more))\.", _delta),
        (rf"(?P<cheap>{n}) is free on {basis} \(\$(?P<lo>{MONEY}){at.format('lo_at')} vs "
         rf"\$(?P<hi>{MONEY}){at.format('hi_at')} per 1M tokens\), where (?P<dear>{n}) charges\.", _delta),
        (rf"On {basis} they cost the same: \$(?P<x>{MONEY}) per 1M tokens each\.", _same),
        # Models that write no text (embeddings, rerankers): their $0 output is said as such.
        (rf"(?P<cheap>{n}) returns (?:vectors|scores), not text, so it bills no output tokens; "
         rf"(?P<dear>{n}) charges \$(?P<hi>{MONEY}) per 1M output tokens at (?P<hi_at>.+?)\.", _no_output),
        (r"Neither bills output tokens: each returns vectors or scores, not text\.", _neither_output),
        (rf"Blended at 70/30 input/output, (?P<cheap>{n}) is (?P<pct>{PERCENT}) cheaper: "
         rf"\$(?P<lo>{MONEY}) against \$(?P<hi>{MONEY}) per 1M tokens\.", _verdict),
        (rf"Blended at 70/30 input/output, (?P<cheap>{n}) is free: "
         rf"\$(?P<lo>{MONEY}) against \$(?P<hi>{MONEY}) per 1M tokens\.", _verdict),
        (rf"Blended at 70/30 input/output, they cost the same: \$(?P<x>{MONEY}) per 1M tokens\.", _same),
        (rf"That depends on the mix: (?P<side>{n}) costs less on output, and for workloads above "
         rf"(?P<x>{SHARE}) output tokens it is the better buy\.", _verdict_mix),
        (r"With each model at its cheapest provider for the mix, (?P<body>.+?)\.(?=\s|$)", _mix),
        # The sentence before issue 15 (bench/price_claims_check.py reads old pages too).
        (rf"Above a (?P<x>{SHARE}) share of output tokens, (?P<side>{n}) becomes the cheaper one; "
         rf"below it, (?:{n}) is\.", _verdict_mix),
        (rf"(?P<cheap>{n}), on input, output and blended price alike\.", _faq_lead),
        (r"Neither, on a 70/30 blended basis\.", _faq_lead),
        (rf"It depends on the basis; blended at 70/30, (?P<blended>{n})\.", _faq_lead),
    ]
    for pattern, check in patterns:
        for m in re.finditer(pattern, text):
            check(c, m)
        text = re.sub(pattern, "", text)
    return text


def _delta(c: Checker, m: re.Match) -> None:
    claim, s = m.group(0), BASES[m["basis"]]
    lo, hi = money(m["lo"]), money(m["hi"])
    cheap, dear = c.models[m["cheap"]], c.models[m["dear"]]
    c.check(claim, cheap is not dear, "one model compared with itself")
    c.cheaper_over(claim, cheap.name, s, s, True, True)
    c.at(claim, cheap.name, s, lo)
    c.at(claim, dear.name, s, hi)
    c.named_offering(claim, cheap, m["lo_at"], s, lo)
    c.named_offering(claim, dear, m["hi_at"], s, hi)
    if "pct" in m.re.groupindex:
        c.ratio(claim, m["pct"], m["rel"], lo, hi)
    else:
        c.check(claim, lo == 0 < hi, "free, but not $0 against a price")


def _no_output(c: Checker, m: re.Match) -> None:
    claim, s, hi = m.group(0), BASES["output"], money(m["hi"])
    cheap, dear = c.models[m["cheap"]], c.models[m["dear"]]
    c.check(claim, cheap is not dear, "one model compared with itself")
    c.cheaper_over(claim, cheap.name, s, s, True, True)
    c.at(claim, cheap.name, s, Fraction(0))
    c.at(claim, dear.name, s, hi)
    c.named_offering(claim, dear, m["hi_at"], s, hi)
    c.check(claim, hi > 0, "no output tokens against a $0 output price")


def _neither_output(c: Checker, m: re.Match) -> None:
    for name in c.models:
        c.at(m.group(0), name, BASES["output"], Fraction(0))


def _same(c: Checker, m: re.Match) -> None:
    s = BASES[m["basis"]] if "basis" in m.re.groupindex else BASES["a 70/30 blended basis"]
    for name in c.models:
        c.at(m.group(0), name, s, money(m["x"]))


def _verdict(c: Checker, m: re.Match) -> None:
    claim, s = m.group(0), BASES["a 70/30 blended basis"]
    lo, hi = money(m["lo"]), money(m["hi"])
    c.at(claim, m["cheap"], s, lo)
    c.at(claim, c.other(m["cheap"]).name, s, hi)
    if "pct" in m.re.groupindex:
        c.ratio(claim, m["pct"], None, lo, hi)
    else:
        c.check(claim, lo == 0 < hi, "free, but not $0 against a price")


def _verdict_mix(c: Checker, m: re.Match) -> None:
    claim, side = m.group(0), m["side"]
    x, tol = share_bound(m["x"])
    c.cheaper_over(claim, side, Fraction(1), Fraction(1), True, True)  # costs less on output
    c.cheaper_over(claim, side, x + tol, Fraction(1), False, True)
    c.cheaper_over(claim, c.other(side).name, Fraction(0), x - tol, True, False)


def _mix(c: Checker, m: re.Match) -> None:
    claim = m.group(0)
    where = (rf"(?:below (?P<below>{SHARE})|between (?P<lo>{SHARE}) and (?P<hi>{SHARE})"
             rf"|above (?P<above>{SHARE}))")
    part = rf"(?:(?P<name>{c.names}) is cheaper|they cost the same) {where}(?: output tokens)?"
    parts = list(re.finditer(part, m["body"]))
    leftover = re.sub(r",? and |, ", "", re.sub(part, "", m["body"]))
    c.check(claim, len(parts) >= 2 and not leftover.strip(), f"unknown ranges: {leftover!r}")
    for p in parts:
        if p["below"]:
            x, tol = share_bound(p["below"])
            c.cheaper_over(claim, p["name"], Fraction(0), x - tol, True, False)
        elif p["above"]:
            x, tol = share_bound(p["above"])
            c.cheaper_over(claim, p["name"], x + tol, Fraction(1), False, True)
        else:
            (lo, lo_tol), (hi, hi_tol) = share_bound(p["lo"]), share_bound(p["hi"])
            c.cheaper_over(claim, p["name"], lo + lo_tol, hi - hi_tol, False, False)


def _faq_lead(c: Checker, m: re.Match) -> None:
    claim = m.group(0)
    points = [BASES[b] for b in ("input", "output", "a 70/30 blended basis")]
    if "cheap" in m.re.groupindex:
        for s in points:
            c.cheaper_over(claim, m["cheap"], s, s, True, True)
    elif "blended" in m.re.groupindex:
        s = BASES["a 70/30 blended basis"]
        c.cheaper_over(claim, m["blended"], s, s, True, True)
        mine, theirs = c.models[m["blended"]], c.other(m["blended"])
        c.check(claim, any(price(mine, p) >= price(theirs, p) for p in points[:2]), "cheaper on every basis")
    else:
        s = BASES["a 70/30 blended basis"]
        c.cheaper_over(claim, None, s, s, True, True)


def _check_reason(c: Checker, model: ModelFacts, text: str) -> None:
    m = re.fullmatch(rf"(?P<dir>more|less) than (?P<x>{SHARE}) of your tokens are output tokens "
                     r"\(it costs less there\)", text)
    if m:
        x, tol = share_bound(m["x"])
        if m["dir"] == "more":
            c.cheaper_over(text, model.name, x + tol, Fraction(1), False, True)
        else:
            c.cheaper_over(text, model.name, Fraction(0), x - tol, True, False)
        return
    m = re.fullmatch(rf"price matters most: \$(?P<lo>{MONEY}) against \$(?P<hi>{MONEY}) per 1M tokens "
                     r"blended at 70/30 input/output", text)
    if m:
        s = BASES["a 70/30 blended basis"]
        c.at(text, model.name, s, money(m["lo"]))
        c.at(text, c.other(model.name).name, s, money(m["hi"]))
        c.cheaper_over(text, model.name, s, s, True, True)
