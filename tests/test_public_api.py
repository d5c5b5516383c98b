"""The public surface is declared once, in bomgar_paths.__all__, and nothing leaks."""

import types

import bomgar_paths


def test_all_is_sorted_and_complete() -> None:
    assert bomgar_paths.__all__ == sorted(bomgar_paths.__all__)
    for name in bomgar_paths.__all__:
        assert hasattr(bomgar_paths, name), name


def test_no_undeclared_public_names() -> None:
    public = {name for name in dir(bomgar_paths) if not name.startswith("_")
              and not isinstance(getattr(bomgar_paths, name), types.ModuleType)}
    assert public == set(bomgar_paths.__all__) - {"__version__"}


def test_every_lazy_name_is_where_the_map_says() -> None:
    """The map of names to modules, and the type checkers' imports, agree."""
    for name, module in bomgar_paths._LAZY.items():
        assert getattr(bomgar_paths, name).__module__ == f"bomgar_paths.{module}", name


def test_an_unknown_name_is_an_attribute_error() -> None:
    assert not hasattr(bomgar_paths, "no_such_name")


def test_docstring_example_runs() -> None:
    catalog = bomgar_paths.load_bundled()
    start = bomgar_paths.State.parse("base=3.2.4,bomgar=11.1.2")
    result = bomgar_paths.plan(catalog, start)
    assert result.steps and result.steps[0].package.label == "Base Software 3.3.2"
