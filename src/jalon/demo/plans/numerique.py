"""Plans of the "Transformation numérique" programme: ERP, customer portal, data, security, AI."""

from __future__ import annotations

from datetime import date

from jalon.demo.wbs import M, P, Phase, W

_ERP_MODULES = (
    ("Finance et contrôle de gestion", "SAP", "DEV1"),
    ("Achats et approvisionnements", "SAP:0.5 ANA:0.5", "DEV2"),
    ("Ventes et distribution", "SAP:0.5 ANA:0.5", "DEV1:0.5 DEV2:0.5"),
    ("Production et qualité", "SAP:0.5 QUAL:0.2", "DEV3"),
    ("Maintenance des équipements", "SAP:0.3 MAINT:0.3", "DEV2:0.5"),
)


def _erp_module(index: int, name: str, setup: str, dev: str) -> Phase:
    return P(
        f"Module {name}",
        W(f"Conception détaillée – {name}", 12, "SAP:0.5 ANA:0.5"),
        W(f"Paramétrage – {name}", 25, setup, pert=(20, 25, 35) if index == 0 else None),
        W(f"Développements spécifiques – {name}", 20, dev, after=["prev:FS-2"]),
        W(f"Tests unitaires – {name}", 10, "TEST", after=["prev:SS+4"]),
    )


ERP = (
    P("Cadrage",
      W("Note de cadrage et charte projet", 5, "CDP1"),
      W("Analyse de l'existant et cartographie des processus", 20, "ANA SAP:0.5",
        pert=(15, 20, 30)),
      W("Rédaction du cahier des charges", 15, "ANA CDP1:0.5"),
      M("Jalon : validation du cahier des charges", key="cdc")),
    P("Conception générale",
      W("Ateliers de conception (fit-to-standard)", 35, "SAP ANA", key="ateliers",
        pert=(25, 35, 50)),
      W("Architecture technique et interfaces", 15, "ARCHI", key="archi", after=["prev:SS+5"]),
      W("Dossier de conception générale", 12, "SAP ANA:0.5", after=["ateliers", "archi"]),
      M("Jalon : conception générale validée")),
    P("Réalisation",
      *(_erp_module(i, *module) for i, module in enumerate(_ERP_MODULES)),
      M("Jalon : fin de réalisation", key="fin-real"),
      parallel=True),
    P("Reprise des données",
      W("Stratégie de reprise et règles de transformation", 8, after=["cdc"]),
      W("Développement des programmes de reprise", 15, after=["prev:FS-3"]),
      W("Reprises à blanc (trois itérations)", 15, pert=(10, 15, 25), key="reprises"),
      res="DATA:0.5 DEV3"),
    P("Recette et formation",
      W("Recette d'intégration", 20, "TEST ANA", after=["fin-real", "reprises"]),
      W("Recette utilisateurs (VABF)", 15, "ANA CHG:0.5", key="vabf"),
      W("Formation des utilisateurs clés", 15, "CHG", after=["prev:SS+2"]),
      W("Rédaction des modes opératoires", 15, "CHG:0.5 ANA:0.5", after=["vabf:FF+2"]),
      M("Jalon : prononcé de la VABF", after=["vabf"])),
    P("Bascule et démarrage",
      W("Répétition générale de bascule", 5, "OPS SAP"),
      W("Bascule en production", 2, "OPS SAP DEV1"),
      M("Jalon : démarrage du nouvel ERP", key="golive", deadline=date(2026, 12, 4)),
      W("Assistance au démarrage", 20, "SAP:0.5 DEV1:0.5"),
      W("Maintien de l'ancien ERP en lecture seule", 5, "OPS:0.2", after=["golive:SF+10"]),
      W("Première clôture mensuelle sur S/4HANA", 5, "SAP ANA", after=["golive:FS+15"],
        constraint=("FNLT", date(2027, 1, 29))),
      M("Jalon : clôture du projet ERP")),
)

_SPRINTS = (
    "Catalogue produits et recherche",
    "Panier, commande et paiement",
    "Espace client et suivi des livraisons",
    "Synchronisation CRM et ERP",
    "Tableaux de bord commerciaux",
    "Accessibilité (RGAA) et performances",
)

CRM = (
    P("Pré-projet et faisabilité",
      W("Étude de faisabilité et cas d'affaires", 8, "CDP1 ANA:0.5"),
      W("Parcours clients et personas", 10, "UX ANA:0.5"),
      M("Jalon : fondations validées (AgilePM)"),
      res="CDP1:0.5 UX"),
    P("Fondations",
      W("Architecture de la solution", 8, "ARCHI"),
      W("Maquettes et charte graphique", 12, "UX", after=["prev:SS+3"]),
      W("Mise en place de l'usine logicielle", 5, "OPS DEV2:0.5", after=["prev:SS"]),
      W("Priorisation MoSCoW du backlog", 3, "CDP1 ANA", key="backlog")),
    P("Développement évolutif (incréments)",
      *(P(f"Incrément {i} – {theme}",
          W(f"Développement – {theme}", 10, pert=(8, 10, 14) if i % 2 else None),
          W(f"Revue et démonstration – {theme}", 1, "CDP1 UX:0.5 ANA:0.5"))
        for i, theme in enumerate(_SPRINTS, start=1)),
      res="DEV1 DEV2 TEST:0.5"),
    P("Déploiement",
      W("Tests de charge et de sécurité", 5, "TEST SECU:0.5"),
      W("Migration des comptes clients", 4, "DEV2 DATA:0.5"),
      W("Formation des commerciaux", 4, "CHG", after=["prev:SS+1"]),
      M("Jalon : ouverture du portail aux clients", key="ouverture"),
      W("Campagne de communication clients", 10, "CHG:0.5", after=["ouverture:SS-5"]),
      M("Jalon : revue post-projet")),
)

DATA = (
    P("Cadrage",
      W("Recueil des besoins de pilotage", 10, "ANA CDP1:0.3"),
      W("Choix de la plateforme de données", 8, "ARCHI DATA:0.5", pert=(6, 8, 14)),
      M("Jalon : validation du cahier des charges")),
    P("Socle de données",
      W("Modèle de données de l'entrepôt", 10),
      W("Connecteur ERP", 8, after=["prev", "NUM-ERP/golive"]),
      W("Connecteur CRM", 6, after=["prev:SS+2", "NUM-CRM/ouverture"]),
      W("Contrôles de qualité des données", 8, after=["prev:SS+3"]),
      res="DATA DEV2"),
    P("Tableaux de bord",
      W("Tableau de bord financier", 10),
      W("Tableau de bord commercial", 8, after=["prev:SS+5"]),
      W("Tableau de bord industriel", 8, after=["prev:SS+5"]),
      res="DATA UX:0.5"),
    P("Mise en service",
      W("Recette des indicateurs", 6, "ANA TEST"),
      W("Formation des contrôleurs de gestion", 3, "CHG"),
      M("Jalon : mise en service du décisionnel")),
    P("Gouvernance des données",
      W("Désignation des propriétaires de données", 3, "CDP1 ANA:0.5", after=["prev:SS"]),
      W("Glossaire métier et dictionnaire des indicateurs", 10, "ANA"),
      W("Procédure de correction des anomalies", 5, "ANA DATA:0.3"),
      M("Jalon : comité de gouvernance des données installé")),
)

CYBER = (
    P("Audit",
      W("Lancement et périmètre d'audit", 2, "SECU CDP1:0.5"),
      W("Audit organisationnel NIS 2", 8),
      W("Tests d'intrusion externes", 5, after=["prev:SS+2"]),
      W("Rapport d'audit et plan de remédiation", 5),
      M("Jalon : plan de remédiation validé"),
      res="SECU"),
    P("Remédiation",
      W("Durcissement des serveurs", 12),
      W("Déploiement de l'EDR sur les postes", 10, "OPS DEV3:0.5"),
      W("Authentification multifacteur", 6, "OPS"),
      W("Sauvegardes hors ligne", 5, "OPS:0.5"),
      M("Jalon : remédiation terminée"),
      parallel=True, res="OPS SECU:0.5"),
    P("Exercice et clôture",
      W("Exercice de gestion de crise cyber", 2, "SECU CDP1 PMO:0.5"),
      W("Bilan et retour d'expérience", 2, "SECU:0.5 CDP1:0.5"),
      M("Jalon : clôture du projet cybersécurité")),
)

IA = (
    P("Exploration",
      W("Cas d'usage et données disponibles", 8, "DATA ANA:0.5"),
      W("Analyse d'impact RGPD et IA Act", 5, "SECU:0.5 ANA:0.5", after=["prev:SS+3"]),
      M("Jalon : décision de lancer la preuve de concept")),
    P("Preuve de concept",
      W("Prototype de l'assistant", 15, pert=(10, 15, 25)),
      W("Évaluation avec le service client", 5, "ANA UX:0.5"),
      M("Jalon : go / no go industrialisation"),
      res="DATA DEV1:0.5"),
    P("Industrialisation",
      W("Intégration au portail client", 10, "DEV1 DEV2"),
      W("Supervision et garde-fous", 5, "OPS SECU:0.5", after=["prev:SS+3"]),
      M("Jalon : assistant ouvert aux clients")),
)
