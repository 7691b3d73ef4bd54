"""SQL pieces the reports need that Django does not ship: a median, and days between times.

On PostgreSQL the median is ``percentile_cont(0.5) WITHIN GROUP (ORDER BY …)``,
exact and computed by the database in the same GROUP BY as the counts.

SQLite (the embedded default of ``make run``) has no percentile function, so
``ReportsConfig.ready`` registers a small aggregate, ``toex_median``, on every
SQLite connection (Python's ``statistics.median`` over the group's values).
The query is the same shape, one GROUP BY, and gives the same number; it keeps
the group's values in memory, which is fine for a demo database and is never
used in production (PostgreSQL only).
"""

from __future__ import annotations

import statistics

from django.db.models import Aggregate, FloatField, Func

SQLITE_MEDIAN = "toex_median"


class Median(Aggregate):
    function = "percentile_cont"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def as_sqlite(self, compiler, connection, **extra_context):
        # On a copy, not as keywords: Aggregate.as_sql passes its own template
        # when the aggregate has a filter (FILTER (WHERE …)).
        median = self.copy()
        median.function = SQLITE_MEDIAN
        median.template = "%(function)s(%(distinct)s%(expressions)s)"
        return super(Median, median).as_sql(compiler, connection, **extra_context)


class DaysBetween(Func):
    """(end - start) in days, as a decimal number (fractions of a day kept)."""

    arity = 2
    output_field = FloatField()
    template = "(EXTRACT(EPOCH FROM (%(expressions)s)) / 86400.0)"
    arg_joiner = " - "

    def __init__(self, end, start, **extra):
        super().__init__(end, start, **extra)

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            template="(julianday(%(expressions)s))",
            arg_joiner=") - julianday(",
            **extra_context,
        )


def days_between_sql(vendor: str, end: str, start: str) -> str:
    """The same as DaysBetween, for hand-written SQL (column names are ours, not input)."""
    if vendor == "postgresql":
        return f"(EXTRACT(EPOCH FROM ({end} - {start})) / 86400.0)"
    return f"(julianday({end}) - julianday({start}))"


def median_sql(vendor: str, expression: str) -> str:
    if vendor == "postgresql":
        return f"percentile_cont(0.5) WITHIN GROUP (ORDER BY {expression})"
    return f"{SQLITE_MEDIAN}({expression})"


class _SqliteMedian:
    """The SQLite aggregate: collects the group's non-null values, returns their median."""

    def __init__(self):
        self.values: list[float] = []

    def step(self, value):
        if value is not None:
            self.values.append(float(value))

    def finalize(self):
        return statistics.median(self.values) if self.values else None


def register_sqlite_median(sender, connection, **kwargs):
    """connection_created receiver: give each SQLite connection ``toex_median``."""
    if connection.vendor == "sqlite":
        connection.connection.create_aggregate(SQLITE_MEDIAN, 1, _SqliteMedian)
