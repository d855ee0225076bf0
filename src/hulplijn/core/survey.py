"""The three mini-surveys: scores per theme and area, the weakest themes and the programmes they
lead to. Scoring rules (reference data surveys.yaml, "scoring"): a theme's score is the mean of its
answered questions (1-5); an area's score is the mean of its theme scores; themes below the weak
threshold (3.0, the scale's midpoint) are points to improve, lowest first, at most three.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Anchor:
    score: int
    label: str
    label_en: str


@dataclass(frozen=True)
class Question:
    code: str
    theme: str
    text: str
    text_en: str
    anchors: tuple[Anchor, ...]


@dataclass(frozen=True)
class Survey:
    code: str
    area: str
    title: str
    title_en: str
    intro: str
    intro_en: str
    questions: tuple[Question, ...]

    @property
    def themes(self) -> tuple[str, ...]:
        """The survey's themes in the order of their first question."""
        return tuple(dict.fromkeys(q.theme for q in self.questions))


@dataclass(frozen=True)
class Programme:
    code: str
    name: str
    name_en: str
    what: str
    what_en: str
    for_themes: tuple[str, ...]
    measure_id: str | None
    status: str
    url: str


@dataclass(frozen=True)
class Scoring:
    weak_threshold: float
    max_recommendations: int
    comparison_min_respondents: int


def theme_scores(survey: Survey, answers: Mapping[str, int]) -> dict[str, float]:
    """Mean answer per theme (themes without any answer are left out)."""
    scores: dict[str, float] = {}
    for theme in survey.themes:
        given = [
            answers[q.code] for q in survey.questions if q.theme == theme and q.code in answers
        ]
        if given:
            scores[theme] = sum(given) / len(given)
    return scores


def area_score(themes: Mapping[str, float]) -> float | None:
    """Mean of the theme scores; each theme counts once."""
    return sum(themes.values()) / len(themes) if themes else None


def weakest(themes: Mapping[str, float], order: Sequence[str], scoring: Scoring) -> list[str]:
    """Themes scoring below the threshold, lowest first (ties in ``order``), at most N."""
    weak = [t for t in order if t in themes and themes[t] < scoring.weak_threshold]
    weak.sort(key=lambda t: (themes[t], order.index(t)))
    return weak[: scoring.max_recommendations]


def recommended(weak_themes: Sequence[str], programmes: Sequence[Programme]) -> list[Programme]:
    """Programmes for the weak themes (closed schemes left out), in the order of the themes."""
    chosen: list[Programme] = []
    for theme in weak_themes:
        for programme in programmes:
            if (
                theme in programme.for_themes
                and programme.status != "closed"
                and programme not in chosen
            ):
                chosen.append(programme)
    return chosen
