"""Plots of the comparison queries, shared by the notebook and scripts/make_readme_assets.py.

Japanese labels need a Japanese font that exists on a fresh machine: matplotlib-fontja ships
IPAexGothic inside its wheel and registers it on import, so nothing has to be installed
system-wide (apt fonts are not there on CI or a new developer machine). Every plot accepts an
empty DataFrame and draws a "no data" panel instead of failing: the dataset may be sparse
while extractors are still being written.
"""

from __future__ import annotations

import matplotlib
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

RATINGS = [
    ("especially_focused", "特に力を入れている"),
    ("sufficient", "十分である"),
    ("issues_remaining", "課題が残されている"),
    ("other", "その他・未読"),
]
FORMS = [("kiso", "基礎項目"), ("juten", "重点項目"), ("zenkomoku", "全項目")]


def use_japanese_font() -> str:
    """Register the bundled IPAexGothic and make it the default font; returns its name."""
    import matplotlib_fontja  # noqa: F401  (import registers the font and sets rcParams)

    matplotlib.rcParams["font.family"] = ["IPAexGothic"]
    matplotlib.rcParams["axes.unicode_minus"] = False  # the IPA fonts lack U+2212
    return "IPAexGothic"


def _figure(height: float = 4.0) -> tuple[Figure, Axes]:
    import matplotlib.pyplot as plt  # pyplot so that notebooks display the figure inline

    fig, ax = plt.subplots(figsize=(8, height), layout="constrained")
    return fig, ax


def _empty(ax: Axes, title: str) -> None:
    ax.set_title(title)
    ax.text(0.5, 0.5, "データなし (no data yet)", ha="center", va="center", transform=ax.transAxes)
    ax.set_axis_off()


# how a bar says its facts are invented (queries/municipalities.sql `data`, documents.synthetic)
DATA_LABELS = {"synthetic": "【架空データ】", "real+synthetic": "【一部架空】"}


def _municipality_label(df: pd.DataFrame) -> pd.Series:
    name = df["municipality_name"].fillna("(不明)")
    pref = df.get("prefecture", pd.Series([None] * len(df), index=df.index)).fillna("")
    data = df.get("data", pd.Series([None] * len(df), index=df.index)).map(DATA_LABELS).fillna("")
    return (pref + " " + name + " " + data).str.strip()


def _stacked_barh(ax: Axes, labels: pd.Series, df: pd.DataFrame, columns: list[tuple[str, str]]) -> None:
    left = pd.Series(0, index=df.index, dtype=float)
    for col, label in columns:
        values = df[col].fillna(0).astype(float)
        ax.barh(labels, values, left=left, label=label)
        left = left + values
    ax.invert_yaxis()  # first row at the top, as in the table
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # counts: no 0.5 ticks
    ax.legend(loc="best", fontsize="small")


def forms_by_municipality(overview: pd.DataFrame) -> Figure:
    """Stacked bars: 事務 per municipality by the forms filed (queries/municipalities.sql)."""
    title = "市区町村ごとの評価書の種類 (事務数)"
    fig, ax = _figure(max(3.0, 0.35 * len(overview) + 1.2))
    if overview.empty:
        _empty(ax, title)
        return fig
    _stacked_barh(ax, _municipality_label(overview), overview, FORMS)
    ax.set_title(title)
    ax.set_xlabel("事務数 (評価書の種類ごと)")
    return fig


def self_assessment_by_municipality(distribution: pd.DataFrame) -> Figure:
    """Stacked bars: self-assessment labels per municipality (queries/self_assessment.sql)."""
    title = "リスク対策の自己評価 (市区町村別)"
    df = distribution[distribution["dimension"] == "municipality"] if not distribution.empty else distribution
    fig, ax = _figure(max(3.0, 0.35 * len(df) + 1.2))
    if df.empty:
        _empty(ax, title)
        return fig
    _stacked_barh(ax, _municipality_label(df), df, RATINGS)
    ax.set_title(title)
    ax.set_xlabel("リスク数")
    return fig


def top_contractors(contractors: pd.DataFrame, n: int = 15) -> Figure:
    """Horizontal bars: municipalities per 委託先 (queries/contractors.sql)."""
    title = f"委託先 上位{n} (委託している市区町村数)"
    df = contractors.head(n)
    fig, ax = _figure(max(3.0, 0.35 * len(df) + 1.2))
    if df.empty:
        _empty(ax, title)
        return fig
    ax.barh(df["contractor"], df["municipalities"])
    ax.invert_yaxis()
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(title)
    ax.set_xlabel("市区町村数")
    return fig


def cloud_by_year(cloud: pd.DataFrame) -> Figure:
    """Bars per year: 評価書 and those mentioning クラウド / ガバメントクラウド / ISMAP (queries/cloud_adoption.sql)."""
    title = "クラウドに言及する評価書 (公表年別)"
    df = cloud.dropna(subset=["year"]) if not cloud.empty else cloud
    fig, ax = _figure()
    if df.empty:
        _empty(ax, title)
        return fig
    years = df["year"].astype(int).astype(str)
    ax.bar(years, df["assessments"], color="lightgray", label="評価書")
    ax.bar(years, df["cloud"], label="クラウド")
    ax.plot(years, df["government_cloud"], marker="o", color="black", label="ガバメントクラウド")
    ax.plot(years, df["ismap"], marker="s", linestyle="--", label="ISMAP")
    ax.set_title(title)
    ax.set_ylabel("評価書数")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(fontsize="small")
    return fig


def markdown_table(df: pd.DataFrame) -> str:
    """A GitHub Markdown table (pandas.to_markdown needs tabulate, which we do not ship)."""

    def cell(v) -> str:
        if v is None or (isinstance(v, float) and pd.isna(v)) or v is pd.NA or v is pd.NaT:
            return ""
        if isinstance(v, pd.Timestamp):  # DuckDB DATE arrives as a midnight Timestamp in pandas
            return v.date().isoformat() if v == v.normalize() else v.isoformat()
        if isinstance(v, bool):
            return "✓" if v else ""
        return str(v).replace("|", r"\|").replace("\n", " ")

    lines = ["| " + " | ".join(df.columns) + " |", "|" + "---|" * len(df.columns)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in df.itertuples(index=False)]
    return "\n".join(lines)
