"""The public surface is declared once, in bomgar_paths.__all__, and nothing leaks."""

import types

import bomgar_paths


def test_all_is_sorted_and_complete() -> None:
    assert bomgar_paths.__all__ == sorted(bomgar_paths.__all__)
    for name in bomgar_paths.__all__:
        assert hasattr(bomgar_paths, name), name


def test_no_undeclared_public_names() -> None:
    public = {name for name, value in vars(bomgar_paths).items()
              if not name.startswith("_") and not isinstance(value, types.ModuleType)}
    public |= set(bomgar_paths._LAZY)  # loaded on first use
    assert public == set(bomgar_paths.__all__) - {"__version__"}


def test_docstring_example_runs() -> None:
    catalog = bomgar_paths.load_bundled()
    start = bomgar_paths.State.parse("base=3.2.4,bomgar=11.1.2")
    result = bomgar_paths.plan(catalog, start)
    assert result.steps and result.steps[0].package.label == "Base Software 3.3.2"
