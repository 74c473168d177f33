from .activities import (
    Activity,
    Biennium,
    Event,
    Partnership,
    PublicationStatus,
    Reference,
    ThematicArea,
)
from .service_agreements import ServiceAgreement, ServiceLine
from .synergies import CostSaving, Synergy

__all__ = [
    "Activity",
    "Biennium",
    "CostSaving",
    "Event",
    "Partnership",
    "PublicationStatus",
    "Reference",
    "ServiceAgreement",
    "ServiceLine",
    "Synergy",
    "ThematicArea",
]
