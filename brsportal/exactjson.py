"""Django's JSON serialization format, keeping every timestamp to the microsecond.

Django's encoder cuts times to milliseconds (ECMA-262's format), so a row written under
1 ms past the second came back from ``backup``/``restore`` (and from any dump) as a
different value. Registered as the ``json`` format in ``SERIALIZATION_MODULES``, so
dumpdata, loaddata and ``serializers.serialize("json", ...)`` all use it; reading is
Django's own, which already accepts microseconds.
"""

import datetime

from django.core.serializers import json
from django.core.serializers.json import Deserializer, DjangoJSONEncoder

__all__ = ["Deserializer", "ExactJSONEncoder", "Serializer"]


class ExactJSONEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder without the cut to milliseconds."""

    def default(self, o: object) -> object:
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return (
                text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
            )
        if isinstance(o, datetime.time) and o.utcoffset() is None:
            return o.isoformat()
        return super().default(o)


class Serializer(json.Serializer):
    def _init_options(self) -> None:
        self.options.setdefault("cls", ExactJSONEncoder)
        super()._init_options()
