"""The 3C roadmap screen as editors read it: its own title, full labels, a date picked
the Indonesian way, charts that fit a phone (the figures themselves: test_dashboard)."""

import datetime

from bs4 import BeautifulSoup

URL = "/admin/peta-jalan-3c/"


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def test_roadmap_header_names_the_screen(admin_client, data_change):
    page = soup(admin_client.get(URL))
    crumbs = [
        item.get_text(" ", strip=True)
        for item in page.select("[data-w-breadcrumbs-target] li, nav ol li")
    ]
    assert crumbs[-1] == "Peta Jalan 3C"
    assert page.title.get_text(strip=True).startswith("Peta Jalan 3C")


def test_roadmap_date_is_picked_and_read_as_day_month_year(admin_client, data_change):
    page = soup(admin_client.get(URL, {"on": "01/03/2025"}))
    field = page.find("input", attrs={"name": "on"})
    assert field["type"] == "text"  # Wagtail's picker, not the browser's mm/dd/yyyy
    assert field["value"] == "01/03/2025"
    response = admin_client.get(URL, {"on": "01/03/2025"})
    assert response.context["on"] == datetime.date(2025, 3, 1)
    # Links and the CSV address keep working with YYYY-MM-DD.
    assert admin_client.get(URL, {"on": "2025-03-01"}).context["on"] == (
        datetime.date(2025, 3, 1)
    )


def test_roadmap_charts_show_full_labels_as_html_bars(admin_client, data_change):
    page = soup(admin_client.get(URL))
    assert not page.select(".roadmap-chart svg")
    labels = [label.get_text() for label in page.select(".tkb-chart__label")]
    assert "back office contact center/KLIP (Call)" in labels
    bars = page.select(".tkb-chart__bar")
    assert bars and all(bar["style"].startswith("width: ") for bar in bars)
    # Every table can scroll on its own on a phone, with the keyboard too.
    for table in page.select(".roadmap table"):
        assert table.parent["tabindex"] == "0"
