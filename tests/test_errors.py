"""Error masking: internal failures are hidden and localized; client errors keep their text."""

from __future__ import annotations

from dataclasses import replace

import strawberry

from backend.api.context import Context, Info
from backend.api.errors import BadUserInput
from backend.i18n import Language
from backend.schema import extensions_for
from backend.settings import Settings


@strawberry.type
class Failing:
    @strawberry.field
    def internal(self) -> str:
        raise RuntimeError("password=hunter2 in a database error")

    @strawberry.field
    def client(self, info: Info) -> str:
        raise BadUserInput("bad_cursor", info.context.language)


def schema_for(settings: Settings) -> strawberry.Schema:
    return strawberry.Schema(query=Failing, extensions=extensions_for(settings))


async def test_internal_errors_are_masked_and_localized_in_production() -> None:
    settings = replace(Settings.from_env(), debug=False)
    for language, text in [
        (Language.FI, "Odottamaton virhe"),
        (Language.SV, "oväntat fel"),
        (Language.EN, "Unexpected error"),
    ]:
        context = Context(request=None, language=language, settings=settings)
        result = await schema_for(settings).execute("{ internal }", context_value=context)
        assert result.errors is not None
        error = result.errors[0]
        assert text in error.message
        assert "hunter2" not in error.message
        assert error.extensions == {"code": "INTERNAL_SERVER_ERROR"}


async def test_client_errors_pass_unmasked() -> None:
    settings = replace(Settings.from_env(), debug=False)
    context = Context(request=None, language=Language.SV, settings=settings)
    result = await schema_for(settings).execute("{ client }", context_value=context)
    assert result.errors is not None
    assert result.errors[0].message == "Sidmarkören (after) är ogiltig."
    assert result.errors[0].extensions is not None
    assert result.errors[0].extensions["code"] == "BAD_USER_INPUT"


async def test_development_shows_internal_errors() -> None:
    settings = replace(Settings.from_env(), debug=True)
    context = Context(request=None, language=Language.EN, settings=settings)
    result = await schema_for(settings).execute("{ internal }", context_value=context)
    assert result.errors is not None
    assert "hunter2" in result.errors[0].message
