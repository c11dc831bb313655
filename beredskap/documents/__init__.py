"""Documents to send or download: PDF from HTML (`pdf`) and XLSX workbooks (`xlsx`).

The primitives every app needs to make a document, kept once on the ground floor: the
county and national reports use them today, and the apps to come (planning, continuity,
learning) can make theirs without importing `reporting`. What a document says stays with
its app; this package knows how a PDF page is numbered and tagged and how a cell is made
safe, and imports no app of ours.
"""
