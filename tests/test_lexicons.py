"""Lexicons are data checked on load: a bad row fails at start, naming its file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphkit.errors import InvalidLexicon
from graphkit.lexicons import load_lexicons, load_stance_words


def test_the_shipped_stance_words_name_stances() -> None:
    words = load_lexicons().stance_words
    assert words["critic"] == "criticizes" and words["supporter"] == "supports" and words["opponent"] == "opposes"
    assert words["critical"] == "criticizes" and words["opposed"] == "opposes"


def test_a_stance_word_with_a_relation_that_is_no_stance_fails_at_load(tmp_path: Path) -> None:
    path = tmp_path / "stance_words.tsv"
    path.write_text("word\trelation\ncritic\tcriticizes\nneighbour\tlocatedIn\n", encoding="utf-8")
    with pytest.raises(InvalidLexicon, match=r"stance_words.tsv.*3"):
        load_stance_words(path)


def test_a_stance_word_file_without_its_columns_fails_at_load(tmp_path: Path) -> None:
    path = tmp_path / "stance_words.tsv"
    path.write_text("noun\tkind\ncritic\tcriticizes\n", encoding="utf-8")
    with pytest.raises(InvalidLexicon):
        load_stance_words(path)
