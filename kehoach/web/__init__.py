"""`kehoach serve`: the office's web app over the tables (FastAPI + Jinja2 + htmx, served by uvicorn).

Adding a page takes two files: ``kehoach/web/pages/<name>.py`` (an ``APIRouter`` named ``router``
and, for a menu entry, ``NAV = (order, "Nhãn", "/duong-dan")``) and its template in
``kehoach/web/templates/``; its questions to the store go through ``kehoach.store.read`` (a new
loader there is the third file, when one is needed). Pages are found by :mod:`kehoach.web.app`.
"""
