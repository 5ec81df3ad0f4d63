"""Plain conversion of command-line values: typer's results and typer's errors, without building pydantic adapters."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import pytest
import typer
from typer.testing import CliRunner

from alliancekg.conversion import NotPlain, PlainCommand, PlainRuntimeParam, plain_value


class Colour(StrEnum):
    red = "red"
    blue = "blue"


def make_app(cls: type[typer.core.TyperCommand] | None) -> typer.Typer:
    """A one-command app taking every plain kind of parameter, made with ``cls`` (typer's own if None)."""
    app = typer.Typer(pretty_exceptions_enable=False, add_completion=False)

    @app.command(cls=cls)
    def show(
        name: Annotated[str | None, typer.Argument(help="A name.")] = None,
        tag: Annotated[list[str] | None, typer.Option("--tag", "-t")] = None,
        colour: Annotated[Colour, typer.Option("--colour", "-c")] = Colour.red,
        where: Annotated[Path | None, typer.Option("--where")] = None,
        count: Annotated[int, typer.Option("--count")] = 1,
    ) -> None:
        typer.echo(repr((name, tag, colour, where, count)))

    return app


ARGUMENTS = [
    [], ["alpha"], ["alpha", "-t", "a=1", "--tag", "b=2"], ["-c", "blue"], ["--colour", "BLUE"],
    ["--colour", "green"], ["--colour"], ["--where", "some/dir"], ["--where", ""], ["--count", "3"],
    ["--count", "three"], ["alpha", "beta"], ["--bogus"], ["--help"],
]


@pytest.mark.parametrize("arguments", ARGUMENTS, ids=" ".join)
def test_plain_conversion_answers_and_fails_as_typer_does(arguments: list[str]) -> None:
    plain = CliRunner().invoke(make_app(PlainCommand), arguments, env={"COLUMNS": "120"})
    typers = CliRunner().invoke(make_app(None), arguments, env={"COLUMNS": "120"})
    assert (plain.exit_code, plain.output) == (typers.exit_code, typers.output)


def test_a_plain_command_never_builds_typer_conversions_for_plain_values(capsys: pytest.CaptureFixture[str]) -> None:
    command = typer.main.get_command(make_app(PlainCommand))
    command.main(["alpha", "-t", "a=1", "-c", "blue", "--where", "x"], prog_name="show", standalone_mode=False)
    assert capsys.readouterr().out == repr(("alpha", ["a=1"], Colour.blue, Path("x"), 1)) + "\n"
    # --help is a typer option too, made on demand: typer converted its absent value through pydantic.
    typer_params = [p for p in [*command.params, command.get_help_option(typer.Context(command))]
                    if isinstance(p, typer.core._TyperParameter)]
    assert len(typer_params) == 6
    assert all(isinstance(p._runtime_param, PlainRuntimeParam) for p in typer_params)


def test_plain_values_and_what_is_left_to_typer() -> None:
    info = typer.models.OptionInfo()
    assert plain_value(str, info, "x") == "x"
    assert plain_value(list[str], info, ("a", "b")) == ["a", "b"]
    assert plain_value(Colour, info, "blue") is Colour.blue
    assert plain_value(Colour, info, Colour.red) is Colour.red
    assert plain_value(Path, info, "d/e") == Path("d/e")
    for annotation, value in ((int, "3"), (Colour, "green"), (Colour, "BLUE"), (list[int], ("1",)), (str, 3)):
        with pytest.raises(NotPlain):
            plain_value(annotation, info, value)
