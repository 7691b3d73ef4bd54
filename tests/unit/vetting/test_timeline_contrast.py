"""The timeline's colours pass WCAG 2.2 contrast (1.4.11 non-text 3:1; 1.4.3 text 4.5:1)."""

import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parents[3] / "templates" / "vetting" / "includes"
PATTERNS = (TEMPLATES / "timeline_patterns.html").read_text()
TIMELINE = (TEMPLATES / "timeline.html").read_text()
WHITE = "#ffffff"


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    lighter, darker = sorted((luminance(a), luminance(b)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def pattern_colours(day_class: str) -> list[str]:
    pattern = re.search(
        rf'<pattern id="app-timeline-{{{{ prefix }}}}pattern-{day_class}".*?</pattern>',
        PATTERNS,
        re.DOTALL,
    ).group(0)
    return re.findall(r'fill="(#[0-9a-f]{6})"', pattern)


def test_contrast_formula_matches_known_values():
    assert contrast("#000000", WHITE) == pytest.approx(21)
    assert contrast("#767676", WHITE) == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("day_class", ["uk", "exempt", "family", "abroad", "missing"])
def test_each_stretch_shows_a_colour_at_least_3_to_1_against_white_and_within_itself(day_class):
    colours = pattern_colours(day_class)
    strongest = [colour for colour in colours if colour != WHITE]

    assert strongest, f"{day_class} has no colour but white"
    assert all(contrast(colour, WHITE) >= 3 for colour in strongest)
    # Patterned classes: the pattern's marks stand out from their own ground too.
    if len(colours) > 1:
        assert contrast(colours[0], colours[1]) >= 3


def test_each_class_has_a_different_pattern_so_colour_is_not_the_only_cue():
    shapes = {
        day_class: re.sub(
            r'fill="#[0-9a-f]{6}"',
            "",
            PATTERNS.split(f'pattern-{day_class}"')[1].split("</pattern>")[0],
        )
        for day_class in ["exempt", "family", "abroad", "missing"]
    }
    assert len(set(shapes.values())) == 4


def test_axis_text_and_lines_are_near_black():
    for colour in set(re.findall(r'(?:fill|stroke)="(#[0-9a-f]{6})"', TIMELINE)) - {WHITE}:
        assert contrast(colour, WHITE) >= 4.5
