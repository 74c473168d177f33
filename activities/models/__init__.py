from .activities import Activity, Biennium, PublicationStatus, ThematicArea
from .details import Event, Partnership, Reference
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
