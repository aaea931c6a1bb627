"""The demo's shared pool: working calendars, skills and resources of the Groupe Aurore."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from jalon.calendars import services as calendars
from jalon.calendars.models import Calendar
from jalon.demo.wbs import RESOURCE_PREFIX
from jalon.resources import services as resources
from jalon.resources.models import Resource, Skill

COMPANY_CALENDAR = "Aurore – Calendrier société"
FACTORY_CALENDAR = "Aurore – Usine de Villefranche"
PART_TIME_CALENDAR = "Aurore – Temps partiel (lundi–jeudi)"
CALENDAR_NAMES = (PART_TIME_CALENDAR, FACTORY_CALENDAR, COMPANY_CALENDAR)  # derived ones first


@dataclass(frozen=True)
class ResourceSpec:
    """A resource of the pool: ``rate`` per hour (per unit for a material), ``capacity`` in units."""

    code: str
    name: str
    kind: str
    skills: tuple[str, ...]
    rate: str
    capacity: str = "1"
    cost_per_use: str = "0"
    user: str = ""  # the demo user this person is
    part_time: bool = False


_P, _E, _M = Resource.Kind.PERSON, Resource.Kind.EQUIPMENT, Resource.Kind.MATERIAL

RESOURCES: tuple[ResourceSpec, ...] = (
    # Direction de projet et PMO
    ResourceSpec("PMO", "Sophie Martin", _P, ("PMO", "Chef de projet"), "95", user="pmo"),
    ResourceSpec("CDP1", "Camille Laurent", _P, ("Chef de projet",), "90", user="cheffe.projet"),
    ResourceSpec("CDP2", "Thomas Girard", _P, ("Chef de projet", "Ingénieur méthodes"), "88",
                 user="chef.usine"),
    ResourceSpec("CTX", "Pierre Rousseau", _P, ("Conducteur de travaux", "Chef de projet"), "78",
                 user="chef.chantier"),
    # Systèmes d'information
    ResourceSpec("ARCHI", "Nicolas Bernard", _P, ("Architecte",), "105"),
    ResourceSpec("ANA", "Julie Petit", _P, ("Analyste métier",), "72"),
    ResourceSpec("DEV1", "Antoine Roux", _P, ("Développeur",), "68", user="equipe"),
    ResourceSpec("DEV2", "Léa Fournier", _P, ("Développeur",), "68"),
    ResourceSpec("DEV3", "Hugo Lambert", _P, ("Développeur",), "64", capacity="0.8",
                 part_time=True),
    ResourceSpec("SAP", "Marc Dubois", _P, ("Consultant SAP", "Analyste métier"), "125"),
    ResourceSpec("TEST", "Chloé Bonnet", _P, ("Testeur",), "60"),
    ResourceSpec("DATA", "Inès Mercier", _P, ("Data scientist", "Développeur"), "85"),
    ResourceSpec("SECU", "Karim Benali", _P, ("Expert cybersécurité",), "110"),
    ResourceSpec("UX", "Manon Garnier", _P, ("Designer UX",), "75"),
    ResourceSpec("OPS", "Lucas Faure", _P, ("Ingénieur d'exploitation",), "70"),
    # Immobilier et construction
    ResourceSpec("ARCHB", "Élodie Chevalier", _P, ("Architecte",), "115"),
    ResourceSpec("BET", "Mathieu Blanc", _P, ("Ingénieur structure",), "95"),
    ResourceSpec("ECO", "Nathalie Guérin", _P, ("Économiste de la construction",), "85"),
    ResourceSpec("COMP", "Équipe gros œuvre (6 compagnons)", _P, ("Maçon",), "42",
                 capacity="6"),
    ResourceSpec("ELEC", "Équipe électricité (3 électriciens)", _P, ("Électricien",), "48",
                 capacity="3"),
    # Industrie
    ResourceSpec("METH", "Romain Perrin", _P, ("Ingénieur méthodes",), "80"),
    ResourceSpec("AUTO", "Sarah Morel", _P, ("Automaticien",), "78"),
    ResourceSpec("MAINT", "Yann Le Gall", _P, ("Technicien de maintenance",), "55"),
    ResourceSpec("QUAL", "Aurélie Fontaine", _P, ("Responsable qualité",), "75"),
    # Fonctions support
    ResourceSpec("RSE", "Claire Roussel", _P, ("Chargé de mission RSE",), "70"),
    ResourceSpec("CHG", "Vincent Lefèvre", _P, ("Conduite du changement", "Formateur"), "65"),
    ResourceSpec("ACH", "Émilie Gauthier", _P, ("Acheteur",), "62"),
    # Équipements (coût horaire, plus un forfait d'amenée pour la grue)
    ResourceSpec("GRUE", "Grue mobile 60 t", _E, (), "185", cost_per_use="1200"),
    ResourceSpec("NACELLE", "Nacelle élévatrice 18 m", _E, (), "32", capacity="2"),
    ResourceSpec("BANC", "Banc d'essai robotique", _E, (), "40"),
    # Matières (coût par unité consommée)
    ResourceSpec("BETON", "Béton C25/30 (m³)", _M, (), "135"),
    ResourceSpec("ACIER", "Acier HA pour armatures (t)", _M, (), "1150"),
    ResourceSpec("CAPT", "Capteurs IoT de vibration (unité)", _M, (), "85"),
)

SKILL_DESCRIPTIONS = {
    "PMO": "Pilotage du portefeuille, reporting et méthodes.",
    "Chef de projet": "Pilotage de projet : planning, budget, risques, comités.",
    "Conducteur de travaux": "Direction de chantier et coordination des corps d'état.",
}


def create_calendars(*, actor: Any) -> dict[str, Calendar]:
    """The company calendar (French public holidays, bridges, year-end closure), the factory's
    (summer closure) and a part-time calendar (Monday to Thursday), both based on it."""
    company = calendars.calendar_create(actor=actor, name=COMPANY_CALENDAR,
                                       working_weekdays=[0, 1, 2, 3, 4],
                                       hours_per_day=Decimal("7"), public_holidays="FR")
    for name, start, finish in (
        ("Pont de l'Ascension", date(2026, 5, 15), date(2026, 5, 15)),
        ("Fermeture de fin d'année", date(2026, 12, 28), date(2026, 12, 31)),
        ("Pont de l'Ascension", date(2027, 5, 7), date(2027, 5, 7)),
    ):
        calendars.calendar_exception_create(actor=actor, calendar=company, name=name,
                                           start=start, finish=finish)
    factory = calendars.calendar_create(actor=actor, name=FACTORY_CALENDAR, base=company,
                                       working_weekdays=[0, 1, 2, 3, 4],
                                       hours_per_day=Decimal("7"))
    calendars.calendar_exception_create(actor=actor, calendar=factory, name="Fermeture estivale",
                                       start=date(2026, 8, 3), finish=date(2026, 8, 21))
    calendars.calendar_exception_create(actor=actor, calendar=factory,
                                       name="Journée de solidarité (lundi de Pentecôte travaillé)",
                                       start=date(2026, 5, 25), finish=date(2026, 5, 25),
                                       is_working=True)
    part_time = calendars.calendar_create(actor=actor, name=PART_TIME_CALENDAR, base=company,
                                         working_weekdays=[0, 1, 2, 3],
                                         hours_per_day=Decimal("7"))
    return {"company": company, "factory": factory, "part_time": part_time}


def _skills(*, actor: Any) -> dict[str, Skill]:
    """The skills the demo needs; skills of the same name already in the pool are reused."""
    names = sorted({name for spec in RESOURCES for name in spec.skills})
    existing = {skill.name: skill for skill in Skill.objects.filter(name__in=names)}
    for name in names:
        if name not in existing:
            existing[name] = resources.skill_create(
                actor=actor, name=name, description=SKILL_DESCRIPTIONS.get(name, "")
            )
    return existing


def create_resources(*, actor: Any, calendars: dict[str, Calendar],
                     users: dict[str, Any]) -> dict[str, Resource]:
    """The resource pool, by full code (``AUR-DEV1``)."""
    skills = _skills(actor=actor)
    pool: dict[str, Resource] = {}
    for spec in RESOURCES:
        user = users.get(spec.user)
        code = RESOURCE_PREFIX + spec.code
        pool[code] = resources.resource_create(
            actor=actor,
            code=code,
            name=spec.name,
            kind=spec.kind,
            skills=[skills[name] for name in spec.skills],
            standard_rate=Decimal(spec.rate),
            cost_per_use=Decimal(spec.cost_per_use),
            capacity=Decimal(spec.capacity),
            calendar=calendars["part_time"] if spec.part_time else None,
            user=user,
            email=user.email if user is not None else "",
        )
    return pool
