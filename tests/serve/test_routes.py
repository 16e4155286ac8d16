"""Every route over HTTP (Starlette's TestClient): HTML, the same page as JSON, and what
the pages must say about the seed informe and the conflicting document."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor

import pytest

from pipeline.db.readonly import reading
from pipeline.db.store import connect
from pipeline.serve import create_app, views
from pipeline.serve.search import matching_acuerdos
from tests.serve.conftest import BASE_URL, SESSION, TestClient

ROUTES = [
    ("/", views.HomePage, "Hallazgos abiertos por severidad"),
    ("/acuerdos/IEPC/CG122/2021", views.AcuerdoPage, "25 de agosto de 2021"),
    (f"/sesiones/{SESSION}", views.SessionPage, "Sesión Extraordinaria número 39 del Consejo General"),
    ("/documentos/{pdf}", views.DocumentPage, "Comisión encargada de dar seguimiento"),
    ("/documentos/{txt}", views.DocumentPage, "Presentación"),
    ("/documentos/{pdf}/paginas/3", views.PageViewer, "Página 3 de 5"),
    ("/documentos/{txt}/paginas/2", views.PageViewer, "Página 2 de 4"),
    ("/buscar?q=CG122", views.SearchPage, "IEPC/CG122/2021"),
    ("/buscar?q=comisiones+temporales", views.SearchPage, "<mark>Temporal</mark>"),
    ("/hallazgos", views.FindingsPage, "Hallazgos"),
    ("/instituciones/iepc%20durango", views.InstitutePage, "agosto de 2021"),
]
EXTERNAL = re.compile(r"""(?:src|href|action)\s*=\s*["']?\s*(?:[a-z]+:)?//""", re.IGNORECASE)


def url(route: str, ids: dict[str, str]) -> str:
    return route.format(pdf=ids["pdf"][:12], txt=ids["txt"][:12])


def as_json(route: str) -> str:
    path, _, query = route.partition("?")
    path = "/index" if path == "/" else path
    return f"{path}.json" + (f"?{query}" if query else "")


@pytest.mark.parametrize(("route", "model", "text"), ROUTES)
def test_route_as_html_and_as_json(client, ids, route, model, text):
    response = client.get(url(route, ids))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert text in response.text
    assert '<html lang="es">' in response.text
    # nothing is loaded from elsewhere, and the browser is told so
    assert not EXTERNAL.search(response.text)
    assert "default-src 'none'" in response.headers["content-security-policy"]
    as_data = client.get(as_json(url(route, ids)))
    assert as_data.headers["content-type"] == "application/json"
    assert model.model_validate(as_data.json())


@pytest.mark.parametrize("route", [ROUTES[0][0], ROUTES[2][0], ROUTES[5][0]])
def test_json_by_accept_header(client, ids, route):
    response = client.get(url(route, ids), headers={"Accept": "application/json"})
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"


def test_acuerdo_page_links_session_document_and_page(client, ids):
    html = client.get("/acuerdos/IEPC/CG122/2021").text
    assert f'href="/sesiones/{SESSION}">Sesión Extraordinaria número 39 del Consejo General</a>' in html
    assert f'href="/documentos/{ids["pdf"][:12]}">Informe del mes de agosto' in html
    assert f'href="/documentos/{ids["pdf"][:12]}/paginas/3">página 3</a>' in html
    assert f'src="/documentos/{ids["pdf"][:12]}/paginas/3.png"' in html
    assert "<rect " in html and "<mark" in html


def test_acuerdo_quotes_are_highlighted_from_stored_boxes(client, ids):
    page = views.AcuerdoPage.model_validate(client.get("/acuerdos/IEPC/CG122/2021.json").json())
    assert page.approved_on and page.approved_on.isoformat() == "2021-08-25"
    assert page.session and page.session.session_id == "iepc durango|consejo general|extraordinaria|39|2021"
    from_pdf = [q for q in page.quotes if q.document.doc_id == ids["pdf"]]
    from_txt = [q for q in page.quotes if q.document.doc_id == ids["txt"]]
    assert from_pdf and all(q.figure and q.figure.boxes for q in from_pdf)
    assert all(box.stored for q in from_pdf if q.figure for box in q.figure.boxes)
    assert {"IEPC/CG122/2021", "25 de agosto de 2021"} <= {
        b.label for q in from_pdf if q.figure for b in q.figure.boxes
    }
    assert from_txt and all(q.figure is None for q in from_txt)
    assert any(s.mark and s.text == "IEPC/CG122/2021" for q in from_txt for s in q.excerpt.segments)


def test_acuerdo_ids_are_normalised(client):
    assert "Acuerdo IEPC/CG122/2021" in client.get("/acuerdos/iepc/cg122/2021").text


def test_session_page_lists_its_acuerdos_and_links_its_json_encoded(client):
    page = views.SessionPage.model_validate(client.get(f"/sesiones/{SESSION}.json").json())
    assert [a.acuerdo_id for a in page.acuerdos] == ["IEPC/CG122/2021", "IEPC/CG123/2021"]
    assert page.number == 39 and page.held_at and page.held_at.strftime("%H:%M") == "10:00"
    html = client.get(f"/sesiones/{SESSION}").text
    assert "25 de agosto de 2021" in html and "10:00 horas" in html
    assert f'href="/sesiones/{SESSION}.json"' in html


def test_document_pages(client, ids):
    pdf = views.DocumentPage.model_validate(client.get(f"/documentos/{ids['pdf']}.json").json())
    assert pdf.document.doc_id == ids["pdf"]  # the full sha256 works as well as its first 12 digits
    assert len(pdf.thumbs) == 5 and all(t.image_url for t in pdf.thumbs)
    assert [s.heading for s in pdf.sections[2].children] == [
        "a. Instancia interna responsable de coordinar el PREP"
    ]
    txt = views.DocumentPage.model_validate(client.get(f"/documentos/{ids['txt'][:12]}.json").json())
    assert txt.thumbs and not any(t.image_url for t in txt.thumbs)


def test_page_viewer_draws_every_mention_from_its_stored_box(client, ids):
    page = views.PageViewer.model_validate(client.get(f"/documentos/{ids['pdf'][:12]}/paginas/3.json").json())
    assert page.figure and page.excerpt is None
    assert {m.text for m in page.mentions} == {b.label for b in page.figure.boxes}
    assert all(b.stored for b in page.figure.boxes)
    assert all(
        0 <= b.x0 < b.x1 <= page.figure.width and 0 <= b.y0 < b.y1 <= page.figure.height
        for b in page.figure.boxes
    )


def test_page_viewer_searches_the_page_where_no_box_is_stored(db_copy, tmp_path, ids):
    """A PDF read by pdfplumber (or an OCR page) has no boxes: its mentions are found
    by pypdfium2's text search instead."""
    con = connect(db_copy)
    con.execute("update mentions set x0 = null, y0 = null, x1 = null, y1 = null, boxes = null")
    con.close()
    with TestClient(create_app(db_copy, cache=tmp_path), base_url=BASE_URL) as fresh:
        page = views.PageViewer.model_validate(
            fresh.get(f"/documentos/{ids['pdf'][:12]}/paginas/3.json").json()
        )
    assert page.figure and page.figure.boxes and not any(b.stored for b in page.figure.boxes)
    assert {"IEPC/CG122/2021", "25 de agosto de 2021"} <= {b.label for b in page.figure.boxes}


def test_page_viewer_of_a_text_marks_its_mentions(client, ids):
    html = client.get(f"/documentos/{ids['txt'][:12]}/paginas/2").text
    assert '<mark title="acuerdo: IEPC/CG122/2021">IEPC/CG122/2021</mark>' in html
    assert "límites de la página son aproximados" in html


def test_page_png_is_rendered_and_cached(client, ids, page_cache):
    response = client.get(f"/documentos/{ids['pdf'][:12]}/paginas/2.png")
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/png"
    assert response.content.startswith(b"\x89PNG")
    assert (page_cache / f"{ids['pdf']}-p2-100dpi.png").exists()


def test_search_lists_acuerdos_by_id(client, serve_db):
    page = views.SearchPage.model_validate(client.get("/buscar.json", params={"q": "iepc/cg122"}).json())
    assert [a.acuerdo_id for a in page.acuerdos] == ["IEPC/CG122/2021"]
    with reading(serve_db) as con:
        assert [a.acuerdo_id for a in matching_acuerdos(con, "CG12")] == [
            "IEPC/CG122/2021",
            "IEPC/CG123/2021",
        ]
        assert matching_acuerdos(con, "IEPC/CG122/2021")[0].acuerdo_id == "IEPC/CG122/2021"
        assert matching_acuerdos(con, "comisiones") == ()  # words are for the full-text search


def test_search_marks_the_query_in_full_text_hits(client):
    page = views.SearchPage.model_validate(client.get("/buscar.json?q=comisiones temporales").json())
    assert page.hits and page.unavailable is None
    assert any(s.mark and s.text.lower().startswith("comisi") for hit in page.hits for s in hit.snippet)
    assert all(hit.page_url and hit.document.url for hit in page.hits)


def test_search_empty_query_shows_the_form(client):
    response = client.get("/buscar?q=")
    assert response.status_code == 200 and "Escriba palabras" in response.text


def test_searches_and_pages_at_once(client, ids):
    """A search opens a connection configured unlike the pages' ones, which DuckDB
    refuses while those are open: the gate keeps them apart."""
    paths = ["/buscar.json?q=comisiones", "/acuerdos/IEPC/CG122/2021.json", f"/sesiones/{SESSION}.json"] * 3
    with ThreadPoolExecutor(6) as pool:
        statuses = list(pool.map(lambda path: client.get(path).status_code, paths))
    assert statuses == [200] * len(paths)


def test_findings_filter_by_check_severity_and_institute(client):
    found = views.FindingsPage.model_validate(
        client.get(
            "/hallazgos.json?control=acuerdo_date_conflict&severidad=error&institucion=ite tlaxcala"
        ).json()
    )
    assert [f.check for f in found.findings] == ["acuerdo_date_conflict"]
    assert "ite tlaxcala" in [o.value for o in found.issuers]
    for other in (
        "severidad=warning",
        "control=session_order",
        "control=acuerdo_date_conflict&institucion=iepc durango",
    ):
        page = views.FindingsPage.model_validate(client.get(f"/hallazgos.json?{other}").json())
        assert page.paging.total == 0 and not page.findings


def test_findings_about_a_document_name_it_by_its_title(client, ids):
    page = views.FindingsPage.model_validate(client.get("/hallazgos.json?control=date_outside_period").json())
    about = [f for f in page.findings if f.subject_kind == "document"]
    assert about and all(f.subject_label.startswith(("Informe", "INFORME")) for f in about), about


def test_findings_show_conflicting_quotes_side_by_side(client):
    html = client.get("/hallazgos?control=acuerdo_date_conflict").text
    evidence = html.split('<div class="pruebas">')[1].split("</article>")[0]
    assert evidence.count('<div class="prueba">') == 2
    assert "7 de mayo de 2021" in evidence and "9 de mayo de 2021" in evidence


def test_findings_htmx_request_gets_only_the_list(client):
    response = client.get("/hallazgos?severidad=error", headers={"HX-Request": "true"})
    assert response.text.lstrip().startswith('<section id="resultados"')
    assert "<html" not in response.text


def test_institute_timeline_in_date_order(client):
    page = views.InstitutePage.model_validate(client.get("/instituciones/iepc%20durango.json").json())
    dates = [e.date for m in page.months for e in m.events]
    assert dates == sorted(dates)
    assert {e.kind for m in page.months for e in m.events} == {"held_on", "approved_on", "sent_on"}
    assert page.months[0].label == "agosto de 2021"


def test_home_counts_findings_by_severity_in_spanish(client):
    html = client.get("/").text
    assert all(word in html for word in ("error", "advertencia", "información"))
    assert '<label for="q" class="oculto">Buscar en los documentos</label>' in html
