"""Existing document symbols keep their text, in the canonical case (Add.1, not
ADD.1), unless another document already holds that form; a document listed as its
own parallel symbol loses that row (its page redirected to itself forever)."""

from django.db import migrations

from decisions.symbols import canonical


def canonical_document_symbols(apps, schema_editor):
    Document = apps.get_model("decisions", "Document")
    DocumentSymbol = apps.get_model("decisions", "DocumentSymbol")
    for row in DocumentSymbol.objects.select_related("document"):
        if row.symbol == row.document.symbol:
            row.delete()
    taken = set(Document.objects.values_list("symbol", flat=True))
    taken |= set(DocumentSymbol.objects.values_list("symbol", flat=True))
    for model in (Document, DocumentSymbol):
        for row in model.objects.all():
            wanted = canonical(row.symbol)
            if wanted != row.symbol and wanted not in taken:
                taken.add(wanted)
                model.objects.filter(pk=row.pk).update(symbol=wanted)


class Migration(migrations.Migration):
    dependencies = [("decisions", "0006_symbols_as_cited")]

    operations = [
        migrations.RunPython(canonical_document_symbols, migrations.RunPython.noop),
    ]
