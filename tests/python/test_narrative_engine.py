"""The template language and money formatting (C++: include/attain/report/narrative.hpp, money.hpp).

References are independent of attain: Python's ints, Decimal and operator module."""

import operator
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import attain
from attain import _core, report

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
OPS = {">": operator.gt, ">=": operator.ge, "<": operator.lt, "<=": operator.le, "==": operator.eq, "!=": operator.ne}
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]  # fmt: skip


def render(text, fields, lang="en"):
    return report.Template(text).render(fields, lang)


# --- conditions -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("op", list(OPS))
@pytest.mark.parametrize("left, right", [(3, 2), (2, 3), (3, 3), (2.5, 2), (-1.5, -1.5), (0, -0.0)])
def test_every_operator_against_a_literal_and_a_field(op, left, right):
    expected = "yes" if OPS[op](left, right) else "no"
    assert render(f"{{if x {op} {right!r}}}yes{{else}}no{{end}}", {"x": left}) == expected
    assert render(f"{{if x {op} y}}yes{{else}}no{{end}}", {"x": left, "y": right}) == expected


@pytest.mark.parametrize("op", list(OPS))
@pytest.mark.parametrize("text", ["province", "district", "", "Province"])
def test_text_comparisons(op, text):
    expected = "yes" if OPS[op]("province", text) else "no"
    assert render(f"{{if level {op} '{text}'}}yes{{else}}no{{end}}", {"level": "province"}) == expected


@given(a=st.booleans(), b=st.booleans(), c=st.booleans(), d=st.booleans())
def test_and_binds_tighter_than_or(a, b, c, d):
    fields = {"a": a, "b": b, "c": c, "d": d}
    for expr, expected in [
        ("a or b and c", a or (b and c)),
        ("a and b or c and d", (a and b) or (c and d)),
        ("not a and b or not c", ((not a) and b) or (not c)),
        ("a or b or c and not d", a or b or (c and not d)),
    ]:
        assert render(f"{{if {expr}}}1{{else}}0{{end}}", fields) == str(int(expected)), expr


@given(i=st.integers(INT64_MIN, INT64_MAX), x=st.floats(allow_nan=False, allow_infinity=False))
def test_whole_against_real_is_exact(i, x):
    # Python compares int with float exactly (as mathematical values): the reference.
    for op, f in OPS.items():
        assert render(f"{{if i {op} x}}1{{else}}0{{end}}", {"i": i, "x": x}) == str(int(f(i, x)))


def test_short_circuit_and_errors():
    assert render("{if has and x > 0}+{else}.{end}", {"has": False}) == "."  # x is not read
    with pytest.raises(attain.UnknownKeyError, match=r"unknown field 'x' at position 0"):
        render("{if has and x > 0}+{end}", {"has": True})
    with pytest.raises(
        attain.InvalidInputError, match=r"field 'unit.level' at position 0 is text, compared with a num"
    ):
        render("{if unit.level > 0}x{end}", {"unit.level": "province"})
    with pytest.raises(attain.InvalidInputError, match=r"condition 'a = 1' at position 4: write '==' to compare"):
        report.Template("abc {if a = 1}x{end}")


# --- specs ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, spec, lang, expected",
    [
        (1.1, "+.2", "vi", "+1,10"),
        (-1.1, "+.2", "vi", "-1,10"),
        (-1.1, "abs.2", "vi", "1,10"),
        (0.0, "+.2", "en", "0.00"),
        (-0.004, "+.2", "en", "0.00"),
        (-0.004, ".2", "en", "0.00"),
        (0.004, "+.2", "en", "0.00"),
        (-0.005, "+.2", "en", "-0.01"),
        (0.005, "+.2", "en", "+0.01"),
        (-16623, "absint", "vi", "16.623"),
        (16623, "+int", "vi", "+16.623"),
        (INT64_MIN, "abs int", "en", "9,223,372,036,854,775,808"),
        (INT64_MAX, "+raw", "en", "+9223372036854775807"),
        (-0.0852, "absr2", "vi", "0,09"),
    ],
)
def test_sign_and_abs(value, spec, lang, expected):
    assert render(f"{{x:{spec}}}", {"x": value}, lang) == expected


@given(x=st.floats(-1e9, 1e9, allow_nan=False), places=st.integers(0, 4))
@settings(max_examples=300)
def test_plus_and_abs_match_decimal(x, places):
    # The rule (half away from zero, with a 1e-9 tolerance at the last digit) on the decimal value;
    # a figure written as zero carries no sign.
    q = Decimal(1).scaleb(-places)
    digits = abs(Decimal(repr(x))).quantize(q, rounding=ROUND_HALF_UP)
    body = render(f"{{x:abs.{places}}}", {"x": x}, "en")
    if abs(abs(Decimal(repr(x))) * 10**places % 1 - Decimal("0.5")) < Decimal("1e-6"):
        return  # a tie in binary noise: the tolerance decides, not Decimal
    assert body == f"{digits:,.{places}f}"
    signed = render(f"{{x:+.{places}}}", {"x": x}, "en")
    sign = "" if digits == 0 else ("-" if x < 0 else "+")
    assert signed == sign + body


@pytest.mark.parametrize("month", range(1, 13))
def test_month_names_both_languages(month):
    fields = {"as_of.period": f"2021-{month:02d}"}
    assert render("{as_of.period:month}", fields, "vi") == f"tháng {month}/2021"
    assert render("{as_of.period:month}", fields, "en") == f"{MONTHS_EN[month - 1]} 2021"
    assert render("{as_of.period:year}", fields, "vi") == "2021"
    assert report.format_month(f"2021-{month:02d}", "en") == f"{MONTHS_EN[month - 1]} 2021"


def test_quarters_and_bad_periods():
    assert report.format_month("2021-Q2", "vi") == "quý 2/2021"
    assert report.format_month("2021-Q2", "en") == "Q2 2021"
    with pytest.raises(attain.InvalidInputError, match=r"period '2021-13' is not a month YYYY-MM"):
        render("{m:month}", {"m": "2021-13"})


# --- money ------------------------------------------------------------------------------------------------

SCALE = {"vi": ("triệu", "tỷ"), "en": ("million", "billion")}


def money_reference(value: int, currency: str, minor_digits: int, lang: str, places: int = -1) -> str:
    """An independent reading of the documented rule, in Python ints and Decimal."""
    point, sep = (",", ".") if lang == "vi" else (".", ",")

    def written(d: Decimal, decimals: int) -> str:
        text = f"{d:,.{decimals}f}"
        return text.translate(str.maketrans({",": sep, ".": point}))

    magnitude = Decimal(abs(value)).scaleb(-minor_digits)
    sign = "-" if value < 0 else ""
    if not currency or magnitude < 1_000_000:
        figure = written(magnitude, minor_digits)
    else:
        kept = 1 if places < 0 else places
        q = Decimal(1).scaleb(-kept)
        scaled, word = (magnitude / Decimal(10**6)).quantize(q, rounding=ROUND_HALF_UP), SCALE[lang][0]
        if scaled >= 1000:
            scaled, word = (magnitude / Decimal(10**9)).quantize(q, rounding=ROUND_HALF_UP), SCALE[lang][1]
        figure = written(scaled, kept)
        if places < 0 and figure.endswith(point + "0"):
            figure = figure[:-2]
        figure += " " + word
    if not currency:
        return sign + figure
    if currency == "VND":
        return sign + figure + (" đồng" if lang == "vi" else " VND")
    if currency == "USD" and lang == "en":
        return sign + "$" + figure
    return sign + figure + " " + currency


@pytest.mark.parametrize(
    "value, currency, digits, lang, expected",
    [
        (1_193_847_993_000, "VND", 0, "vi", "1.193,8 tỷ đồng"),
        (1_193_847_993_000, "VND", 0, "en", "1,193.8 billion VND"),
        (250_000_000, "VND", 0, "vi", "250 triệu đồng"),
        (250_000_000, "VND", 0, "en", "250 million VND"),
        (950_000, "VND", 0, "vi", "950.000 đồng"),
        (950_000, "VND", 0, "en", "950,000 VND"),
        (123_456, "USD", 2, "en", "$1,234.56"),
        (123_456, "USD", 2, "vi", "1.234,56 USD"),
        (123_456_789, "USD", 2, "en", "$1.2 million"),
        (123_456_789, "USD", 2, "vi", "1,2 triệu USD"),
        (340_000_000_000, "USD", 2, "en", "$3.4 billion"),
        (123_456, "EUR", 2, "en", "1,234.56 EUR"),
        (-123_456, "USD", 2, "en", "-$1,234.56"),
        (999_950_000, "VND", 0, "vi", "1 tỷ đồng"),
        (INT64_MIN, "VND", 0, "vi", "-9.223.372.036,9 tỷ đồng"),
        (INT64_MAX, "USD", 2, "en", "$92,233,720.4 billion"),
        (INT64_MIN, "", 0, "en", "-9,223,372,036,854,775,808"),
    ],
)
def test_money_examples(value, currency, digits, lang, expected):
    assert report.format_money(value, currency, digits, lang) == expected
    assert money_reference(value, currency, digits, lang) == expected


@given(
    value=st.one_of(
        st.integers(INT64_MIN, INT64_MAX),
        st.integers(-(10**13), 10**13),
        st.sampled_from([INT64_MIN, INT64_MAX, 0, -1, 1]),
    ),
    currency=st.sampled_from(["VND", "USD", "EUR", ""]),
    digits=st.integers(0, 9),
    lang=st.sampled_from(["vi", "en"]),
    places=st.integers(-1, 9),
)
@settings(max_examples=500)
def test_money_matches_decimal(value, currency, digits, lang, places):
    assert _core.format_money(value, currency, digits, lang, places) == money_reference(
        value, currency, digits, lang, places
    )


def test_money_spec_and_bad_arguments():
    fields = {"amount.done": 1_193_847_993_000, "amount.currency": "VND", "amount.minor_digits": 0, "x.done": 1234567}
    assert render("{amount.done:money} / {amount.done:money.2} / {x.done:money}", fields, "vi") == (
        "1.193,8 tỷ đồng / 1.193,85 tỷ đồng / 1.234.567"
    )
    with pytest.raises(attain.InvalidInputError, match=r"minor_digits = 10 is outside 0..9"):
        report.format_money(1, "USD", 10, "en")
    with pytest.raises(attain.InvalidInputError, match=r"lang = 'fr'"):
        report.format_money(1, "USD", 2, "fr")
    with pytest.raises(attain.InvalidInputError, match=r"value = 9223372036854775808 does not fit in 64 bits"):
        report.format_money(2**63, "USD", 2, "en")
    with pytest.raises(attain.InputTypeError, match=r"value = 12.5 is not a whole number of minor units"):
        report.format_money(12.5, "USD", 2, "en")
    assert report.format_money(np.int64(-5), "USD", 2, "en") == "-$0.05"


# --- comments and needs -----------------------------------------------------------------------------------


def test_comments_render_nothing():
    assert render("a{# anything, even { and } #}b", {}) == "ab"


def test_needs_name_what_is_missing_and_what_the_data_has():
    t = report.Template("{# needs: count (a count measure named 'count') #}{count.ratio_pct:.2}", name="thads.vi")
    one = report.Template("{# needs: count.ratio_pct (a count measure named 'count') #}", name="thads.vi")
    with pytest.raises(attain.InvalidInputError) as e:
        one.render({"deals.ratio_pct": 1.0}, "vi", measures=["deals", "revenue"])
    assert str(e.value) == (
        "template thads.vi needs field 'count.ratio_pct' (a count measure named 'count'); "
        "the data has measures: deals, revenue"
    )
    assert t.needs == [("count", "a count measure named 'count'")]
    assert t.render({"count.ratio_pct": 62.97281}, "en") == "62.97"
    fields = {"deals.ratio_pct": 1.0, "revenue.ratio_pct": 2.0}
    with pytest.raises(attain.InvalidInputError) as e:
        t.render(fields, "vi", measures=["deals", "revenue"])
    assert str(e.value) == (
        "template thads.vi needs fields 'count.*' (a count measure named 'count'); the data has measures: deals, revenue"
    )
    with pytest.raises(attain.InvalidInputError, match=r"^template thads.vi needs fields 'count.\*' \(a count measure named 'count'\)$"):
        t.render(fields, "vi")


def test_narrative_passes_the_data_measures(tmp_path):
    snap = attain.Panel.from_csv(attain.example_data_path(), fiscal_year_start=10).at("2021-06")
    path = tmp_path / "t.txt"
    path.write_text("{# needs: deals (a measure named 'deals') #}{unit.name}", encoding="utf-8")
    with pytest.raises(attain.InvalidInputError, match=r"needs fields 'deals.\*' .*the data has measures: count, amount"):
        report.narrative(snap, "en", path)


def test_a_megabyte_of_conditions_parses_and_renders_in_linear_time():
    import time

    unit = "{if a > 1 and b == 'x' or not c}{a:+.2}{elif a <= b2}{d:money}{else}{m:month}{end}{# c #}"
    fields = {"a": 0.5, "b": "y", "c": True, "b2": 3, "d": 10**12, "currency": "VND", "minor_digits": 0, "m": "2021-06"}
    start = time.perf_counter()
    t = report.Template(unit * (1_000_000 // len(unit)))
    out = t.render(fields, "vi")
    assert out == "1.000 tỷ đồng" * (1_000_000 // len(unit))
    assert time.perf_counter() - start < 10  # 0.2 s on a loaded 2-core machine; quadratic would take minutes
    long_condition = "{if " + " or ".join(["c and a > 1"] * 50_000) + "}x{else}y{end}"
    assert report.Template(long_condition).render(fields, "en") == "y"


def test_cli_says_what_a_template_needs(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "needs.txt"
    path.write_text("{# needs: deals (a count measure named 'deals') #}{unit.name}", encoding="utf-8")
    r = subprocess.run(
        [sys.executable, "-m", "attain", "demo", "--template-file", str(path)], capture_output=True, text=True
    )
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "needs fields 'deals.*' (a count measure named 'deals')" in r.stderr
    assert "the data has measures: count, amount" in r.stderr
