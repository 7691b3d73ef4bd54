"""What the funnel report counts, in which order, and how it compares stages.

Pure Python (no Django): the stage order comes from the move table
(applications.workflow.PATH), so a new stage appears in the report by itself.

- **Reached**: applications whose ``<stage>_at`` is set, i.e. that entered the
  stage at some time (whatever happened after).
- **Now at**: applications whose current stage it is.
- **Conversion**: reached at this stage / reached at the stage before it on the
  main path. Reserve is a side stage: it is compared with interview completed,
  and conditional offer with preferred candidate (not with reserve).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from applications.workflow import PATH, TERMINAL_STAGES, Stage, staff_label

# The path in order, then the ends (and on hold, which is neither).
FUNNEL_STAGES: tuple[Stage, ...] = PATH
END_STAGES: tuple[Stage, ...] = (
    Stage.UNSUCCESSFUL,
    Stage.WITHDRAWN,
    Stage.OFFER_DECLINED,
    Stage.OFFER_WITHDRAWN,
)
assert set(END_STAGES) | {Stage.START_DATE_AGREED} == set(TERMINAL_STAGES)
# Side stages and the stage they are an outcome of (reserve, like preferred, follows the interview).
SIDE_STAGES: dict[Stage, Stage] = {Stage.RESERVE: Stage.INTERVIEW_COMPLETED}
REPORTED_STAGES: tuple[Stage, ...] = (*FUNNEL_STAGES, Stage.ON_HOLD, *END_STAGES)


def _compared_with() -> dict[Stage, Stage]:
    previous: dict[Stage, Stage] = {}
    last_main: Stage | None = None
    for stage in FUNNEL_STAGES:
        if stage in SIDE_STAGES:
            previous[stage] = SIDE_STAGES[stage]
            continue
        if last_main is not None:
            previous[stage] = last_main
        last_main = stage
    return previous


# Each path stage's conversion is reached(stage) / reached(COMPARED_WITH[stage]).
COMPARED_WITH: dict[Stage, Stage] = _compared_with()


@dataclass(frozen=True)
class FunnelStage:
    stage: Stage
    label: str
    reached: int
    now_at: int
    conversion_percent: float | None  # None: first stage, an end, or nothing before
    compared_with_label: str
    median_days_in_stage: float | None  # None: no completed stay yet
    is_end: bool


@dataclass(frozen=True)
class Funnel:
    stages: tuple[FunnelStage, ...]
    submitted: int
    median_days_to_offer: float | None
    offers: int  # reached conditional offer

    @property
    def path(self) -> tuple[FunnelStage, ...]:
        return tuple(row for row in self.stages if not row.is_end and row.stage != Stage.ON_HOLD)

    @property
    def others(self) -> tuple[FunnelStage, ...]:
        return tuple(row for row in self.stages if row.is_end or row.stage == Stage.ON_HOLD)


def percent(part: int, whole: int) -> float | None:
    return None if not whole else round(100 * part / whole, 1)


def build_funnel(
    *,
    reached: Mapping[str, int],
    now_at: Mapping[str, int],
    median_days_in_stage: Mapping[str, float | None],
    median_days_to_offer: float | None,
) -> Funnel:
    """Put the database's counts (keyed by stage value) in order, with conversions."""
    rows = []
    for stage in REPORTED_STAGES:
        before = COMPARED_WITH.get(stage)
        is_end = stage in END_STAGES
        conversion = (
            percent(reached.get(stage, 0), reached.get(before, 0))
            if before is not None and not is_end
            else None
        )
        median = median_days_in_stage.get(stage)
        rows.append(
            FunnelStage(
                stage=stage,
                label=staff_label(stage),
                reached=reached.get(stage, 0),
                now_at=now_at.get(stage, 0),
                conversion_percent=conversion,
                compared_with_label=staff_label(before) if before is not None else "",
                median_days_in_stage=None if median is None else round(median, 1),
                is_end=is_end,
            )
        )
    return Funnel(
        stages=tuple(rows),
        submitted=reached.get(Stage.SUBMITTED, 0),
        median_days_to_offer=None
        if median_days_to_offer is None
        else round(median_days_to_offer, 1),
        offers=reached.get(Stage.CONDITIONAL_OFFER, 0),
    )
