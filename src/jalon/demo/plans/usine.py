"""Plans of the "Usine 4.0" programme at the Villefranche factory (summer closure in August)."""

from __future__ import annotations

from datetime import date

from jalon.demo.wbs import M, P, W

_MES_LINES = ("Ligne d'usinage", "Ligne d'assemblage 1", "Ligne d'assemblage 2", "Conditionnement")

MES = (
    P("Initialisation (PRINCE2 : démarrage)",
      W("Exposé du projet et business case", 5, "CDP2 METH:0.5"),
      W("Document d'initialisation du projet (PID)", 8, "CDP2 QUAL:0.3"),
      M("Jalon : autorisation du projet par le comité de pilotage"),
      res="CDP2"),
    P("Spécifications",
      W("Cartographie des flux de production", 10, "METH"),
      W("Spécifications fonctionnelles du MES", 15, "METH ANA", pert=(12, 15, 22),
        after=["prev:SS+5"]),
      W("Interfaces MES – ERP", 8, "ARCHI SAP:0.3", after=["prev:FF"]),
      M("Jalon : validation du cahier des charges"),
      res="METH ANA:0.5"),
    P("Paramétrage et intégration",
      W("Paramétrage des gammes et nomenclatures", 15, "METH AUTO:0.5"),
      W("Raccordement des automates (OPC UA)", 12, "AUTO", after=["prev:SS+5"]),
      W("Écrans opérateurs", 10, "DEV3 UX:0.3", after=["prev:SS"]),
      W("Tests d'intégration sur plateforme", 8, "TEST AUTO:0.5"),
      res="AUTO DEV3:0.5"),
    P("Déploiement par ligne",
      *(W(f"Mise en service – {line}", 6 if i else 8, key=f"ligne{i}",
          after=None if i == 0 else [f"ligne{i - 1}:FS+2"],
          constraint=("SNET", date(2026, 8, 24)) if i == 0 else None)
        for i, line in enumerate(_MES_LINES)),
      M("Jalon : mise en service du MES", key="mes", deadline=date(2026, 10, 30)),
      res="AUTO METH:0.5 MAINT:0.5"),
    P("Clôture (PRINCE2 : fin de projet)",
      W("Formation des chefs d'équipe", 5, "CHG METH:0.5", after=["ligne0:SS"]),
      W("Double saisie sur papier pendant le rodage", 10, "METH:0.2", after=["ligne0:SF+10"]),
      W("Rapport de fin de projet et leçons apprises", 3, "CDP2", after=["mes"]),
      M("Jalon : clôture du projet MES"),
      res="CDP2:0.5"),
)

ROBOT = (
    P("Étude et conception",
      W("Analyse ergonomique des postes", 8, "METH QUAL:0.3"),
      W("Étude de faisabilité robotique", 10, "AUTO METH:0.5", pert=(8, 10, 15)),
      W("Cahier des charges de la cellule", 6, "METH AUTO"),
      M("Jalon : validation du cahier des charges"),
      res="METH AUTO:0.5"),
    P("Achats",
      W("Consultation des intégrateurs", 15, "ACH METH:0.3"),
      W("Commande des robots et convoyeurs", 2, "ACH CDP2:0.3"),
      W("Délai de fabrication des robots", 40, "-", key="fabrication"),
      res="ACH"),
    P("Intégration",
      W("Programmation hors ligne des trajectoires", 15, "AUTO BANC",
        after=["fabrication:SS+10"]),
      W("Essais sur banc", 8, "AUTO BANC MAINT:0.5", after=["fabrication"]),
      W("Installation sur la ligne 2", 10, "AUTO MAINT COMP:1",
        constraint=("SNET", date(2026, 8, 24))),
      W("Analyse des risques machine et marquage CE", 5, "QUAL AUTO:0.5",
        after=["prev:FF+2"]),
      W("Formation des opérateurs de la ligne 2", 4, "CHG METH:0.5"),
      W("Réception et montée en cadence", 15, "METH QUAL:0.5"),
      M("Jalon : ligne 2 robotisée en production"),
      res="AUTO BANC"),
)

MAINT = (
    P("Cadrage agile",
      W("Choix des machines critiques", 5, "MAINT METH:0.5"),
      W("Plan de pose des capteurs", 5, "MAINT AUTO:0.5"),
      M("Jalon : fondations validées"),
      res="CDP2:0.3 DATA:0.5"),
    P("Instrumentation",
      W("Pose des capteurs de vibration", 10, "MAINT AUTO:0.5 CAPT=64"),
      W("Raccordement des capteurs au MES", 5, "AUTO",
        after=["prev", "USINE-MES/mes:FS+10"]),
      W("Collecte de trois mois d'historique", 60, "-", key="historique"),
      res="MAINT AUTO:0.5"),
    P("Modèles prédictifs",
      W("Exploration des signaux", 10, after=["historique:SS+20"]),
      W("Modèle de détection d'anomalies", 15, pert=(10, 15, 25)),
      W("Alertes dans la GMAO", 8, "DEV2 MAINT:0.3"),
      M("Jalon : maintenance prédictive opérationnelle", after=["prev", "historique"]),
      res="DATA"),
    P("Déploiement aux autres machines",
      W("Extension aux presses et compresseurs", 10, "MAINT AUTO:0.5 CAPT=40"),
      W("Formation des techniciens de maintenance", 3, "CHG MAINT", after=["prev:FF"]),
      W("Mesure des gains (pannes évitées)", 20, "MAINT:0.2 DATA:0.2"),
      M("Jalon : revue des bénéfices")),
)

ENERGIE = (
    P("Diagnostic énergétique",
      W("Audit énergétique réglementaire", 10, "METH RSE:0.5"),
      W("Sous-comptage des consommations", 8, "ELEC:1 AUTO:0.3", after=["prev:SS+2"]),
      M("Jalon : plan d'actions énergie validé"),
      res="METH:0.5 RSE:0.3"),
    P("Travaux",
      W("Récupération de chaleur des compresseurs", 15, "MAINT COMP:1"),
      W("Relamping LED des ateliers", 10, "ELEC:2 NACELLE"),
      W("Pilotage de l'air comprimé", 6, "AUTO"),
      M("Jalon : travaux d'efficacité énergétique terminés"),
      res="ELEC:2 MAINT:0.5", parallel=True),
    P("Mesure et vérification (IPMVP)",
      W("Plan de mesure et de vérification", 3, "METH RSE:0.5"),
      W("Campagne de mesure après travaux", 20, "METH:0.2 AUTO:0.2"),
      W("Dossier de certificats d'économies d'énergie", 5, "RSE ACH:0.3", after=["prev:SS+10"]),
      M("Jalon : économies d'énergie vérifiées")),
)
