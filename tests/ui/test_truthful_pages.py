"""Every page tells the truth, in French (issue 17): the Jury page's selectors, titles and link, the
agreement said in words, French numbers in tables, charts and spreadsheets, escaped search text, zero
values shown, whole labels, and the imports an XLSX report really comes from. AppTest on the full demo."""

from __future__ import annotations

import io
import json
import re

import openpyxl
import pandas as pd
from streamlit import dataframe_util

from aic_dash import labels as L
from aic_dash.config import load_settings
from aic_dash.demo.dossiers import build_demo_export
from aic_dash.reports import formats as report_formats
from aic_dash.reports import registry as reports
from aic_dash.store.db import get_engine
from aic_dash.store.imports import import_export
from aic_dash.store.queries import Filters
from tests.conftest import EXPORTS
from tests.ui.apptest import figure, figures, open_app, plain

NBSP = "\u00a0"
FRENCH_INT = re.compile(r"^-?\d{1,3}(\u00a0\d{3})*$")
HOSTILE_SEARCH = "**gras** [lien](http://a.example) ![image](http://a.example/i.png) <b>html</b>"


def displayed(element) -> pd.DataFrame:
    """What a st.dataframe shows in its cells (the Styler's display values), not the data under them."""
    return dataframe_util.convert_arrow_bytes_to_pandas_df(element.proto.arrow_data.styler.display_values)


def frame_with(at, column: str):
    found = [d for d in at.dataframe if column in d.value.columns]
    assert found, [list(d.value.columns) for d in at.dataframe]
    return found[0]


def dossier_picker(at):
    return next(s for s in at.selectbox if (s.key or "").startswith("jury_dossier"))


def picked_number(label: str) -> int:
    return int(label.rsplit("n° ", 1)[1].rstrip(")"))


# --- Jury ----------------------------------------------------------------------------------------


def test_the_dossier_selector_follows_the_cohort(demo_url):
    at = open_app("pages/jury.py")
    at.selectbox(key="jury_cohort").set_value(("2023", "2023-1", "DITP")).run()
    picker = dossier_picker(at)
    second = picked_number(picker.options[1])
    picker.set_value(second).run()
    assert dossier_picker(at).value == second

    at.selectbox(key="jury_cohort").set_value(("2023", "2023-2", "DINUM")).run()
    assert not at.exception
    ranking = frame_with(at, "weighted_score").value
    picker = dossier_picker(at)
    # The selector lists and shows the new cohort's dossiers only, starting from its best ranked.
    assert {picked_number(o) for o in picker.options} == set(ranking["dossier"])
    assert picker.value == ranking.sort_values(["rank", "dossier"])["dossier"].iloc[0]
    assert second not in set(ranking["dossier"])
    shown = ranking.set_index("dossier")["project"]
    assert picker.options[picker.index].startswith(str(shown[picker.value]))


def test_mode_and_cohort_come_from_the_link_and_go_back_to_it(demo_url):
    at = open_app("pages/jury.py", query={"notes": "normalisees", "cohorte": "2023.2023-1.DITP"})
    assert at.radio(key="jury_mode").value == "normalised"
    assert at.selectbox(key="jury_cohort").value == ("2023", "2023-1", "DITP")
    titles = [f["layout"]["title"]["text"] for f in figures(at)]
    assert L.JURY["ranking_chart_normalised"] in titles and L.JURY["ranking_chart"] not in titles
    ranking_chart = figure(at, L.JURY["ranking_chart_normalised"])
    assert ranking_chart["layout"]["xaxis"]["title"]["text"] == L.JURY["normalised_axis"]
    columns = json.loads(frame_with(at, "weighted_score").proto.columns)
    assert columns["weighted_score"]["label"] == L.JURY["normalised_score"]

    at.selectbox(key="jury_cohort").set_value(("2023", "2023-2", "DINUM")).run()
    at.radio(key="jury_mode").set_value("raw").run()
    assert at.query_params["cohorte"] == "2023.2023-2.DINUM"
    assert "notes" not in at.query_params
    assert L.JURY["ranking_chart"] in [f["layout"]["title"]["text"] for f in figures(at)]


def test_an_unknown_cohort_in_the_link_opens_the_default_view(demo_url):
    at = open_app("pages/jury.py", query={"cohorte": "1999.x.<b>", "notes": "n'importe"})
    assert at.radio(key="jury_mode").value == "raw"
    assert at.selectbox(key="jury_cohort").value[1] == "2023-2"  # the latest round


def test_low_agreement_is_said_in_words_beside_the_figure(demo_url):
    at = open_app("pages/jury.py")
    agreement = next(t.value for t in at.table if L.COLUMNS["alpha"] in t.value.columns)
    low = agreement[agreement[L.COLUMNS["alpha"]] < 0.67]
    assert len(low), "the demo jurors agree little (alpha about 0.5)"
    reading = low[L.JURY["agreement_reading"]]
    assert reading.str.contains("s'accordent peu").all()
    assert reading.str.contains("comparez leurs notes avant de trancher").all()
    # In the table itself, beside the figure: the reading column follows the alpha column.
    columns = list(agreement.columns)
    assert columns.index(L.JURY["agreement_reading"]) == columns.index(L.COLUMNS["alpha"]) + 1
    warnings = " ".join(w.value for w in at.warning)
    assert "s'accordent peu" in warnings and "0,67" in warnings


def test_settings_keys_do_not_leak_into_sentences(demo_url):
    at = open_app("pages/jury.py")
    captions = " ".join(c.value for c in at.caption)
    assert "plafond de la saison (réglages)" in captions
    assert "capacity" not in captions
    assert "capacity" not in L.MESSAGES["no_capacity"]


# --- Dossiers ------------------------------------------------------------------------------------


def test_a_search_without_result_is_said_in_french_and_shown_as_typed(demo_url):
    at = open_app("pages/dossiers.py")
    at.text_input(key="dossier_search").set_value(HOSTILE_SEARCH).run()
    assert not at.exception
    infos = [i.value for i in at.main.info]
    assert len(infos) == 1
    # Escaped for Markdown: no bold, link, image or HTML, the manager reads what they typed.
    assert "\\*\\*gras\\*\\*" in infos[0] and "\\[lien\\]\\(http" in infos[0] and "\\<b\\>" in infos[0]
    assert plain(infos[0]) == L.MESSAGES["no_search_hit"].format(query=HOSTILE_SEARCH)
    assert L.MESSAGES["dossier_pick"] not in infos
    assert not [d for d in at.dataframe if (d.key or "").startswith("dossiers_table")]
    assert "0 dossier(s)" in [c.value for c in at.caption]


def test_a_search_with_results_still_invites_to_pick_a_row(demo_url):
    at = open_app("pages/dossiers.py")
    at.text_input(key="dossier_search").set_value("Pyronear").run()
    assert L.MESSAGES["dossier_pick"] in [i.value for i in at.main.info]


# --- French numbers, zeros, labels ----------------------------------------------------------------


def test_waiting_days_read_the_french_way(demo_url):
    at = open_app()
    shown = displayed(frame_with(at, "waiting_days"))["waiting_days"]
    assert shown.map(lambda v: bool(FRENCH_INT.match(v))).all(), shown.tolist()
    data = frame_with(at, "waiting_days").value["waiting_days"]
    big = data >= 1000
    assert big.any(), "the demo's oldest undecided dossiers wait more than 1 000 days"
    assert shown[big.to_numpy()].str.contains(NBSP).all()


def test_charts_separate_thousands_the_french_way(demo_url):
    at = open_app()
    for fig in figures(at):
        assert fig["layout"]["separators"] == "," + NBSP
        axes = [v for k, v in fig["layout"].items() if k.startswith(("xaxis", "yaxis"))]
        assert axes and all(a.get("separatethousands") for a in axes), fig["layout"]["title"]["text"]


def test_the_funnel_shows_a_zero(demo_url):
    at = open_app(query={"saison": "2023", "volet": "DITP"})
    funnel = figure(at, L.CHARTS["funnel"])["data"][0]
    assert funnel["y"][-1] == L.FUNNEL_STEPS["laureates"] and funnel["x"][-1] == 0
    assert funnel["text"][-1].startswith("0") and funnel["textposition"][-1] == "outside"


def test_criterion_names_are_never_cut(demo_url):
    at = open_app("pages/cohorts.py")
    names = [c.name for c in load_settings().programme.criteria]
    radar = figure(at, L.JURY["radar"])
    assert list(radar["data"][0]["theta"][:-1]) == [f"C{n}" for n in range(1, 6)]
    assert list(radar["data"][0]["customdata"][:-1]) == [f"C{n} · {name}" for n, name in enumerate(names, 1)]
    box = figure(at, L.JURY["box"])
    assert not any("…" in x for trace in box["data"] for x in trace["x"])
    assert box["data"][0]["x"][0].replace("<br>", " ") == f"C1 · {names[0]}"
    # The full names are written under the radar too.
    assert any(names[2][:20] in plain(c.value) for c in at.caption)


def test_the_applicants_charts_have_axis_titles(demo_url):
    at = open_app("pages/cohorts.py")
    heard = figure(at, L.CHARTS["heard"])["layout"]
    assert heard["xaxis"]["title"]["text"] == L.CHARTS["heard_x"]
    org_mix = figure(at, L.CHARTS["org_mix"])["layout"]
    assert org_mix["xaxis"]["title"]["text"] == L.CHARTS["org_mix_x"]


def test_the_support_timeline_has_axis_titles(demo_url):
    at = open_app("pages/followup.py")
    timeline = figure(at, L.FOLLOWUP_CHARTS["timeline"])["layout"]
    assert timeline["xaxis"]["title"]["text"] == L.FOLLOWUP_CHARTS["timeline_x"]
    assert timeline["yaxis"]["title"]["text"] == L.FOLLOWUP_CHARTS["timeline_y"]
    # Percentages the French way on the cohort chart: « 100 % », not « 100% ».
    cohort = figure(at, L.FOLLOWUP_CHARTS["cohort"])
    assert cohort["layout"]["yaxis"]["ticksuffix"] == NBSP + "%"
    assert cohort["layout"]["yaxis"]["range"] == [0, 115]  # values in percent, not ratios


# --- Reports --------------------------------------------------------------------------------------


def test_excel_csv_and_xlsx_carry_no_float_noise(demo_url):
    engine = get_engine(demo_url)
    frame = reports.build_report("ranking", engine, Filters(season="2023"))
    means = [c for c in frame.columns if pd.api.types.is_float_dtype(frame[c])]
    assert means and any((frame[c].dropna() % 1 != 0).any() for c in means)
    text = report_formats.render(frame, "excel-csv").decode("utf-8-sig")
    assert not re.search(r"\d,\d{3,}", text), "more than 2 decimals"
    assert not re.search(r"\d,0(;|\r)", text), "a whole number written with « ,0 »"

    sheet = openpyxl.load_workbook(io.BytesIO(report_formats.render(frame, "xlsx"))).worksheets[1]
    header = [c.value for c in sheet[1]]
    column = header.index(L.COLUMNS["weighted_score"]) + 1
    cells = [sheet.cell(r, column) for r in range(2, sheet.max_row + 1) if sheet.cell(r, column).value]
    assert cells and all(c.value == round(c.value, 2) for c in cells)
    assert {c.number_format for c in cells} == {"0.00"}


def test_excel_csv_writes_amounts_as_amounts():
    frame = pd.DataFrame({"amount": [80000.0, 60000.0], "mean": [2.1666666666666665, 3.0]})
    text = report_formats.render(frame, "excel-csv").decode("utf-8-sig")
    assert text.splitlines()[1:] == ["80000;2,17", "60000;3"]


def test_the_about_sheet_lists_only_the_imports_the_rows_come_from(tmp_path):
    engine = get_engine(f"sqlite:///{tmp_path / 'aic.sqlite'}")
    settings = load_settings()
    assert import_export(engine, settings, build_demo_export(), "export-2022-2023.csv").ok
    later = (EXPORTS / "ds_standard.csv").read_bytes()  # 2023 dossiers only
    assert import_export(engine, settings, later, "export-2023.csv").ok

    def about(season: str) -> str:
        frame = reports.build_report("applications", engine, Filters(season=season))
        sheet = openpyxl.load_workbook(io.BytesIO(report_formats.render(frame, "xlsx")))[L.ABOUT_SHEET]
        return " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)

    assert "export-2022-2023.csv" in about("2022") and "export-2023.csv" not in about("2022")
    assert "export-2022-2023.csv" in about("2023") and "export-2023.csv" in about("2023")


def test_the_laureate_score_chart_says_what_its_error_bars_are(demo_url):
    at = open_app("pages/laureates.py", query={"saison": "2023"})
    charts = [f for f in figures(at) if f["layout"]["title"]["text"] == L.JURY["laureate_chart"]]
    assert charts and all("error_y" in f["data"][1] for f in charts)
    notes = [c.value for c in at.caption if c.value == L.JURY["laureate_chart_note"]]
    assert len(notes) == len(charts)
    assert "la plus basse à la plus haute" in L.JURY["laureate_chart_note"]


def test_the_sidebar_track_filter_shows_whole_short_names(demo_url):
    at = open_app()
    track = at.selectbox(key="filter_track")
    assert track.options == [L.ALL_TRACKS, "Volet DINUM", "Volet DITP"]
    assert "Volet DITP (autres communs)" in track.help


def test_the_retention_period_is_named_not_its_settings_key(demo_url):
    at = open_app("pages/admin.py")
    texts = " ".join(m.value for m in at.markdown)
    assert "24 mois**, fixée dans les réglages." in texts
    assert "retention_months" not in texts and "settings.yaml" not in texts


HOSTILE_NAME = "<b>Gras</b> <a href='http://a.example'>lien</a> & <img src=x>"


def test_names_from_files_are_never_plotly_markup():
    from aic_dash.charts import followup as followup_charts
    from aic_dash.charts.jury import ranking_figure, severity_figure
    from aic_dash.charts.style import track_styles

    tracks = track_styles([("DINUM", "Volet DINUM")])
    ranking = pd.DataFrame(
        {"rank": [1.0], "project": [HOSTILE_NAME], "dossier": [1], "weighted_score": [3.2],
         "track": ["DINUM"], "capacity": [float("nan")], "above_cutoff": [True]}
    )  # fmt: skip
    label = ranking_figure(ranking, tracks).data[0].y[0]
    assert "<" not in label and ">" not in label
    # Entities plotly shows as the characters typed.
    assert label == (
        "1. &lt;b&gt;Gras&lt;/b&gt; &lt;a href='http://a.example'&gt;lien&lt;/a&gt; &amp; &lt;img src=x&gt;"
    )
    jurors = severity_figure(pd.DataFrame({"juror": [HOSTILE_NAME], "severity": [0.5]})).data[0].y
    assert "<" not in jurors[0]
    index = pd.Index([7], name="laureate_id")
    counts = pd.DataFrame({s: [1] for s in followup_charts.STATUS_ORDER}, index=index)
    bars = followup_charts.progress_figure(counts, pd.Series({7: HOSTILE_NAME})).data[0].y
    assert "<" not in bars[0]
