"""The public surface is declared once, in bomgar_paths.__all__, and nothing leaks."""

import types

import pytest

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


def test_the_front_door_takes_the_obvious_spellings() -> None:
    """States, goals, holds and packages may be given as text (issue 8)."""
    catalog = bomgar_paths.load_bundled()
    start = bomgar_paths.State.parse("base=3.2.4,bomgar=11.1.2")
    typed = bomgar_paths.plan(catalog, start, bomgar_paths.Goal.parse(["bomgar==15.1.1"]),
                              [bomgar_paths.Requirement.parse("base<7")])
    assert bomgar_paths.plan(catalog, "base=3.2.4,bomgar=11.1.2", "bomgar==15.1.1",
                             ["base<7"]) == typed
    assert bomgar_paths.offers(catalog, {"base": "3.2.4", "bomgar": "11.1.2"}) == \
        bomgar_paths.offers(catalog, start)
    package = catalog.find("Bomgar-12.2.0")
    assert bomgar_paths.diagnose(catalog, str(start), "Bomgar-12.2.0") == \
        bomgar_paths.diagnose(catalog, start, package)
    assert bomgar_paths.unlock(catalog, str(start), "bomgar=12.2.0") == \
        bomgar_paths.unlock(catalog, start, package)


@pytest.mark.parametrize(("call", "fragment"), [
    (lambda c: bomgar_paths.plan(c, 42), "state"),
    (lambda c: bomgar_paths.plan("bundled", "base=3.2.4"), "catalog"),
    (lambda c: bomgar_paths.plan(c, "base=3.2.4", 7), "goal"),
    (lambda c: bomgar_paths.offers(c, ["base=3.2.4"]), "state"),
    (lambda c: bomgar_paths.diagnose(c, "base=3.2.4", "Bomgar-99.0.0"), "Bomgar-99.0.0"),
    (lambda c: bomgar_paths.unlock(c, "base=3.2.4", 12), "package"),
])
def test_the_front_door_refuses_what_it_cannot_read(call, fragment: str) -> None:  # type: ignore[no-untyped-def]
    """Anything else is an InputError naming what was expected, not a TypeError later."""
    with pytest.raises(bomgar_paths.InputError, match=fragment):
        call(bomgar_paths.load_bundled())
