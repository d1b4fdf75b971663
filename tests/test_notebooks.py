"""The notebooks in ``notebooks/`` as files: committed without outputs, valid, runnable from a fresh clone.

Running them top to bottom in a fresh kernel is nbmake's job (``pytest --nbmake notebooks``); these
checks are about what is committed, so that diffs stay readable and nothing depends on one machine.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from graphkit.query import saved_queries

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
EXPECTED = ("01-explore-pars.ipynb", "02-sparql-cookbook.ipynb")
ALL = sorted({*EXPECTED, *(path.name for path in NOTEBOOKS.glob("*.ipynb"))})
ABSOLUTE_PATH = re.compile(r"""["'](/(?:work|tmp|home|root|Users|mnt)/|[A-Za-z]:\\)""")


def notebook(name: str) -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOKS / name, as_version=nbformat.NO_CONVERT)


def code(name: str) -> list[str]:
    return [cell.source for cell in notebook(name).cells if cell.cell_type == "code"]


def test_the_notebooks_are_there() -> None:
    assert all((NOTEBOOKS / name).is_file() for name in EXPECTED)


@pytest.mark.parametrize("name", ALL)
def test_notebooks_are_committed_without_outputs(name: str) -> None:
    for number, cell in enumerate(notebook(name).cells, 1):
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{name}, cell {number}: clear its outputs before committing"
            assert cell.execution_count is None, f"{name}, cell {number}: clear its execution count"


@pytest.mark.parametrize("name", ALL)
def test_notebooks_are_valid_and_run_in_the_standard_python_kernel(name: str) -> None:
    nb = notebook(name)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    assert nb.cells[0].cell_type == "markdown", "a notebook starts by saying what it is for"


@pytest.mark.parametrize("name", ALL)
def test_notebooks_use_no_path_of_one_machine(name: str) -> None:
    for source in code(name):
        assert not ABSOLUTE_PATH.search(source), f"{name}: locate files relative to the repository:\n{source}"


def test_the_cookbook_runs_every_saved_query() -> None:
    cells = "\n".join(code("02-sparql-cookbook.ipynb"))
    missing = [name for name in saved_queries() if f'kg.query("{name}"' not in cells]
    assert missing == [], f"02-sparql-cookbook.ipynb does not run {', '.join(missing)}: add a section for each"
