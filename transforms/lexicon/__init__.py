"""The article lexicon: entity, metric, segment, qualifier and publisher words, loaded from lexicon.yaml."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from transforms.normalise.text import fold, to_simplified
from transforms.vocab import ENTITIES, MEASURES, METRICS, QUALIFIERS, SEGMENTS

_KEYS = ("entities", "metrics", "segments", "qualifiers", "publishers")


class LexiconError(ValueError):
    """The lexicon file is malformed or names something outside the vocabulary."""


@dataclass(frozen=True, slots=True)
class Alias:
    """One way of writing a name, with what it stands for."""

    text: str
    key: str
    metric: str | None = None
    segment: str | None = None
    measure: str | None = None


@dataclass(frozen=True, slots=True)
class Term:
    """A matched alias in a text: [start, end) and what it names."""

    start: int
    end: int
    alias: Alias


@dataclass(slots=True)
class Lexicon:
    """All word lists of the lexicon, with matchers built once."""

    entities: list[Alias]
    metrics: list[Alias]
    segments: list[Alias]
    entity_segment: dict[str, str]
    entity_kind: dict[str, str]
    qualifiers: dict[str, list[str]]
    qualifiers_after: dict[str, list[str]]
    estimate_words: list[str]
    growth_up: list[str]
    growth_down: list[str]
    share_words: list[str]
    qoq_words: list[str]
    publishers: list[Alias]
    event_kinds: dict[str, list[str]]
    context_segments: frozenset[str] = frozenset()
    guards: dict[str, list[str]] = field(default_factory=dict)
    metric_as_segment: dict[str, dict[str, str]] = field(default_factory=dict)
    entity_metrics: dict[str, list[str]] = field(default_factory=dict)
    segment_entities: dict[str, list[str]] = field(default_factory=dict)
    _patterns: dict[str, re.Pattern[str]] = field(default_factory=dict)
    _indexes: dict[str, dict[str, Alias]] = field(default_factory=dict)

    def find(self, group: str, text: str) -> list[Term]:
        """Non-overlapping alias matches of one group (entities, metrics, segments, publishers), longest first."""
        pattern = self._patterns.get(group)
        index = self._indexes.get(group)
        if pattern is None or index is None:
            aliases: list[Alias] = getattr(self, group)
            pattern = self._pattern(group, [a.text for a in aliases])
            index = self._indexes[group] = {_match_key(a.text): a for a in aliases}
        terms = []
        for m in pattern.finditer(text):
            found = m.group(0)
            alias = index.get(found) or index.get(found.lower()) or index[_match_key(found)]
            terms.append(Term(m.start(), m.end(), alias))
        return terms

    def words(self, name: str, words: list[str]) -> re.Pattern[str]:
        """A cached matcher for a plain word list (growth words, estimate words ...)."""
        return self._pattern(name, words)

    def _pattern(self, name: str, words: list[str]) -> re.Pattern[str]:
        if name not in self._patterns:
            self._patterns[name] = word_pattern(words)
        return self._patterns[name]


@lru_cache(maxsize=65536)
def _match_key(text: str) -> str:
    if _is_ascii_word(text):
        return text.lower() if text[0].islower() else text
    return normalise(text)


def _is_ascii_word(text: str) -> bool:
    return bool(re.search(r"[A-Za-z]", text)) and all(ord(c) < 128 for c in text)


def normalise(text: str) -> str:
    """Fold and simplify a word the way texts are folded before matching."""
    return "".join(to_simplified(fold(c)) if len(fold(c)) == 1 else c for c in text)


def word_pattern(words: list[str]) -> re.Pattern[str]:
    """One regex for a word list: longest first; English words at word boundaries, lower-case ones in any case."""
    parts = []
    first: set[str] = set()
    for word in sorted({_match_key(w) for w in words}, key=len, reverse=True):
        esc = re.escape(word)
        first.add(word[0])
        if _is_ascii_word(word):
            if word[0].islower():
                esc = f"(?i:{esc})"
                first.update({word[0].upper(), word[0].lower()})
            left = r"(?<![A-Za-z0-9])" if word[0].isalnum() else ""
            right = r"(?![A-Za-z0-9])" if word[-1].isalnum() else ""
            esc = f"{left}{esc}{right}"
        parts.append(esc)
    if not parts:
        return re.compile(r"(?!x)x")
    # A look-ahead on the possible first characters lets the engine skip most positions of a long text at once.
    starts = "".join(sorted(re.escape(c) for c in first))
    return re.compile(f"(?=[{starts}])(?:{'|'.join(parts)})")


def _aliases(key: str, items: list[Any], where: str) -> list[Alias]:
    out = []
    for item in items:
        if isinstance(item, str):
            out.append(Alias(item, key))
        elif isinstance(item, dict) and isinstance(item.get("text"), str):
            metric, segment, measure = item.get("metric"), item.get("segment"), item.get("measure")
            if metric is not None and metric not in METRICS:
                raise LexiconError(f"{where}: metric {metric!r} is not in the vocabulary")
            if segment is not None and segment not in SEGMENTS:
                raise LexiconError(f"{where}: segment {segment!r} is not in the vocabulary")
            if measure is not None and measure not in MEASURES:
                raise LexiconError(f"{where}: measure {measure!r} is not in the vocabulary")
            out.append(Alias(item["text"], key, metric, segment, measure))
        else:
            raise LexiconError(f"{where}: alias {item!r} is neither text nor a mapping with text")
    return out


def _word_lists(raw: Any, where: str) -> list[str]:
    if raw is None:
        return []
    if not isinstance(raw, list) or not all(isinstance(w, str) for w in raw):
        raise LexiconError(f"{where} must be a list of words")
    return raw


def _grouped(raw: Any, allowed: frozenset[str] | None, where: str) -> dict[str, list[str]]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise LexiconError(f"{where} must be a mapping")
    for key in raw:
        if allowed is not None and key not in allowed:
            raise LexiconError(f"{where}: {key!r} is not in the vocabulary")
    return {str(k): _word_lists(v, f"{where}.{k}") for k, v in raw.items()}


def build_lexicon(data: dict[str, Any]) -> Lexicon:
    """Check a parsed lexicon mapping against the vocabulary and build a Lexicon."""
    if not isinstance(data, dict) or any(k not in data for k in _KEYS):
        raise LexiconError(f"lexicon needs the sections {', '.join(_KEYS)}")
    entities: list[Alias] = []
    entity_segment: dict[str, str] = {}
    entity_kind: dict[str, str] = {}
    for key, spec in data["entities"].items():
        if key not in ENTITIES:
            raise LexiconError(f"entities: {key!r} is not in the vocabulary")
        if not isinstance(spec, dict):
            raise LexiconError(f"entities.{key} must be a mapping with aliases")
        entities += _aliases(key, spec.get("aliases") or [], f"entities.{key}")
        entity_kind[key] = str(spec.get("kind", "platform"))
        if spec.get("segment"):
            entity_segment[key] = spec["segment"]
    metrics = []
    for key, items in data["metrics"].items():
        if key not in METRICS:
            raise LexiconError(f"metrics: {key!r} is not in the vocabulary")
        metrics += _aliases(key, items, f"metrics.{key}")
    segments = []
    for key, items in data["segments"].items():
        if key not in SEGMENTS:
            raise LexiconError(f"segments: {key!r} is not in the vocabulary")
        segments += _aliases(key, items, f"segments.{key}")
    publishers = []
    for key, items in data["publishers"].items():
        publishers += _aliases(str(key), items, f"publishers.{key}")
    return Lexicon(
        entities=entities,
        metrics=metrics,
        segments=segments,
        entity_segment=entity_segment,
        entity_kind=entity_kind,
        qualifiers=_grouped(data["qualifiers"], QUALIFIERS, "qualifiers"),
        qualifiers_after=_grouped(data.get("qualifiers_after"), QUALIFIERS, "qualifiers_after"),
        estimate_words=_word_lists(data.get("estimate_words"), "estimate_words"),
        growth_up=_word_lists(data.get("growth_up"), "growth_up"),
        growth_down=_word_lists(data.get("growth_down"), "growth_down"),
        share_words=_word_lists(data.get("share_words"), "share_words"),
        qoq_words=_word_lists(data.get("qoq_words"), "qoq_words"),
        publishers=publishers,
        event_kinds=_grouped(data.get("event_kinds"), None, "event_kinds"),
        context_segments=frozenset(_word_lists(data.get("context_segments"), "context_segments")),
        guards=_grouped(data.get("guards"), None, "guards"),
        metric_as_segment=_metric_segments(data.get("metric_as_segment")),
        entity_metrics=_entity_metrics(data.get("entity_metrics")),
        segment_entities=_segment_entities(data.get("segment_entities")),
    )


def _entity_metrics(raw: Any) -> dict[str, list[str]]:
    """Entity -> the metrics it may carry, checked against the vocabulary."""
    return _grouped_in(raw, ENTITIES, METRICS, "entity_metrics")


def _segment_entities(raw: Any) -> dict[str, list[str]]:
    """Segment -> the only entities that report it, checked against the vocabulary."""
    return _grouped_in(raw, SEGMENTS, ENTITIES, "segment_entities")


def _grouped_in(raw: Any, keys: Any, values: Any, section: str) -> dict[str, list[str]]:
    """A section of key -> words, every key and every word checked against its vocabulary."""
    out = _grouped(raw, keys, section)
    for key, words in out.items():
        bad = [w for w in words if w not in values]
        if bad:
            raise LexiconError(f"{section}.{key}: {bad[0]!r} is not in the vocabulary")
    return out


def _metric_segments(raw: Any) -> dict[str, dict[str, str]]:
    """Entity -> metric word -> the revenue segment that metric names for that entity, checked."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise LexiconError("metric_as_segment must be a mapping")
    out: dict[str, dict[str, str]] = {}
    for entity, pairs in raw.items():
        if entity not in ENTITIES or not isinstance(pairs, dict):
            raise LexiconError(f"metric_as_segment: {entity!r} is not an entity with a mapping")
        for metric, segment in pairs.items():
            if metric not in METRICS or segment not in SEGMENTS:
                raise LexiconError(f"metric_as_segment.{entity}: {metric!r} -> {segment!r} is not in the vocabulary")
        out[str(entity)] = {str(k): str(v) for k, v in pairs.items()}
    return out


def parse_lexicon(text: str) -> Lexicon:
    """Build a Lexicon from YAML text."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise LexiconError(f"lexicon is not valid YAML: {exc}") from exc
    return build_lexicon(data)


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The packaged lexicon (transforms/lexicon/lexicon.yaml), loaded once."""
    text = resources.files("transforms.lexicon").joinpath("lexicon.yaml").read_text(encoding="utf-8")
    return parse_lexicon(text)
