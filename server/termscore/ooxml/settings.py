"""Turn on revision tracking in the settings part (``w:trackRevisions``).

The children of ``w:settings`` form one fixed sequence (the CT_Settings type of the
ECMA-376 Part 1 schema), so a new child is inserted before the first existing sibling that the
schema puts after it. ``w:trackRevisions`` is defined in §17.15.1.89.
"""

from __future__ import annotations

from lxml import etree

from .wml import CT_SETTINGS, REL_SETTINGS, W_NS, local_name, qn, w_element

# CT_Settings child order, as the Transitional schema lists it.
SETTINGS_ORDER = (
    "writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime",
    "doNotDisplayPageBoundaries", "displayBackgroundShape", "printPostScriptOverText",
    "printFractionalCharacterWidth", "printFormsData", "embedTrueTypeFonts",
    "embedSystemFonts", "saveSubsetFonts", "saveFormsData", "mirrorMargins",
    "alignBordersAndEdges", "bordersDoNotSurroundHeader", "bordersDoNotSurroundFooter",
    "gutterAtTop", "hideSpellingErrors", "hideGrammaticalErrors", "activeWritingStyle",
    "proofState", "formsDesign", "attachedTemplate", "linkStyles", "stylePaneFormatFilter",
    "stylePaneSortMethod", "documentType", "mailMerge", "revisionView", "trackRevisions",
    "doNotTrackMoves", "doNotTrackFormatting", "documentProtection", "autoFormatOverride",
    "styleLockTheme", "styleLockQFSet", "defaultTabStop", "autoHyphenation",
    "consecutiveHyphenLimit", "hyphenationZone", "doNotHyphenateCaps", "showEnvelope",
    "summaryLength", "clickAndTypeStyle", "defaultTableStyle", "evenAndOddHeaders",
    "bookFoldRevPrinting", "bookFoldPrinting", "bookFoldPrintingSheets",
    "drawingGridHorizontalSpacing", "drawingGridVerticalSpacing",
    "displayHorizontalDrawingGridEvery", "displayVerticalDrawingGridEvery",
    "doNotUseMarginsForDrawingGridOrigin", "drawingGridHorizontalOrigin",
    "drawingGridVerticalOrigin", "doNotShadeFormData", "noPunctuationKerning",
    "characterSpacingControl", "printTwoOnOne", "strictFirstAndLastChars",
    "noLineBreaksAfter", "noLineBreaksBefore", "savePreviewPicture",
    "doNotValidateAgainstSchema", "saveInvalidXml", "ignoreMixedContent",
    "alwaysShowPlaceholderText", "doNotDemarcateInvalidXml", "saveXmlDataOnly",
    "useXSLTWhenSaving", "saveThroughXslt", "showXMLTags", "alwaysMergeEmptyNamespace",
    "updateFields", "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars",
    "rsids", "mathPr", "attachedSchema", "themeFontLang", "clrSchemeMapping",
    "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade", "captions",
    "readModeInkLockDown", "smartTagType", "schemaLibrary", "shapeDefaults",
    "doNotEmbedSmartTags", "decimalSymbol", "listSeparator",
)
_RANK = {name: i for i, name in enumerate(SETTINGS_ORDER)}


def insert_in_order(parent: etree._Element, child: etree._Element, order=SETTINGS_ORDER) -> None:
    """Insert ``child`` into ``parent`` before the first sibling that ``order`` puts after it.

    Children the order does not know (extension namespaces such as ``w14:``, which the
    schema allows only after the listed ones) count as coming last.
    """
    rank = {name: i for i, name in enumerate(order)}
    mine = rank[local_name(child)]
    for index, sibling in enumerate(parent):
        if not isinstance(sibling.tag, str):
            continue
        in_w = sibling.tag.startswith("{" + W_NS + "}")
        other = rank.get(local_name(sibling), len(order)) if in_w else len(order)
        if other > mine:
            parent.insert(index, child)
            return
    parent.append(child)


def enable_track_revisions(package) -> bool:
    """Make sure the settings part says ``<w:trackRevisions/>``; return True when it changed.

    Creates the settings part (with its relationship and content type) when the package
    has none. An explicit ``w:val="false"`` (or ``0``/``off``) is replaced by ``true``.
    """
    main = package.main_part
    settings = package.related(main, REL_SETTINGS)
    if settings is None:
        root = etree.Element(qn("w:settings"), nsmap={"w": W_NS})
        root.append(w_element("w:trackRevisions"))
        name = package.unused_part_name("word/settings.xml")
        package.add_part(name, CT_SETTINGS, root)
        package.add_relationship(main, REL_SETTINGS, name.removeprefix("word/"))
        return True

    root = settings.xml
    existing = root.find(qn("w:trackRevisions"))
    if existing is not None:
        value = existing.get(qn("w:val"))
        if value is None or value.lower() in ("true", "1", "on"):
            return False
        del existing.attrib[qn("w:val")]
    else:
        insert_in_order(root, w_element("w:trackRevisions"))
    settings.mark_dirty()
    return True
