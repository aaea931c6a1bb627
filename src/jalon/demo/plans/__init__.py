"""The work breakdown of every demo project, by project code."""

from __future__ import annotations

from jalon.demo.plans import groupe, lyon, numerique, usine
from jalon.demo.wbs import Phase

PLANS: dict[str, tuple[Phase, ...]] = {
    "NUM-ERP": numerique.ERP,
    "NUM-CRM": numerique.CRM,
    "NUM-DATA": numerique.DATA,
    "NUM-CYBER": numerique.CYBER,
    "NUM-IA": numerique.IA,
    "LYON-ETUDES": lyon.ETUDES,
    "LYON-CONST": lyon.CONST,
    "LYON-AMENAG": lyon.AMENAG,
    "LYON-PARK": lyon.PARK,
    "USINE-MES": usine.MES,
    "USINE-ROBOT": usine.ROBOT,
    "USINE-MAINT": usine.MAINT,
    "USINE-ENERGIE": usine.ENERGIE,
    "RSE-CSRD": groupe.CSRD,
    "PMO-JALON": groupe.PMO_TOOL,
}
