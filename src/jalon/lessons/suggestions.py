"""Lessons of other projects suggested to a project, most relevant first.

The score of a lesson for a project (or for one of its gates) is::

    score = 0.6 × text + 0.4 × tags + 0.05 × ln(1 + useful)

- ``text``: cosine similarity, between 0 and 1, of the TF-IDF vectors (scikit-learn's
  ``TfidfVectorizer``: accents stripped, words of three letters or more, common French and
  English words left out, sublinear term frequency) of the lesson's words (title, what
  happened, recommendation) and the project's (name, description, current phase; at a gate the
  gate's name and its criteria), the vocabulary learnt on the candidate lessons and the project;
- ``tags``: the weights of the tags the lesson shares with the project, summing to 1 — same
  method 0.35, same phase 0.25, same sector 0.25, a category among those of the project's open
  risks 0.15 (``tags.project_tags``);
- ``useful``: how many times readers marked the lesson useful, for any project, so that
  lessons found useful rise.

Only lessons of projects the reader may see are candidates, never the project's own, and only
those with some text or tag in common (a score from usefulness alone suggests nothing).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext as _
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from jalon.accounts import permissions as perms
from jalon.governance.models import Gate
from jalon.lessons.models import Lesson, UsefulMark
from jalon.lessons.tags import ProjectTags, project_tags
from jalon.portfolios.models import Project

TEXT_WEIGHT = 0.6
TAG_WEIGHT = 0.4
USEFUL_WEIGHT = 0.05
TAG_WEIGHTS = {"method": 0.35, "phase": 0.25, "sector": 0.25, "category": 0.15}
LIMIT = 5

# Words too common to tell lessons apart (words under three letters are dropped anyway).
STOP_WORDS = frozenset(["les", "des", "une", "est", "pas", "par", "pour", "dans", "sur", "avec", "qui", "que", "aux", "ces", "son", "ses", "sont", "ete", "etre", "fait", "plus", "tout", "tous", "mais", "comme", "leur", "leurs", "nous", "vous", "ils", "elle", "elles", "cette", "entre", "sans", "sous", "apres", "avant", "the", "and", "for", "with", "that", "this", "was", "were", "are", "from", "have", "has", "had", "not", "but", "all", "any", "our", "their", "its", "into"])


@dataclass(frozen=True)
class Suggestion:
    """A lesson suggested to a project: its score, why (the tags it shares, the words it has
    in common), how often it was found useful and whether the reader found it so."""

    lesson: Lesson
    score: float
    tags: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    useful_count: int = 0
    marked: bool = False

    @property
    def why(self) -> str:
        parts = list(self.tags)
        if self.words:
            parts.append(_("words in common: %(words)s") % {"words": ", ".join(self.words)})
        return "; ".join(parts)


def _shared_tags(lesson: Lesson, tags: ProjectTags) -> list[tuple[str, str]]:
    """The (tag, label) pairs the lesson shares with the project."""
    shared = []
    if lesson.method and lesson.method == tags.method:
        shared.append(("method", _("same method (%(method)s)") % {
            "method": lesson.get_method_display()}))
    if lesson.phase and lesson.phase == tags.phase:
        shared.append(("phase", _("same phase")))
    if lesson.sector and lesson.sector.casefold() == tags.sector.casefold():
        shared.append(("sector", _("same sector (%(sector)s)") % {"sector": lesson.sector}))
    if lesson.category in tags.categories:
        shared.append(("category", _("%(category)s, like open risks of the project") % {
            "category": lesson.get_category_display()}))
    return shared


def _similarities(texts: list[str], context: str) -> tuple[list[float], list[list[str]]]:
    """The cosine similarity of each text to ``context`` and the words (at most three) that
    weigh most in it."""
    if not texts or not context.strip():
        return [0.0] * len(texts), [[] for _ in texts]
    vectorizer = TfidfVectorizer(strip_accents="unicode", lowercase=True,
                                 token_pattern=r"(?u)\b[^\W\d_]{3,}\b",  # noqa: S106 (not a password)
                                 stop_words=list(STOP_WORDS), sublinear_tf=True)
    try:
        matrix = vectorizer.fit_transform([context, *texts])
    except ValueError:  # no word left to compare (all too short or too common)
        return [0.0] * len(texts), [[] for _ in texts]
    similarities = cosine_similarity(matrix[0], matrix[1:])[0]
    vocabulary = vectorizer.get_feature_names_out()
    words: list[list[str]] = []
    for row in range(1, matrix.shape[0]):
        common = matrix[0].multiply(matrix[row]).tocoo()
        ranked = sorted(zip(common.data, common.col, strict=True), reverse=True)[:3]
        words.append([str(vocabulary[col]) for _weight, col in ranked])
    return [float(s) for s in similarities], words


def suggested_lessons(*, user: Any, project: Project, gate: Gate | None = None,
                      limit: int = LIMIT) -> list[Suggestion]:
    """The lessons of other projects most relevant to ``project`` (at ``gate`` if given), best
    first, limited to the projects ``user`` may see."""
    perms.require_view(user, project)
    tags = project_tags(project, gate)
    lessons = list(Lesson.objects.filter(project__in=perms.visible_projects(user))
                   .exclude(project=project).select_related("project")
                   .annotate(useful_count=Count("useful_marks")).order_by("pk"))
    similarities, words = _similarities([lesson.text for lesson in lessons], tags.text)
    marked = set(UsefulMark.objects.filter(project=project, user=user)
                 .values_list("lesson_id", flat=True))
    suggestions = []
    for lesson, similarity, common in zip(lessons, similarities, words, strict=True):
        shared = _shared_tags(lesson, tags)
        tag_score = sum(TAG_WEIGHTS[key] for key, _label in shared)
        if similarity <= 0 and not shared:
            continue
        useful = lesson.useful_count
        score = (TEXT_WEIGHT * similarity + TAG_WEIGHT * tag_score
                 + USEFUL_WEIGHT * math.log1p(useful))
        suggestions.append(Suggestion(
            lesson=lesson, score=score, tags=[label for _key, label in shared],
            words=common if similarity > 0 else [], useful_count=useful,
            marked=lesson.pk in marked))
    suggestions.sort(key=lambda s: (-s.score, s.lesson.pk))
    return suggestions[:limit]
