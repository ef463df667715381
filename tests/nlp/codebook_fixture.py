"""The NLP tests' own small codebook (YAML), shared with the CLI tests."""

CODEBOOK_YAML = """\
sigqual_codebook: 1
name: Testkodbok
language: sv
groups:
  - {key: foraldrar, name: Föräldrarna}
  - {key: aktorer, name: Aktörerna}
codes:
  - id: tema-tid
    label: Tidpunkten för insatsen
    kind: theme
    groups: [foraldrar]
    description: När i ungdomens liv insatsen kom, tidigt eller sent.
  - id: ff-tid
    label: Tidpunkt för insatsen
    kind: success_factor
    groups: [foraldrar]
    parent: tema-tid
    description: >-
      Insatsen kom i rätt tid, innan problemen hade gått för långt. Används när
      föräldern säger att hjälpen kom i rätt läge. Används inte när hjälpen kom för sent
      (se utvecklingsområdet).
    keywords: [rätt läge, i tid, lagom ålder]
    examples:
      - Det kom precis i rätt läge, han hade bara börjat glida.
  - id: uo-tid
    label: Tidpunkt för insatsen
    kind: development_area
    groups: [foraldrar]
    parent: tema-tid
    description: >-
      Insatsen kom för sent; hjälpen hade behövts tidigare. Används när föräldern säger
      att man borde ha reagerat tidigare.
    keywords: [för sent, tidigare, borde ha kommit]
    examples:
      - Det borde ha kommit mycket tidigare, nu hade han redan hunnit långt.
  - id: tema-forandring
    label: Förändringar hos ungdomarna
    kind: theme
    groups: [foraldrar]
    description: Hur ungdomen har förändrats sedan insatsen började.
  - id: ff-prov
    label: Provtagning för narkotika
    kind: success_factor
    groups: [foraldrar]
    parent: tema-forandring
    description: Drogtester och urinprov hjälper ungdomen att hålla sig borta från droger.
    keywords: [drogtest, urinprov, knark]
  - id: ff-paus
    label: Paus från kriminella kompisar
    kind: success_factor
    groups: [foraldrar]
    parent: tema-forandring
    description: Ungdomen kommer bort från sina kriminella kompisar en tid.
    keywords: [gänget, umgänge, kompisar]
  - id: tema-moten
    label: Mötena
    kind: theme
    groups: [foraldrar, aktorer]
    description: Insatsmötena, hur de är upplagda och vilka som deltar.
  - id: uo-relevans
    label: En del aktörers relevans på mötena
    kind: development_area
    groups: [foraldrar, aktorer]
    parent: tema-moten
    description: Det sitter personer på mötena som inte har något att tillföra.
    keywords: [för många, onödig, inget att säga]
  - id: ff-tata
    label: Regelbundna och täta möten
    kind: success_factor
    groups: [aktorer]
    parent: tema-moten
    description: Att mötas ofta och regelbundet gör att inget faller mellan stolarna.
    keywords: [varannan vecka, ofta, regelbundet]
  - id: uo-mandat
    label: Personer med mandat på mötena
    kind: development_area
    groups: [aktorer]
    parent: tema-moten
    description: De som deltar borde kunna fatta beslut utan att fråga sin chef.
    keywords: [mandat, fatta beslut, chef]
  - id: ff-kemi
    label: Personkemi mellan aktörerna
    kind: success_factor
    groups: [aktorer]
    parent: tema-moten
    description: Aktörerna trivs med varandra och samarbetet flyter.
    keywords: [komma överens, förtroende, samarbete]
"""
