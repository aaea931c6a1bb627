"""Lessons learned of the demo portfolio, through the services: from the closed studies of the
headquarters (LYON-ETUDES) and the closed cybersecurity audit (NUM-CYBER), and from the gates
already passed by the headquarters' construction (PRINCE2), the robotisation (PMBOK) and the
customer portal (AgilePM). The fit-out project (LYON-AMENAG), which has none of its own, is
suggested the construction lessons on its *Lessons* tab, and one of them is already marked
useful there."""

from __future__ import annotations

from datetime import date
from typing import Any

from jalon.governance.models import Gate
from jalon.lessons import services
from jalon.portfolios.models import Project

# project code -> lessons: (title, what happened, impact, recommendation, category, sector,
# phase key or None, date); at a project with passed gates, the lesson is tied to the first
# passed gate of its phase.
LESSONS: dict[str, list[tuple[str, str, str, str, str, str, str | None, date]]] = {
    "LYON-ETUDES": [
        ("Sondages de sol trop tardifs",
         "Les sondages géotechniques ont été commandés après l'esquisse : les fondations ont "
         "dû être reprises en phase projet, trois semaines perdues.", "negative",
         "Commander la mission géotechnique G2 dès le programme, avant l'esquisse.",
         "technical", "construction", None, date(2026, 3, 20)),
        ("Allotissement discuté avec les entreprises locales",
         "Une réunion d'information avant la consultation a fait venir douze offres au lieu "
         "de cinq sur les lots de second œuvre.", "positive",
         "Organiser une rencontre des entreprises avant chaque appel d'offres de travaux.",
         "procurement", "construction", None, date(2026, 4, 8)),
        ("Estimation par lot sous-évaluée sur les fluides",
         "L'estimation du lot chauffage-ventilation était inférieure de 18 % aux offres ; "
         "l'économiste n'avait pas intégré la hausse des équipements.", "negative",
         "Actualiser les prix des équipements techniques juste avant la consultation.",
         "cost", "construction", None, date(2026, 4, 15)),
        ("Exploitant absent des revues d'avant-projet",
         "Le futur exploitant du siège n'a relu les plans qu'en fin d'études : locaux "
         "techniques et accès de maintenance ont été redessinés.", "negative",
         "Inviter l'exploitant et les services généraux à chaque revue de conception.",
         "stakeholders", "construction", None, date(2026, 4, 20)),
    ],
    "NUM-CYBER": [
        ("Inventaire des applications incomplet",
         "Un tiers des applications métier n'était pas dans la CMDB : l'audit a dû être "
         "étendu de deux semaines.", "negative",
         "Faire valider l'inventaire applicatif par chaque direction avant l'audit.",
         "scope", "informatique", None, date(2026, 3, 30)),
        ("Tests d'intrusion planifiés hors production",
         "Les tests d'intrusion en heures creuses ont évité toute coupure du service client.",
         "positive", "Planifier les tests intrusifs la nuit avec une astreinte exploitation.",
         "risk", "informatique", None, date(2026, 4, 10)),
    ],
    "LYON-CONST": [
        ("Plan d'installation de chantier validé avec les riverains",
         "La présentation du plan d'installation aux riverains a évité tout recours sur les "
         "horaires de livraison.", "positive",
         "Présenter l'installation de chantier et les horaires au voisinage avant l'ordre de "
         "service.", "stakeholders", "construction", "starting_up", date(2026, 2, 27)),
        ("Béton des pieux commandé trop tard",
         "La centrale à béton n'a pu livrer les pieux qu'avec dix jours de retard en période "
         "de gel ; le gros œuvre a glissé d'autant.", "negative",
         "Réserver les volumes de béton un mois avant les fondations et prévoir un adjuvant "
         "hiver.", "schedule", "construction", "initiating", date(2026, 4, 24)),
    ],
    "USINE-ROBOT": [
        ("Délais des robots sous-estimés",
         "Les robots ont été commandés après l'approbation du plan : 26 semaines de délai "
         "fournisseur au lieu des 16 prévues.", "negative",
         "Lancer les équipements à long délai dès la charte, avec une clause de dédit.",
         "procurement", "industrie", "planning", date(2026, 3, 6)),
        ("Sécurité machines dès la conception",
         "L'analyse de risques machine faite avec le préventeur dès la conception a évité "
         "une reprise des carters.", "positive",
         "Associer le préventeur et le CHSCT aux revues de conception de cellule.",
         "quality", "industrie", "initiating", date(2026, 2, 10)),
    ],
    "NUM-CRM": [
        ("MoSCoW tenu pendant les timebox",
         "Le respect strict des priorités MoSCoW a permis de livrer le portail à la date, "
         "les « Could » reportés en évolution.", "positive",
         "Faire arbitrer chaque ajout par le Business Visionary contre une exigence Could.",
         "scope", "informatique", "foundations", date(2026, 4, 3)),
        ("Utilisateurs clés peu disponibles",
         "Les commerciaux sollicités pour les ateliers n'ont assisté qu'à la moitié des "
         "sessions ; la recette a manqué de retours terrain.", "negative",
         "Bloquer les créneaux des utilisateurs clés dans les agendas dès les fondations.",
         "resources", "informatique", "feasibility", date(2026, 3, 12)),
    ],
}


def _gate(project: Project, phase: str | None) -> Gate | None:
    if phase is None:
        return None
    return Gate.objects.filter(phase__project=project, phase__key=phase).exclude(
        status=Gate.Status.PENDING).first()


def load(*, actor: Any, projects: dict[str, Project], people: dict[str, Any]) -> None:
    """Record the lessons, and mark one useful for the fit-out project."""
    recorded: dict[str, Any] = {}
    for code, lessons in LESSONS.items():
        project = projects[code]
        for title, happened, impact, advice, category, sector, phase, on in lessons:
            recorded[title] = services.lesson_create(
                actor=actor, project=project, title=title, what_happened=happened,
                impact=impact, recommendation=advice, category=category, sector=sector,
                recorded_on=on, gate=_gate(project, phase), phase=phase or "")
    services.useful_mark(actor=people["chef.chantier"],
                         lesson=recorded["Béton des pieux commandé trop tard"],
                         project=projects["LYON-AMENAG"])
