"""The cockpit's pages, one module per page: read the request (a form), ask ``services`` for the
figures, render the template or the table's CSV / XLSX download. Nothing is computed here."""
