"""Plans of the projects run directly under the portfolio: CSRD reporting and the PMO's tool."""

from __future__ import annotations

from datetime import date

from jalon.demo.wbs import M, P, W

CSRD = (
    P("Double matérialité",
      W("Cartographie des parties prenantes", 5, "RSE CHG:0.3"),
      W("Analyse de double matérialité", 15, "RSE PMO:0.2", pert=(12, 15, 20)),
      M("Jalon : enjeux matériels validés par le comité d'audit"),
      res="RSE"),
    P("Préparation de la collecte",
      W("Analyse des écarts avec les normes ESRS", 10, "RSE"),
      W("Outil de collecte et contrôles", 15, "DATA DEV3:0.5", after=["prev:SS+5"]),
      W("Collecte pilote sur le premier semestre", 15, "RSE DATA:0.3",
        constraint=("SNET", date(2026, 7, 1))),
      W("Procédures de contrôle interne des indicateurs", 8, "RSE QUAL:0.3", after=["prev:FF+3"]),
      M("Jalon : dispositif de collecte validé par les commissaires aux comptes"),
      res="RSE"),
    P("Collecte des indicateurs ESRS",
      W("Bilan carbone (scopes 1, 2 et 3)", 20, "RSE METH:0.3",
        constraint=("SNET", date(2027, 1, 4))),
      W("Indicateurs sociaux (effectifs, sécurité)", 10, "RSE"),
      W("Indicateurs de gouvernance et d'éthique", 6, "RSE:0.5"),
      W("Consolidation des données des filiales", 12, "DATA RSE:0.5"),
      M("Jalon : données 2026 collectées"),
      res="RSE DATA:0.3", parallel=True),
    P("Rapport et audit",
      W("Plan de transition climatique", 8, "RSE METH:0.3"),
      W("Rédaction du rapport de durabilité", 15, "RSE CHG:0.3", after=["prev:SS+3"]),
      W("Audit de l'organisme tiers indépendant", 10, "RSE:0.5", after=["prev:SS+10"]),
      M("Jalon : publication du rapport de durabilité",
        constraint=("FNLT", date(2027, 4, 30))),
      res="RSE"),
)

PMO_TOOL = (
    P("Paramétrage de Jalon",
      W("Structure du portefeuille et des rôles", 3, "PMO"),
      W("Reprise des plannings MS Project", 15, "PMO:0.5 DEV2", after=["prev:SS+1"]),
      W("Calendriers et pool de ressources", 4, "PMO"),
      M("Jalon : outil prêt pour les chefs de projet"),
      res="PMO DEV2:0.3"),
    P("Tableaux de bord et rituels",
      W("Tableaux de bord du comité de portefeuille", 6, "PMO DATA:0.3"),
      W("Revue mensuelle de portefeuille (gabarit)", 3, "PMO", after=["prev:FF"]),
      W("Indicateurs de valeur acquise", 5, "PMO CDP1:0.2"),
      res="PMO"),
    P("Formation et accompagnement",
      W("Formation des chefs de projet", 5),
      W("Formation des directeurs de programme", 2, after=["prev:SS+2"]),
      W("Accompagnement des premières revues", 60, "PMO:0.3"),
      M("Jalon : bilan à trois mois"),
      res="CHG PMO:0.3"),
)
