"""Report pages: the county reports, the coordinator's board and the national compilation.

Thin views: every decision of who may see or do what is `registry.access`'s, every change
goes through `reporting.services`. A report the user may not see is a 404 on every route
(the page, its actions, its generations and files); a function the role lacks is a 403.

`overview` lists reports (a reviewer's index, the coordinator's board), `county` and
`national` are a report's page and actions, `generations` its files, and `common` what
they share (accepted years, history, which files a user sees).
"""
