"""The data migrations of issue 14 keep every existing record and its symbol."""

import importlib

import pytest
from django.apps import apps

from decisions.models import Document, DocumentSymbol

pytestmark = pytest.mark.django_db


def migration(name: str):
    return importlib.import_module(f"decisions.migrations.{name}")


def test_existing_document_symbols_are_kept_in_the_canonical_case():
    shouting = Document.objects.create(symbol="UNEP/FAO/RC/COP.12/13/ADD.1")
    kept = Document.objects.create(symbol="UNEP/CHW.17/INF/54")
    looping = DocumentSymbol.objects.create(document=kept, symbol=kept.symbol)
    parallel = DocumentSymbol.objects.create(
        document=kept, symbol="unep/pops/cop.12/inf/44", position=2
    )
    # Two spellings of one symbol: the second keeps its text rather than collide.
    Document.objects.create(symbol="UNEP/MC/COP.1/1")
    clash = Document.objects.create(symbol="unep/mc/cop.1/1")

    migration("0007_canonical_document_symbols").canonical_document_symbols(apps, None)

    shouting.refresh_from_db()
    parallel.refresh_from_db()
    clash.refresh_from_db()
    assert shouting.symbol == "UNEP/FAO/RC/COP.12/13/Add.1"
    assert parallel.symbol == "UNEP/POPS/COP.12/INF/44"
    assert not DocumentSymbol.objects.filter(pk=looping.pk).exists()
    assert clash.symbol == "unep/mc/cop.1/1"
    assert Document.objects.count() == 4
