"""The published contract: the exported schema is current and the PWA's operations are valid."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphql import OperationDefinitionNode, build_schema, parse, validate
from strawberry.printer import print_schema

from backend.schema import schema

ROOT = Path(__file__).resolve().parent.parent
CONTRACT = ROOT / "graphql" / "schema.graphql"
OPERATIONS = sorted((ROOT / "graphql" / "operations").glob("*.graphql"))


def test_exported_schema_is_current() -> None:
    exported = print_schema(schema) + "\n"
    assert CONTRACT.read_text(encoding="utf-8") == exported, (
        "graphql/schema.graphql is stale: run "
        "`.venv/bin/python -m strawberry export-schema backend.schema:schema "
        "--output graphql/schema.graphql`"
    )


def test_graphql_folder_is_not_a_python_package() -> None:
    assert not (ROOT / "graphql" / "__init__.py").exists()


def test_pwa_has_operations() -> None:
    assert len(OPERATIONS) >= 3


@pytest.mark.parametrize("path", OPERATIONS, ids=lambda p: p.name)
def test_operation_is_valid_against_the_schema(path: Path) -> None:
    document = parse(path.read_text(encoding="utf-8"))
    errors = validate(build_schema(CONTRACT.read_text(encoding="utf-8")), document)
    assert not errors, [e.message for e in errors]
    names = [
        d.name.value if d.name else ""
        for d in document.definitions
        if isinstance(d, OperationDefinitionNode)
    ]
    assert names == [path.stem], "one named operation per file, named like the file"
