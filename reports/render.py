"""HTML → PDF with WeasyPrint, and the small drawing helpers reports share (pygal charts, segno
QR codes). Fonts come from fontconfig (fonts-noto-cjk): Sans for text, Serif as a fallback
because it carries more rare characters (生僻字)."""

import base64
import io
import math

import pygal
import segno
from django.conf import settings
from django.template.loader import render_to_string
from pygal.style import Style

FONT_STACK = '"Noto Sans CJK SC", "Noto Serif CJK SC", "Noto Sans Mono CJK SC", sans-serif'

CHART_STYLE = Style(
    font_family=FONT_STACK, background="white", plot_background="white", foreground="#333",
    foreground_strong="#111", foreground_subtle="#999", colors=("#c0392b", "#e67e22", "#2980b9", "#27ae60",
                                                                "#8e44ad", "#7f8c8d", "#16a085"),
    title_font_size=16, label_font_size=12, major_label_font_size=12, legend_font_size=12, value_font_size=11,
)


def render_html(template_name, context):
    return render_to_string(template_name, context)


def html_to_pdf(html):
    """Return (pdf bytes, page count)."""
    from weasyprint import HTML

    document = HTML(string=html, base_url=str(settings.BASE_DIR)).render()
    return document.write_pdf(), len(document.pages)


def render_pdf(template_name, context):
    return html_to_pdf(render_html(template_name, context))


def _data_uri(svg_bytes):
    return "data:image/svg+xml;base64," + base64.b64encode(svg_bytes).decode()


def _chart(chart, title, labels, series):
    chart.title = title
    chart.x_labels = labels
    for name, values in series:
        chart.add(name, values)
    # No scripts: the SVG is a picture in a PDF, not an interactive chart.
    return _data_uri(chart.render())


def nice_scale(largest, ticks=5):
    """Axis ticks from 0 to a round top ≥ `largest` (1, 2, 2.5 or 5 × 10ⁿ apart), so no bar runs
    past the top of its scale: 7.5 → 0, 2, 4, 6, 8; 0 → 0, 1."""
    if not largest or largest <= 0:
        return [0, 1]
    raw = largest / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    count = math.ceil(largest / step - 1e-9)
    ticks = [round(step * i, 10) for i in range(count + 1)]
    return [int(t) if float(t).is_integer() else t for t in ticks]


def bar_chart(title, labels, series, width=800, height=360):
    if not labels:
        return ""
    scale = nice_scale(max((v or 0 for _, values in series for v in values), default=0))
    chart = pygal.Bar(style=CHART_STYLE, width=width, height=height, js=[], show_legend=len(series) > 1,
                      x_label_rotation=30 if len(labels) > 6 else 0, print_values=len(labels) <= 12,
                      legend_at_bottom=True, range=(0, scale[-1]), y_labels=scale, include_x_axis=True)
    return _chart(chart, title, labels, series)


def pie_chart(title, items, width=800, height=360):
    items = [(label, value) for label, value in items if value]
    if not items:
        return ""
    # A ring, not a full pie: pygal closes each full-pie slice with a zero-radius arc ("A0 0"), which
    # WeasyPrint draws as a wedge shooting off the chart.
    chart = pygal.Pie(style=CHART_STYLE, width=width, height=height, js=[], print_values=True, legend_at_bottom=False,
                      inner_radius=0.45)
    chart.title = title
    for label, value in items:
        chart.add(label, value)
    return _data_uri(chart.render())


def qr_data_uri(text, scale=4):
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="svg", scale=scale, border=2, xmldecl=True)
    return _data_uri(buffer.getvalue())


def absolute_url(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path
