"""The self-contained HTML report: tables, inline SVG charts and map, method notes; no scripts, no CDN.

Jinja2 with autoescaping on: every value from the input (file name, warnings, labels) is escaped; only
the SVG produced by vl-convert from our own specifications is inserted unescaped (``Markup``), and those
specs carry only fixed vocabularies (sector and region names) and numbers.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, StrictUndefined
from markupsafe import Markup

from whoswatching.stats.coded import CAPABILITIES, CAPABILITY_LABELS, SECTOR_LABELS

TEMPLATE = r"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:1100px;padding:0 1rem;color:#222;line-height:1.4}
h1{font-size:1.6rem}h2{margin-top:2.2rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.6rem 0 1.2rem;font-size:.86rem;display:block;overflow-x:auto;max-width:100%}
th,td{border:1px solid #ddd;padding:.25rem .45rem;vertical-align:top}th{background:#f3f3f3;text-align:left}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
caption{caption-side:bottom;text-align:left;font-size:.75rem;color:#666;padding-top:.2rem}
.ci{color:#666;font-size:.78rem}.na{color:#999}.muted{color:#666;font-size:.85rem}
.chart{margin:1rem 0}.charts-row{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-start}.chart svg{max-width:100%;height:auto}
.notes li{margin:.3rem 0}.stamp{color:#888;font-size:.75rem}
</style>
</head>
<body>
<h1>{{ title }}</h1>
<p class="muted">Input <code>{{ meta.input }}</code> · SHA-256 <code>{{ meta.input_sha256 }}</code> · codebook version {{ meta.codebook_version }} · method {{ meta.method_version }} · {{ meta.bodies }} bodies{% if meta.as_of %} · as of {{ meta.as_of }}{% endif %}</p>
<p class="stamp">{{ stamp }}</p>
{% if meta.warnings %}<ul class="muted">{% for w in meta.warnings %}<li>{{ w }}</li>{% endfor %}</ul>{% endif %}

<h2 id="method">Method</h2>
<ul class="notes">{% for k, v in notes %}<li><strong>{{ k }}:</strong> {{ v }}</li>{% endfor %}</ul>

{% macro pct(row, key) -%}
{%- if row[key ~ '_pct'] is none -%}<span class="na">n/a</span>{%- else -%}
{{ '%.1f' % row[key ~ '_pct'] }}%<br><span class="ci">{{ '%.1f' % row[key ~ '_ci95'][0] }}–{{ '%.1f' % row[key ~ '_ci95'][1] }}</span>
{%- endif -%}
{%- endmacro %}
{% macro brand_table(rows, first, first_label) -%}
<table>
<thead><tr><th>{{ first_label }}</th><th>requests</th><th>responses</th><th>refused</th><th>valid</th><th>n ({{ meta.denominator }})</th>
<th>Hikvision</th><th>%</th><th>Dahua</th><th>%</th><th>either</th><th>%</th><th>other Chinese</th><th>%</th><th>any Chinese</th><th>%</th>
<th>Hikvision % of users</th><th>Dahua % of users</th><th>brand unknown</th><th>response rate</th><th>refusal rate</th></tr></thead>
<tbody>{% for r in rows %}<tr><td>{{ label(r[first]) }}</td>
<td class="num">{{ r.requests }}</td><td class="num">{{ r.responses }}</td><td class="num">{{ r.refused }}</td><td class="num">{{ r.valid }}</td><td class="num">{{ r.n }}</td>
{% for b in brands %}<td class="num">{{ r[b] }}</td><td class="num">{{ pct(r, b) }}</td>{% endfor %}
<td class="num">{{ pct(r, 'hikvision_of_users') }}</td><td class="num">{{ pct(r, 'dahua_of_users') }}</td><td class="num">{{ r.brand_unknown }}</td>
<td class="num">{{ pct(r, 'response_rate') }}</td><td class="num">{{ pct(r, 'refusal_rate') }}</td></tr>{% endfor %}</tbody>
<caption>{{ provenance }}</caption>
</table>
{%- endmacro %}

<h2 id="sectors">By sector</h2>
<div class="chart">{{ charts.sectors }}</div>
{{ brand_table(sectors + [overall], 'sector', 'sector') }}

<h2 id="map">By region</h2>
<div class="charts-row"><div class="chart">{{ charts.map }}</div>{% if charts.sector_maps %}<div class="chart">{{ charts.sector_maps }}</div>{% endif %}</div>
<p class="muted">{{ attribution }}</p>
{% for sector, rows in regions_by_sector %}
<h3>{{ label(sector) }}</h3>
{% if charts.regions.get(sector) %}<div class="chart">{{ charts.regions[sector] }}</div>{% endif %}
{{ brand_table(rows, 'region', 'region') }}
{% endfor %}

<h2 id="nations">By nation</h2>
{{ brand_table(nations, 'nation', 'nation') }}
<p class="muted">Rows are per sector and nation; sector "all" sums every sector.</p>

<h2 id="capabilities">Capabilities</h2>
<p class="muted">Bodies whose reply says the equipment has the capability (present), and the subset saying it is switched on or used (in use); "any" is the total with at least one. Percentages of {{ meta.denominator }}.</p>
<table>
<thead><tr><th>sector</th><th>n</th><th>total with any</th>{% for c in capabilities_order %}<th>{{ cap_labels[c] }}</th>{% endfor %}<th>any in use</th>{% for c in capabilities_order %}<th>{{ cap_labels[c] }} in use</th>{% endfor %}<th>in use unknown</th></tr></thead>
<tbody>{% for r in capabilities %}<tr><td>{{ label(r.sector) }}</td><td class="num">{{ r.n }}</td>
<td class="num">{{ r.any }} · {{ pct(r, 'any') }}</td>{% for c in capabilities_order %}<td class="num">{{ r[c] }} · {{ pct(r, c) }}</td>{% endfor %}
<td class="num">{{ r.any_in_use }} · {{ pct(r, 'any_in_use') }}</td>{% for c in capabilities_order %}<td class="num">{{ r[c ~ '_in_use'] }} · {{ pct(r, c ~ '_in_use') }}</td>{% endfor %}
<td class="num">{{ r.in_use_unknown }}</td></tr>{% endfor %}</tbody>
<caption>{{ provenance }}</caption>
</table>

<h2 id="exemptions">Exemptions cited</h2>
{% if exemptions %}<table>
<thead><tr><th>sector</th><th>law</th><th>exemption</th><th>bodies citing</th><th>responses</th><th>% of responses</th></tr></thead>
<tbody>{% for r in exemptions %}<tr><td>{{ label(r.sector) }}</td><td>{{ r.law }}</td><td>{{ r.exemption }}</td><td class="num">{{ r.bodies }}</td><td class="num">{{ r.responses }}</td><td class="num">{{ pct(r, 'of_responses') }}</td></tr>{% endfor %}</tbody>
<caption>{{ provenance }}</caption>
</table>{% else %}<p class="muted">No exemptions in the input.</p>{% endif %}

<h2 id="response-times">Response times</h2>
{% if charts.km %}<div class="chart">{{ charts.km }}</div>{% endif %}
{% if response_times %}<table>
<thead><tr><th>sector</th><th>dated requests</th><th>replies</th><th>open (censored)</th><th>skipped (no reply date, or response status unknown)</th><th>median days to reply</th><th>still open after 20 days</th></tr></thead>
<tbody>{% for r in response_times %}<tr><td>{{ label(r.sector) }}</td><td class="num">{{ r.requests_dated }}</td><td class="num">{{ r.replies }}</td><td class="num">{{ r.open_censored }}</td><td class="num">{{ r.skipped }}</td>
<td class="num">{% if r.median_days is none %}<span class="na">n/a</span>{% else %}{{ '%g' % r.median_days }}{% endif %}</td>
<td class="num">{% if r.still_open_at_20_days is none %}<span class="na">n/a</span>{% else %}{{ '%.1f' % (100 * r.still_open_at_20_days) }}%{% endif %}</td></tr>{% endfor %}</tbody>
<caption>{{ provenance }}</caption>
</table>{% else %}<p class="muted">No request dates in the input.</p>{% endif %}
{% if lateness %}<h3>Lateness against the statutory deadline ({{ meta.lateness_unit }})</h3>
<table>
<thead><tr><th>sector</th><th>replies with a due date</th><th>late</th><th>% late</th><th>median lateness</th><th>max lateness</th><th>open and overdue</th></tr></thead>
<tbody>{% for r in lateness %}<tr><td>{{ label(r.sector) }}</td><td class="num">{{ r.replies_with_due_date }}</td><td class="num">{{ r.late }}</td><td class="num">{{ pct(r, 'late') }}</td>
<td class="num">{{ na(r.median_lateness) }}</td><td class="num">{{ na(r.max_lateness) }}</td><td class="num">{{ r.open_overdue }}</td></tr>{% endfor %}</tbody>
<caption>{{ provenance }}</caption>
</table>{% endif %}

<h2 id="extrapolation">Extrapolation to the whole register</h2>
<table>
<thead><tr><th>method</th><th>estimate</th><th>range</th><th>assumptions</th><th>source</th></tr></thead>
<tbody>{% for e in extrapolation %}<tr><td>{{ e.method }}</td><td class="num">{{ na(e.estimate, '%.0f') }}</td>
<td class="num">{% if e.low is none %}<span class="na">—</span>{% else %}{{ '%.0f' % e.low }}–{{ '%.0f' % e.high }}{% endif %}</td>
<td><ul>{% for a in e.assumptions %}<li>{{ a }}</li>{% endfor %}</ul></td><td>{{ e.reference }}</td></tr>{% endfor %}</tbody>
<caption>{{ provenance }}</caption>
</table>

{% if findings %}
<h2 id="published">Published figures checked</h2>
<p class="muted">{{ findings_summary }}</p>
<table>
<thead><tr><th>section</th><th>table</th><th>region</th><th>figure</th><th>published</th><th>verdict</th><th>why</th></tr></thead>
<tbody>{% for f in findings %}<tr><td>{{ f.section }}</td><td>{{ f.table }}</td><td>{{ f.region or '' }}</td><td>{{ f.figure }}</td><td class="num">{{ f.published }}</td><td>{{ f.verdict }}</td><td>{{ f.reason }}</td></tr>{% endfor %}</tbody>
</table>
{% endif %}

<footer class="muted"><p>{{ attribution }}</p><p>Made with whoswatching. Statistics describe the bodies that were asked; state the denominator when you quote a figure.</p></footer>
</body>
</html>
"""


def _label(value: Any) -> str:
    return SECTOR_LABELS.get(value, "All sectors" if value == "all" else str(value).replace("_", " "))


def _na(value: Any, fmt: str = "%g") -> Any:
    return Markup('<span class="na">n/a</span>') if value is None else fmt % value


def render_html(*, title: str, stamp: str, tables: Any, notes: list[tuple[str, str]], charts: dict[str, Any],
                attribution: str, findings: list[dict[str, Any]] | None = None, findings_summary: str = "") -> str:
    """Render the report; ``charts`` values are SVG strings from :mod:`charts` (trusted, our own specs)."""
    env = Environment(autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True)
    template = env.from_string(TEMPLATE)
    safe_charts = {
        "sectors": Markup(charts.get("sectors", "")),
        "map": Markup(charts.get("map", "")),
        "km": Markup(charts.get("km", "")),
        "regions": {k: Markup(v) for k, v in charts.get("regions", {}).items()},
        "sector_maps": Markup(charts.get("sector_maps", "")),
    }
    regions_by_sector: list[tuple[str, list[dict[str, Any]]]] = []
    for r in tables.regions:
        if not regions_by_sector or regions_by_sector[-1][0] != r["sector"]:
            regions_by_sector.append((r["sector"], []))
        regions_by_sector[-1][1].append(r)
    provenance = (f"Input SHA-256 {tables.meta['input_sha256']} · codebook {tables.meta['codebook_version']} · "
                  f"{tables.meta['method']}")
    return template.render(
        title=title, stamp=stamp, meta=tables.meta, notes=notes, charts=safe_charts, attribution=attribution,
        sectors=tables.sectors, overall=tables.overall, regions_by_sector=regions_by_sector,
        nations=tables.nations, capabilities=tables.capabilities, exemptions=tables.exemptions,
        response_times=tables.response_times, lateness=tables.lateness, extrapolation=tables.extrapolation,
        capabilities_order=CAPABILITIES, cap_labels=CAPABILITY_LABELS, brands=("hikvision", "dahua", "either",
                                                                             "other_chinese", "any_chinese"),
        label=_label, na=_na, provenance=provenance, findings=findings or [], findings_summary=findings_summary,
    )
