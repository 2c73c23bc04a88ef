"""
Every module of the package compiles without a ``SyntaxWarning``: Python 3.12+ warns about invalid escape
sequences (a backslash in a non-raw docstring, e.g. LaTeX), and later Pythons will make them errors.
"""

import warnings
from pathlib import Path

import autogalaxy as ag

PACKAGE = Path(ag.__file__).parent


def test__package_sources__compile_without_syntax_warnings():
    sources = sorted(PACKAGE.rglob("*.py"))
    assert len(sources) > 100

    for source in sources:
        with warnings.catch_warnings():
            warnings.simplefilter("error", SyntaxWarning)
            compile(source.read_text(encoding="utf-8"), str(source), "exec")


def test__time_delay_geometry_term_from__docstring_math_is_literal():
    # In a non-raw docstring "\tau", "\frac" and "\boldsymbol" were a tab, a form feed and a backspace.
    doc = ag.LensCalc.time_delay_geometry_term_from.__doc__

    assert r"\tau_{\text{geom}}(\boldsymbol{\theta}) = \frac{1}{2}" in doc
    assert "\t" not in doc and "\f" not in doc and "\b" not in doc
