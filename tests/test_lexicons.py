"""Lexicons are data checked on load: a bad row fails at start, naming its file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphkit.errors import InvalidLexicon
from graphkit.lexicons import load_lexicons, load_stance_nouns


def test_the_shipped_stance_nouns_name_stances() -> None:
    nouns = load_lexicons().stance_nouns
    assert nouns["critic"] == "criticizes" and nouns["supporter"] == "supports" and nouns["opponent"] == "opposes"


def test_a_stance_noun_with_a_relation_that_is_no_stance_fails_at_load(tmp_path: Path) -> None:
    path = tmp_path / "stance_nouns.tsv"
    path.write_text("noun\trelation\ncritic\tcriticizes\nneighbour\tlocatedIn\n", encoding="utf-8")
    with pytest.raises(InvalidLexicon, match=r"stance_nouns.tsv.*3"):
        load_stance_nouns(path)


def test_a_stance_noun_file_without_its_columns_fails_at_load(tmp_path: Path) -> None:
    path = tmp_path / "stance_nouns.tsv"
    path.write_text("word\tkind\ncritic\tcriticizes\n", encoding="utf-8")
    with pytest.raises(InvalidLexicon):
        load_stance_nouns(path)
