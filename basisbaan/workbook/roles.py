"""Who may import and export whole workbooks: the functional admin and policy staff import
(they set a municipality up); only the functional admin exports everything."""

from basisbaan.roles import FUNCTIONAL_ADMIN, POLICY_ADMIN

WORKBOOK_ROLE_PERMISSIONS = {
    FUNCTIONAL_ADMIN: ["workbook.import_workbook", "workbook.export_workbook"],
    POLICY_ADMIN: ["workbook.import_workbook"],
}
