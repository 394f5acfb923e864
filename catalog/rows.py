"""Bulk reads of plain rows, for the few reads that go over the whole catalog at once (the sitemaps'
summaries): the same few values recur in tens of thousands of rows (a price, a list of modalities, the
time of a bulk update), and Django converts each again in every row (on SQLite a decimal is a float made
into a Decimal and quantized, a JSON list is parsed). Here each column's converters run once per distinct
value. At 10,000 models that is most of what reading the catalog costs."""

from django.db.models import QuerySet
from django.db.models.sql.constants import MULTI


def values_rows(queryset: QuerySet) -> list[tuple]:
    """`list(queryset)` for a `values_list(...)` of fields (no annotations, not flat), converted by
    Django's own converters, each distinct raw value once. Equal values share one object: callers must not
    change a converted list or dict in place."""
    query = queryset.query
    if not query.values_select or query.annotation_select or query.extra_select:
        raise ValueError("values_rows reads a values_list() of fields, without annotations or extra")
    compiler = query.get_compiler(using=queryset.db)
    rows = [row for chunk in compiler.execute_sql(MULTI) for row in chunk]
    fields = [column[0] for column in compiler.select[: compiler.col_count]]
    converters = compiler.get_converters(fields)
    if not rows or not converters:
        return [tuple(row) for row in rows]
    columns = list(zip(*rows, strict=True))
    for position, (functions, expression) in converters.items():
        columns[position] = _converted(columns[position], functions, expression, compiler.connection)
    return list(zip(*columns, strict=True))


def _converted(values, functions, expression, connection) -> list:
    def convert(value):
        for function in functions:
            value = function(value, expression, connection)
        return value

    memo, out = {}, []
    for value in values:
        try:
            converted = memo[value]
        except KeyError:
            converted = memo[value] = convert(value)
        except TypeError:  # an unhashable raw value (a view of bytes): converted every time
            converted = convert(value)
        out.append(converted)
    return out
