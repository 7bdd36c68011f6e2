"""The season's booklet: a PDF the programme can publish, built from the data already in the dashboard.

Cover, the season in figures (with the funnel drawn as vector SVG), the five criteria, one half page per
laureate (project, organisation, town, track, themes, the application's own description, support
period, milestones reached), and a closing page with the call's next steps from the programme page.

HTML + CSS laid out by WeasyPrint (Debian's Pango); every font is embedded (subset) in the PDF. All
applicant text goes through `html.escape`: HTML or markdown written in an application prints as typed.
Public by construction: only the columns of `SeasonPublication.laureates` are printed, and jury
scores only when asked (`with_jury_scores`), then only the laureate's own means.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from html import escape

import pandas as pd
from sqlalchemy import Engine

from aic_dash.charts.style import track_colours
from aic_dash.config import Settings
from aic_dash.format import MONTHS, fr_date, fr_int, fr_number, fr_percent
from aic_dash.publish.season import SeasonPublication, load_season

PROGRAMME = "Accélérateur d'initiatives citoyennes"
DIRECTORATES = (
    ("DINUM", "Direction interministérielle du numérique"),
    ("DITP", "Direction interministérielle de la transformation publique"),
)
# DSFR colours (FACTS §4) and a free sans-serif (Marianne is not freely licensed): Debian's Liberation
# Sans (fonts-liberation2), DejaVu Sans as the fallback Pango finds on every Debian.
BLUE = "#000091"
RED = "#e1000f"
TEXT = "#161616"
MENTION = "#666666"
LIGHT = "#f6f6f6"
BORDER = "#e5e5e5"
FONT_STACK = '"Liberation Sans", "DejaVu Sans", sans-serif'
DESCRIPTION_MAX = 900  # characters of the application's description printed (the form asks ≤ 800)
STEPS = (
    ("applications", "Candidatures"),
    ("eligible", "Éligibles"),
    ("shortlisted", "Liste restreinte"),
    ("laureates", "Lauréats"),
)


@dataclass(frozen=True)
class BookletOptions:
    with_jury_scores: bool = False  # « inclure les notes du jury »: the laureate's own criterion means


def fr_long_date(day: date) -> str:
    """2026-12-01 -> `1er décembre 2026`."""
    first = "1er" if day.day == 1 else str(day.day)
    return f"{first} {MONTHS[day.month - 1]} {day.year}"


def _t(value: object) -> str:
    """Escaped text; missing -> empty."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return escape(str(value))


def _paragraphs(text: str | None) -> str:
    """Applicant text as literal paragraphs (line breaks kept, nothing interpreted)."""
    if not text:
        return ""
    if len(text) > DESCRIPTION_MAX:
        text = text[: DESCRIPTION_MAX - 1].rstrip() + "…"
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text) if b.strip()]
    return "".join(f"<p class='answer'>{escape(b).replace(chr(10), '<br>')}</p>" for b in blocks)


# --- The programme page's own markdown (trusted, ours): the few constructs it uses --------------------


def _inline(text: str) -> str:
    """**bold** and [label](url) of the programme page; a relative link (site image, PDF) keeps its label."""
    out = escape(text)
    out = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", out)

    def link(match: re.Match) -> str:
        label, url = match.group(1), match.group(2)
        if url.startswith(("http://", "https://")):
            return f"<a href='{url}'>{label}</a> <span class='url'>({url})</span>"
        return label

    return re.sub(r"\[([^\]]+)\]\(([^)\s]+)\)", link, out)


def programme_markdown(text: str) -> str:
    """The steps' markdown -> HTML: numbered and bulleted lists, headings, paragraphs; images dropped."""
    html, items, kind = [], [], None

    def flush() -> None:
        nonlocal items, kind
        if items:
            html.append(f"<{kind}>" + "".join(f"<li>{i}</li>" for i in items) + f"</{kind}>")
        items, kind = [], None

    for raw in text.splitlines():
        line = raw.strip()
        if not line or re.fullmatch(r"!\[[^\]]*\]\([^)]*\)", line):
            flush()
            continue
        numbered = re.match(r"^\d+\.\s+(.*)", line)
        bullet = re.match(r"^[*-]\s+(.*)", line)
        heading = re.match(r"^#{1,6}\s+(.*)", line)
        if numbered or bullet:
            wanted = "ol" if numbered else "ul"
            if kind != wanted:
                flush()
                kind = wanted
            items.append(_inline((numbered or bullet).group(1)))
        elif heading:
            flush()
            html.append(f"<h3>{_inline(heading.group(1))}</h3>")
        else:
            flush()
            html.append(f"<p>{_inline(line)}</p>")
    flush()
    return "".join(html)


# --- The funnel, drawn in SVG (vector in the PDF) -----------------------------------------------------


def funnel_svg(figures: pd.DataFrame, tracks: list[tuple[str, str]], colours: dict[str, str]) -> str:
    """Centred bars, one per funnel step, split by track, with each track's count and the step total."""
    per_track = figures[figures["round"].isna() & figures["track"].notna()].set_index("track")
    width, label_w, bar_h, gap, top = 640, 120, 34, 14, 8
    area = width - label_w - 50  # room on the right for the step total
    totals = [int(per_track[step].sum()) for step, _ in STEPS]
    biggest = max(totals) or 1
    parts = [
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' "
        f"height='{top + len(STEPS) * (bar_h + gap) + 30}' font-family='Liberation Sans, DejaVu Sans' "
        "role='img' aria-label='Entonnoir de sélection de la saison'>"
    ]
    for i, ((step, name), total) in enumerate(zip(STEPS, totals)):
        y = top + i * (bar_h + gap)
        full = max(area * total / biggest, 2.0)
        x = label_w + (area - full) / 2
        parts.append(
            f"<text x='0' y='{y + bar_h / 2 + 5}' font-size='13' fill='{TEXT}'>{escape(name)}</text>"
        )
        for track_id, _ in tracks:
            n = int(per_track[step].get(track_id, 0)) if track_id in per_track.index else 0
            w = area * n / biggest
            if w <= 0:
                continue
            parts.append(
                f"<rect x='{x:.1f}' y='{y}' width='{w:.1f}' height='{bar_h}' fill='{colours[track_id]}'/>"
            )
            if w > 28:
                parts.append(
                    f"<text x='{x + w / 2:.1f}' y='{y + bar_h / 2 + 5}' font-size='12' fill='#ffffff' "
                    f"text-anchor='middle' font-weight='bold'>{fr_int(n)}</text>"
                )
            x += w
        parts.append(
            f"<text x='{label_w + (area + full) / 2 + 6:.1f}' y='{y + bar_h / 2 + 5}' font-size='12' "
            f"fill='{MENTION}'>{fr_int(total)}</text>"
        )
    legend_y = top + len(STEPS) * (bar_h + gap) + 12
    x = label_w
    for track_id, name in tracks:
        parts.append(
            f"<rect x='{x}' y='{legend_y}' width='12' height='12' fill='{colours[track_id]}'/>"
            f"<text x='{x + 18}' y='{legend_y + 11}' font-size='12' fill='{TEXT}'>{escape(name)}</text>"
        )
        x += 40 + 8 * len(name)
    parts.append("</svg>")
    return "".join(parts)


# --- Pages --------------------------------------------------------------------------------------------

CSS = f"""
@page {{
  size: A4; margin: 18mm 17mm 20mm 17mm;
  @bottom-left {{ content: "{PROGRAMME} — __SEASON__"; font-size: 8pt; color: {MENTION}; }}
  @bottom-right {{ content: counter(page) " / " counter(pages); font-size: 8pt; color: {MENTION}; }}
}}
@page cover {{ margin: 0; @bottom-left {{ content: none; }} @bottom-right {{ content: none; }} }}
html {{ font-family: {FONT_STACK}; color: {TEXT}; font-size: 10pt; line-height: 1.45; }}
h1, h2, h3 {{ color: {BLUE}; line-height: 1.2; margin: 0 0 6pt 0; }}
h2 {{ font-size: 20pt; margin-bottom: 12pt; }}
h3 {{ font-size: 12pt; margin-top: 10pt; }}
section {{ break-before: page; }}
.cover {{ page: cover; break-before: auto; height: 297mm; position: relative; background: #ffffff; }}
.cover .flag {{ display: flex; height: 8mm; }}
.cover .flag span {{ flex: 1; }}
.cover .body {{ padding: 40mm 22mm 0 22mm; }}
.cover .republic {{ font-weight: bold; font-size: 11pt; text-transform: uppercase; letter-spacing: 0.5pt;
  border-left: 4pt solid {BLUE}; padding-left: 8pt; line-height: 1.3; }}
.cover h1 {{ font-size: 30pt; margin-top: 40mm; }}
.cover .subtitle {{ font-size: 18pt; color: {TEXT}; margin-top: 6pt; }}
.cover .directorates {{ position: absolute; bottom: 32mm; left: 22mm; right: 22mm; font-size: 10.5pt; }}
.cover .directorates p {{ margin: 2pt 0; }}
.cover .edition {{ color: {MENTION}; font-size: 9pt; margin-top: 10pt; }}
.tiles {{ display: flex; gap: 8pt; margin-bottom: 14pt; }}
.tile {{ flex: 1; background: {LIGHT}; border-bottom: 3pt solid {BLUE}; padding: 8pt 10pt; }}
.tile .n {{ font-size: 20pt; font-weight: bold; color: {BLUE}; }}
.tile .l {{ font-size: 9pt; color: {MENTION}; }}
table {{ border-collapse: collapse; width: 100%; margin: 6pt 0 14pt 0; font-size: 9.5pt; }}
th {{ text-align: left; background: {LIGHT}; border-bottom: 2pt solid {BLUE}; padding: 4pt 6pt; }}
td {{ border-bottom: 1pt solid {BORDER}; padding: 4pt 6pt; }}
td.n, th.n {{ text-align: right; }}
tr.total td {{ font-weight: bold; }}
.criterion {{ display: flex; gap: 10pt; margin-bottom: 10pt; break-inside: avoid; }}
.criterion .num {{ font-size: 22pt; font-weight: bold; color: {RED}; min-width: 18pt; }}
.criterion h3 {{ margin-top: 2pt; }}
.laureate {{ break-inside: avoid; border-top: 3pt solid {BLUE}; padding-top: 8pt; margin-bottom: 16pt; }}
.laureate h3 {{ font-size: 15pt; margin-top: 0; }}
.laureate .who {{ font-weight: bold; }}
.laureate .meta {{ color: {MENTION}; font-size: 9pt; margin: 2pt 0 6pt 0; }}
.badge {{ display: inline-block; padding: 1pt 5pt; font-size: 8pt; font-weight: bold;
  text-transform: uppercase; color: #ffffff; }}
.theme {{ display: inline-block; padding: 1pt 5pt; margin-right: 3pt; font-size: 8pt; background: #e3e3fd;
  color: {BLUE}; }}
p.answer {{ margin: 4pt 0; white-space: normal; overflow-wrap: anywhere; }}
.label {{ font-weight: bold; color: {BLUE}; font-size: 9pt; margin-top: 6pt; }}
ul.milestones {{ margin: 2pt 0 0 0; padding-left: 14pt; }}
ul.milestones li {{ margin: 1pt 0; }}
.none {{ color: {MENTION}; font-style: italic; }}
.closing ol li, .closing ul li {{ margin-bottom: 5pt; }}
.closing .url {{ color: {MENTION}; font-size: 8.5pt; overflow-wrap: anywhere; }}
.closing a {{ color: {BLUE}; }}
.apply {{ margin-top: 14pt; padding: 10pt 12pt; background: {LIGHT}; border-left: 4pt solid {BLUE}; }}
.note {{ color: {MENTION}; font-size: 8.5pt; }}
"""


def _cover(pub: SeasonPublication) -> str:
    directorates = "".join(f"<p><strong>{escape(s)}</strong> — {escape(n)}</p>" for s, n in DIRECTORATES)
    return (
        "<div class='cover'>"
        f"<div class='flag'><span style='background:{BLUE}'></span><span></span>"
        f"<span style='background:{RED}'></span></div>"
        "<div class='body'><div class='republic'>République<br>française</div>"
        f"<h1>{PROGRAMME}</h1>"
        f"<div class='subtitle'>Les lauréats — {escape(pub.label)}</div>"
        f"<div class='subtitle' style='font-size:12pt;color:{MENTION}'>"
        f"{fr_int(len(pub.laureates))} projet(s) accompagné(s) pendant 12 mois</div>"
        "</div>"
        f"<div class='directorates'>{directorates}"
        f"<p class='edition'>Édité le {fr_long_date(pub.today)}, "
        "à partir du tableau de bord du programme.</p>"
        "</div></div>"
    )


def _figures(pub: SeasonPublication, settings: Settings) -> str:
    total = pub.figures[pub.figures["track"].isna()].iloc[0]
    tiles = "".join(
        f"<div class='tile'><div class='n'>{fr_int(total[step])}</div><div class='l'>{name}</div></div>"
        for step, name in STEPS
    )
    rate = total["laureates"] / total["eligible"] if total["eligible"] else None
    tracks = {t.id: t.label for t in settings.tracks}
    rounds = {r.id: r.label for r in settings.rounds}
    head = "<tr><th>Volet</th><th>Sélection</th>" + "".join(f"<th class='n'>{n}</th>" for _, n in STEPS)
    body = []
    for row in pub.figures.itertuples(index=False):
        if pd.isna(row.track) and pd.isna(row.round):
            track, round_, cls = "Toute la saison", "", "total"
        elif pd.isna(row.round):
            track, round_, cls = tracks.get(row.track, row.track), "toutes", "total"
        else:
            track = tracks.get(row.track, row.track) if not pd.isna(row.track) else "Volet non reconnu"
            round_, cls = rounds.get(row.round, row.round), ""
        cells = "".join(f"<td class='n'>{fr_int(getattr(row, step))}</td>" for step, _ in STEPS)
        body.append(f"<tr class='{cls}'><td>{_t(track)}</td><td>{_t(round_)}</td>{cells}</tr>")
    pairs = [(t.id, t.short_label) for t in settings.tracks]
    svg = funnel_svg(pub.figures, pairs, track_colours([(t.id, t.label) for t in settings.tracks]))
    return (
        "<section><h2>La saison en chiffres</h2>"
        f"<div class='tiles'>{tiles}</div>"
        f"<p>Taux de sélection parmi les candidatures éligibles : <strong>{fr_percent(rate, 1)}</strong>.</p>"
        f"<h3>De la candidature à l'accompagnement</h3>{svg}"
        f"<h3>Par volet et par sélection</h3><table>{head}</tr>{''.join(body)}</table>"
        "<p class='note'>Chaque étape compte les dossiers qui l'ont atteinte : un lauréat a été en liste "
        "restreinte, un dossier en liste restreinte était éligible.</p></section>"
    )


def _criteria(settings: Settings) -> str:
    items = "".join(
        f"<div class='criterion'><div class='num'>{c.number}</div><div><h3>{_t(c.name)}</h3>"
        f"<p>{_t(c.description)}</p></div></div>"
        for c in settings.programme.criteria
    )
    values = "".join(f"<li>{_t(v)}</li>" for v in settings.programme.values)
    return (
        f"<section><h2>Les {fr_int(len(settings.programme.criteria))} critères de sélection</h2>"
        "<p>La DINUM et la DITP sélectionnent les projets sur les mêmes critères ; chacune conduit sa "
        f"propre sélection.</p>{items}"
        f"<h3>Les valeurs que partagent les lauréats</h3><ul>{values}</ul></section>"
    )


def _support(row) -> str:
    if pd.isna(row.support_start):
        return "<span class='none'>période d'accompagnement non renseignée</span>"
    last = row.support_end - pd.Timedelta(days=1)
    renewal = "" if pd.isna(row.renewal) or int(row.renewal) == 0 else f" (renouvellement {int(row.renewal)})"
    return f"du {fr_date(row.support_start)} au {fr_date(last)}{renewal}"


def _scores(means: pd.DataFrame | None, settings: Settings) -> str:
    if means is None or means.empty or means["score"].isna().all():
        return ""
    cells = " · ".join(
        f"critère {int(r.criterion)} : {fr_number(r.score, 1)}"
        for r in means.itertuples(index=False)
        if not pd.isna(r.score)
    )
    scale = f"{fr_number(settings.scoring.max, 0)}"
    return f"<div class='label'>Notes du jury (moyennes du projet, sur {scale})</div><p>{cells}</p>"


def _laureate(row, settings: Settings, colours: dict[str, str], means: pd.DataFrame | None) -> str:
    track = settings.track(row.track).label if row.track in {t.id for t in settings.tracks} else row.track
    colour = colours.get(row.track, MENTION)
    themes = "".join(f"<span class='theme'>{_t(t)}</span>" for t in row.themes)
    milestones = (
        "<ul class='milestones'>" + "".join(f"<li>{_t(m)}</li>" for m in row.milestones_reached) + "</ul>"
        if row.milestones_reached
        else "<p class='none'>Aucun jalon atteint enregistré à ce jour.</p>"
    )
    description = _paragraphs(row.description) or "<p class='none'>Description non renseignée.</p>"
    where = " · ".join(p for p in (_t(row.organisation), _t(row.town)) if p)
    return (
        "<div class='laureate'>"
        f"<span class='badge' style='background:{colour}'>{_t(track)}</span>"
        f"<h3>{_t(row.project)}</h3>"
        f"<div class='who'>{where or '<span class=none>porteur non renseigné</span>'}</div>"
        f"<div class='meta'>{themes}</div>"
        f"<div class='label'>Le projet</div>{description}"
        f"<div class='label'>Accompagnement</div><p>{_support(row)}</p>"
        f"<div class='label'>Jalons atteints</div>{milestones}"
        f"{_scores(means, settings)}"
        "</div>"
    )


def _laureates(pub: SeasonPublication, settings: Settings, scores: dict[int, pd.DataFrame]) -> str:
    colours = track_colours([(t.id, t.label) for t in settings.tracks])
    cards = "".join(
        _laureate(row, settings, colours, scores.get(row.dossier) if row.dossier else None)
        for row in pub.laureates.itertuples(index=False)
    )
    return f"<section><h2>Les lauréats</h2>{cards}</section>"


def _closing(settings: Settings) -> str:
    programme = settings.programme
    call = (
        f"<div class='apply'><strong>{_t(programme.call_title)}</strong><br>"
        f"Candidater : <a href='{_t(programme.apply_url)}'>{_t(programme.apply_url)}</a></div>"
        if programme.call_open and programme.apply_url
        else f"<div class='apply'><strong>{_t(programme.call_title)}</strong></div>"
    )
    return (
        "<section class='closing'><h2>Les prochaines étapes</h2>"
        f"{programme_markdown(programme.steps)}{call}</section>"
    )


def _css_string(text: str) -> str:
    """Text safe inside a double-quoted CSS string."""
    return re.sub(r'["\\\n<>]', " ", text)


def booklet_html(
    pub: SeasonPublication, settings: Settings, scores: dict[int, pd.DataFrame] | None = None
) -> str:
    """The whole booklet as one HTML document (what WeasyPrint lays out)."""
    title = f"{PROGRAMME} — livret de la {pub.label[0].lower()}{pub.label[1:]}"
    return (
        "<!doctype html><html lang='fr'><head><meta charset='utf-8'>"
        f"<title>{escape(title)}</title>"
        "<meta name='author' content='DINUM et DITP'>"
        f"<meta name='description' content='Les lauréats de la saison {escape(pub.season)}'>"
        f"<style>{CSS.replace('__SEASON__', _css_string(pub.label))}</style></head><body>"
        f"{_cover(pub)}{_figures(pub, settings)}{_criteria(settings)}"
        f"{_laureates(pub, settings, scores or {})}{_closing(settings)}"
        "</body></html>"
    )


def jury_means(engine: Engine, settings: Settings, pub: SeasonPublication) -> dict[int, pd.DataFrame]:
    """Per laureate dossier number: its own criterion means (criterion, score)."""
    from aic_dash.analytics.scores import laureate_scores_vs_cohort
    from aic_dash.store.jury import load_scores
    from aic_dash.store.queries import Filters, load_dossiers

    filters = Filters(season=pub.season)
    scores = load_scores(engine, settings, filters)
    dossiers = load_dossiers(engine, filters)
    out = {}
    for number in pub.laureates["dossier"].dropna():
        frame = laureate_scores_vs_cohort(scores, dossiers, int(number))
        if len(frame):
            out[int(number)] = frame[["criterion", "score"]]
    return out


def render_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=None).write_pdf()


def booklet_pdf(
    engine: Engine, settings: Settings, season: str, today: date, options: BookletOptions = BookletOptions()
) -> bytes:
    """The season's booklet as PDF bytes."""
    pub = load_season(engine, settings, season, today)
    scores = jury_means(engine, settings, pub) if options.with_jury_scores else {}
    return render_pdf(booklet_html(pub, settings, scores))
