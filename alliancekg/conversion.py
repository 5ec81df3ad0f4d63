"""Typer's conversion of command-line values, without pydantic for the plain types quick commands take.

Typer converts every given value through a pydantic ``TypeAdapter``: importing pydantic and building
the adapters took more CPU than the rest of ``alliancekg query``.  :class:`PlainCommand` and
:class:`PlainGroup` convert text, lists of text, enum choices and paths directly, with typer's own
choice and path rules; any other annotation, and any value these do not take, goes to typer's own
conversion, so that errors and their messages stay typer's.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args, get_origin

from typer._click import Command
from typer._click.exceptions import BadParameter
from typer._coercion import RuntimeParam, build_runtime_param
from typer._param_types import coerce_cli_choice, coerce_cli_path, routes_to_path
from typer.core import TyperCommand, TyperGroup, _TyperParameter
from typer.models import ParameterInfo

if TYPE_CHECKING:
    from typer._click import Context


class NotPlain(Exception):
    """A value :func:`plain_value` leaves to typer's own conversion."""


def plain_value(annotation: Any, info: ParameterInfo, value: Any, ctx: Context | None = None) -> Any:
    """``value`` converted to ``annotation`` as typer would, for the plain annotations; else :class:`NotPlain`.

    Examples
    --------
    >>> from enum import StrEnum
    >>> from typer.models import OptionInfo
    >>> class Colour(StrEnum):
    ...     red = "red"
    >>> plain_value(Colour, OptionInfo(), "red")
    <Colour.red: 'red'>
    >>> plain_value(list[str], OptionInfo(), ("a=1", "b=2"))
    ['a=1', 'b=2']
    >>> plain_value(Path, OptionInfo(), "store")
    PosixPath('store')
    >>> plain_value(int, OptionInfo(), "3")
    Traceback (most recent call last):
    ...
    alliancekg.conversion.NotPlain: <class 'int'>
    """
    if info.parser is None:
        if annotation is str and isinstance(value, str):
            return value
        if get_origin(annotation) is list and get_args(annotation) == (str,) and isinstance(value, (list, tuple)) \
                and all(isinstance(item, str) for item in value):
            return list(value)
        if isinstance(annotation, type) and issubclass(annotation, Enum):
            try:
                return coerce_cli_choice(value, choices=tuple(annotation), case_sensitive=info.case_sensitive, ctx=ctx)
            except ValueError as exc:
                raise NotPlain(annotation) from exc
        if annotation is Path and info.path_type is None and routes_to_path(annotation, info) \
                and isinstance(value, (str, Path)):
            # typer makes the Path with pydantic, which makes it as Path(text) does.
            try:
                return coerce_cli_path(Path(value), info, path_type=Path, ctx=ctx)
            except BadParameter as exc:
                raise NotPlain(annotation) from exc
    raise NotPlain(annotation)


class PlainRuntimeParam(RuntimeParam):
    """The conversion of one parameter: :func:`plain_value`, else typer's own (built only then)."""

    def _coerce_value(self, value: Any, param: _TyperParameter, ctx: Context) -> Any:
        try:
            return plain_value(self.annotation, self.parameter_info, value, ctx)
        except NotPlain:  # typer's own conversion decides, and words any error
            return build_runtime_param(param.type_descriptor)._coerce_value(value, param=param, ctx=ctx)


def convert_plainly(params: list[Any]) -> None:
    """Give each typer parameter of ``params`` a :class:`PlainRuntimeParam` (click's own are left alone)."""
    for param in params:
        if isinstance(param, _TyperParameter) and not isinstance(param._runtime_param, PlainRuntimeParam):
            descriptor = param.type_descriptor
            param._runtime_param = PlainRuntimeParam(parameter_info=descriptor.parameter_info,
                                                     annotation=descriptor.annotation)


class PlainConversion(Command):
    """A command whose typer parameters, ``--help`` included, convert plain values without pydantic."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        convert_plainly(self.params)

    def get_help_option(self, ctx: Context) -> Any:
        """The ``--help`` option, made when first asked for (typer converts its absent value too)."""
        option = super().get_help_option(ctx)
        convert_plainly([option])
        return option


class PlainCommand(PlainConversion, TyperCommand):
    """A typer command whose parameters convert plain values without pydantic."""


class PlainGroup(PlainConversion, TyperGroup):
    """A typer command group whose own options convert plain values without pydantic."""


__all__ = [
    "NotPlain", "PlainCommand", "PlainConversion", "PlainGroup", "PlainRuntimeParam", "convert_plainly", "plain_value",
]
