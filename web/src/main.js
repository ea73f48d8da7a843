// The sitrep dashboard. Everything it shows is aggregated by the server (map,
// timeline, network) or paged (table): the page never loads all events.
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { feature } from 'topojson-client';
import countries110m from 'world-atlas/countries-110m.json';
import iso from 'i18n-iso-countries';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import cytoscape from 'cytoscape';
import './style.css';

const TYPES = ['AGREE', 'CONSULT', 'SUPPORT', 'CONCEDE', 'COOPERATE', 'AID', 'RETREAT', 'REQUEST',
  'ACCUSE', 'REJECT', 'THREATEN', 'PROTEST', 'SANCTION', 'MOBILIZE', 'COERCE', 'ASSAULT'];
const FILTERS = ['from', 'to', 'type', 'actor', 'actor_country', 'actor_sector', 'country', 'admin1', 'realis', 'min_confidence', 'q'];

const $ = (sel) => document.querySelector(sel);
const form = $('#filters');
for (const t of TYPES) form.type.add(new Option(t.toLowerCase(), t));

// The filters live in the page URL, so a view can be shared.
function filters() {
  const p = new URLSearchParams();
  for (const k of FILTERS) {
    const v = form[k].value.trim();
    if (v) p.set(k, v);
  }
  return p;
}

function setFilters(p) {
  for (const k of FILTERS) form[k].value = p.get(k) || '';
}

async function api(path, params) {
  const q = params && params.toString();
  const r = await fetch('api/' + path + (q ? '?' + q : ''));
  const body = await r.json();
  if (!r.ok) throw new Error(body.error || r.statusText);
  return body;
}

function withParams(base, extra) {
  const p = new URLSearchParams(base);
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  return p;
}

const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const placeLabel = (l) => (l ? [l.name, l.country].filter(Boolean).join(', ') : '');
const actorLabel = (list) => (list || []).map((a) => a.code || a.name || a.text).join('; ');

// ---- map: countries shaded by events located there, bubbles per place ----

const map = L.map('map', { worldCopyJump: true, minZoom: 1, zoomSnap: 0.5, attributionControl: true, preferCanvas: true })
  .setView([25, 30], 2);
map.attributionControl.setPrefix(false).addAttribution('Natural Earth via world-atlas');
const world = feature(countries110m, countries110m.objects.countries);
// Antarctica is dropped, and rings that cross the antimeridian (Russia, Fiji)
// are moved east so Leaflet does not draw them across the whole map.
world.features = world.features.filter((f) => f.id !== '010');
for (const f of world.features) {
  const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
  for (const poly of polys) {
    for (const ring of poly) {
      if (ring.some((p, i) => i > 0 && Math.abs(p[0] - ring[i - 1][0]) > 180)) {
        for (const p of ring) if (p[0] < 0) p[0] += 360;
      }
    }
  }
}
let countryCounts = new Map();
const shade = (n, max) => {
  if (!n) return '#f3f1ec';
  const t = Math.log1p(n) / Math.log1p(max);
  return `hsl(12, ${45 + 40 * t}%, ${88 - 45 * t}%)`;
};
let maxCount = 1;
const countriesLayer = L.geoJSON(world, {
  style: (f) => ({ weight: 0.6, color: '#9a9386', fillOpacity: 1, fillColor: shade(countryCounts.get(alpha3(f)), maxCount) }),
  onEachFeature: (f, layer) => {
    layer.on('click', () => {
      const a3 = alpha3(f);
      if (!a3) return;
      form.country.value = form.country.value === a3 ? '' : a3;
      form.admin1.value = '';
      refresh();
    });
    layer.bindTooltip(() => `${esc(f.properties.name)}: ${countryCounts.get(alpha3(f)) || 0} events`, { sticky: true });
  },
}).addTo(map);
const placesLayer = L.layerGroup().addTo(map);

function alpha3(f) {
  return f.id ? iso.numericToAlpha3(f.id) : undefined;
}

function drawMap(byCountry, byPlace) {
  countryCounts = new Map(byCountry.buckets.map((b) => [b.key, b.count]));
  maxCount = Math.max(1, ...countryCounts.values());
  countriesLayer.setStyle((f) => ({ weight: 0.6, color: '#9a9386', fillOpacity: 1, fillColor: shade(countryCounts.get(alpha3(f)), maxCount) }));
  placesLayer.clearLayers();
  const top = Math.max(1, ...byPlace.buckets.map((b) => b.count));
  for (const b of byPlace.buckets) {
    L.circleMarker([b.lat, b.lon], {
      radius: 3 + 14 * Math.sqrt(b.count / top), weight: 1, color: '#5b1a0e', fillColor: '#c8442a', fillOpacity: 0.65,
    }).bindTooltip(`${esc(b.key)} (${esc(b.country)}): ${b.count} events`).addTo(placesLayer);
  }
  $('#map-note').textContent = `${byPlace.buckets.length} places, ${byPlace.total} located events`;
}

// ---- timeline: events per day, or per week over long ranges ----

let plot;
function drawTimeline(agg) {
  const xs = agg.buckets.map((b) => Date.parse(b.key) / 1000);
  const ys = agg.buckets.map((b) => b.count);
  const el = $('#timeline');
  const size = { width: el.clientWidth || 600, height: Math.max(120, el.clientHeight - 10 || 160) };
  $('#timeline-note').textContent = `events per ${agg.by}, ${agg.total} dated`;
  if (plot) plot.destroy();
  plot = undefined;
  if (!xs.length) {
    el.innerHTML = '<p class="hint">No dated events match.</p>';
    return;
  }
  el.replaceChildren();
  plot = new uPlot({
    ...size,
    legend: { show: false },
    cursor: { drag: { x: true, y: false } },
    scales: { x: { time: true } },
    axes: [{ stroke: '#555' }, { stroke: '#555', size: 52 }],
    series: [{}, { label: 'events', stroke: '#c8442a', fill: 'rgba(200,68,42,0.25)', width: 1.5, points: { show: false } }],
    hooks: {
      // Selecting a range on the timeline sets from/to.
      setSelect: [(u) => {
        if (u.select.width < 5) return;
        const day = (x) => new Date(u.posToVal(x, 'x') * 1000).toISOString().slice(0, 10);
        form.from.value = day(u.select.left);
        form.to.value = day(u.select.left + u.select.width);
        refresh();
      }],
    },
  }, [xs, ys], el);
}

// ---- actor network: the biggest source → target pairs ----

let cy;
function drawNetwork(agg) {
  const nodes = new Map();
  const edges = [];
  for (const b of agg.buckets) {
    for (const k of [b.source, b.target]) nodes.set(k, (nodes.get(k) || 0) + b.count);
    edges.push({ data: { id: `${b.source}>${b.target}`, source: b.source, target: b.target, count: b.count } });
  }
  const max = Math.max(1, ...nodes.values());
  const maxE = Math.max(1, ...agg.buckets.map((b) => b.count));
  const elements = [...nodes].map(([id, n]) => ({ data: { id, size: 14 + 26 * Math.sqrt(n / max) } })).concat(edges);
  if (cy) cy.destroy();
  cy = cytoscape({
    container: $('#network'),
    elements,
    style: [
      { selector: 'node', style: { label: 'data(id)', width: 'data(size)', height: 'data(size)', 'background-color': '#2f5d8a', 'font-size': 13, color: '#222', 'text-valign': 'bottom', 'text-margin-y': 3, 'text-outline-color': '#fff', 'text-outline-width': 2 } },
      { selector: 'edge', style: { width: (e) => 0.5 + 5 * e.data('count') / maxE, 'line-color': '#c8442a', opacity: 0.55, 'curve-style': 'bezier', 'target-arrow-shape': 'triangle', 'target-arrow-color': '#c8442a', 'arrow-scale': 0.6 } },
      { selector: 'node:selected', style: { 'background-color': '#c8442a' } },
    ],
    layout: { name: nodes.size > 2 ? 'cose' : 'grid', animate: false, randomize: false, nodeRepulsion: () => 9000, idealEdgeLength: () => 70, padding: 10 },
  });
  // Clicking an actor filters on it.
  cy.on('tap', 'node', (e) => {
    form.actor.value = form.actor.value === e.target.id() ? '' : e.target.id();
    refresh();
  });
}

// ---- event table, a page at a time ----

let nextCursor = '';
function addRows(page, append) {
  const body = $('#events tbody');
  if (!append) body.replaceChildren();
  for (const e of page.events) {
    const tr = document.createElement('tr');
    tr.dataset.key = e.key;
    tr.innerHTML = `<td>${esc(e.day)}</td><td>${esc(e.type)}</td><td>${esc(actorLabel(e.source))}</td><td>${esc(actorLabel(e.target))}</td>`
      + `<td>${esc(placeLabel(e.location))}</td><td>${esc(e.realis)}</td><td>${e.confidence.toFixed(2)}</td>`;
    tr.title = e.evidence.text;
    body.append(tr);
  }
  nextCursor = page.next_cursor;
  $('#more').hidden = !nextCursor;
}

$('#events tbody').addEventListener('click', (ev) => {
  const tr = ev.target.closest('tr');
  if (!tr) return;
  for (const r of document.querySelectorAll('#events tr.selected')) r.classList.remove('selected');
  tr.classList.add('selected');
  showEvidence(tr.dataset.key);
});

$('#more').addEventListener('click', async () => {
  addRows(await api('events', withParams(filters(), { cursor: nextCursor, limit: 100 })), true);
});

// ---- evidence: the article with the event's spans marked ----

// Offsets are bytes of UTF-8: cut the encoded text and decode each piece.
function highlight(text, spans) {
  const bytes = new TextEncoder().encode(text);
  const dec = new TextDecoder();
  const cuts = new Set([0, bytes.length]);
  for (const s of spans) {
    if (s.start >= 0 && s.end <= bytes.length && s.start < s.end) { cuts.add(s.start); cuts.add(s.end); }
  }
  const pts = [...cuts].sort((a, b) => a - b);
  let html = '';
  for (let i = 0; i + 1 < pts.length; i++) {
    const [a, b] = [pts[i], pts[i + 1]];
    const piece = esc(dec.decode(bytes.subarray(a, b)));
    const on = spans.filter((s) => s.start <= a && b <= s.end);
    html += on.length ? `<mark class="${on.map((s) => s.cls).join(' ')}" title="${esc(on.map((s) => s.label).join(', '))}">${piece}</mark>` : piece;
  }
  return html;
}

async function showEvidence(key) {
  const el = $('#evidence');
  el.innerHTML = '<p class="hint">loading…</p>';
  const { event: e, document: d } = await api('events/' + encodeURIComponent(key));
  const spans = [];
  for (const s of (e.evidence_spans && e.evidence_spans.length ? e.evidence_spans : [e.evidence])) spans.push({ ...s, cls: 'ev', label: 'evidence' });
  spans.push({ ...e.trigger, cls: 'trigger', label: `trigger: ${e.type}` });
  for (const a of e.source) spans.push({ ...a, cls: 'source', label: `source: ${a.code || a.name}` });
  for (const a of e.target) spans.push({ ...a, cls: 'target', label: `target: ${a.code || a.name}` });
  if (e.location) spans.push({ start: e.location.start, end: e.location.end, cls: 'place', label: `place: ${e.location.name}` });
  if (e.date) spans.push({ start: e.date.span_start, end: e.date.span_end, cls: 'date', label: `date: ${e.date.start}` });
  const counts = Object.entries(e.counts).filter(([, v]) => v >= 0).map(([k, v]) => `${k} ${v}`).join(', ');
  el.innerHTML = `
    <dl class="fields">
      <dt>type</dt><dd><b>${esc(e.type)}</b>${e.cameo ? ` (CAMEO ${esc(e.cameo)})` : ''} — ${esc(e.realis)}, confidence ${e.confidence.toFixed(2)}</dd>
      <dt class="source">source</dt><dd>${esc(e.source.map((a) => `${a.text || a.name} [${a.code}]`).join('; ') || '—')}</dd>
      <dt class="target">target</dt><dd>${esc(e.target.map((a) => `${a.text || a.name} [${a.code}]`).join('; ') || '—')}</dd>
      <dt class="place">place</dt><dd>${esc(e.location ? [e.location.name, e.location.admin1, e.location.country].filter(Boolean).join(', ')
        + (e.location.lat || e.location.lon ? ` (${e.location.lat.toFixed(2)}, ${e.location.lon.toFixed(2)})` : '') : '—')}</dd>
      <dt class="date">date</dt><dd>${esc(e.date ? `${e.date.start}${e.date.end !== e.date.start ? ' – ' + e.date.end : ''} (${e.date.precision})` : e.day || '—')}</dd>
      ${counts ? `<dt>counts</dt><dd>${esc(counts)}</dd>` : ''}
    </dl>
    <h3>${esc(d.title || d.id)}</h3>
    <p class="meta">${esc(d.date ? d.date.slice(0, 10) : '')} ${d.url ? `<a href="${esc(d.url)}" rel="noreferrer noopener" target="_blank">${esc(d.url)}</a>` : esc(d.id)}</p>
    <div class="article" data-testid="article">${highlight(d.text, spans)}</div>`;
  // The fields stay in view; the article scrolls to the evidence.
  const art = el.querySelector('.article');
  const first = art.querySelector('mark.trigger') || art.querySelector('mark.ev');
  // After layout: .article is the mark's offsetParent.
  if (first) requestAnimationFrame(() => { art.scrollTop = first.offsetTop - art.clientHeight / 3; });
}

// ---- loading ----

let generation = 0;
async function refresh() {
  const gen = ++generation;
  const p = filters();
  history.replaceState(null, '', '?' + p.toString());
  for (const a of document.querySelectorAll('#exports a[data-format]')) a.href = `api/export/${a.dataset.format}?${p}`;
  $('#error').textContent = '';
  document.body.classList.add('loading');
  try {
    // The timeline uses weeks when the range is long.
    const span = (Date.parse(p.get('to') || stats.last || '') - Date.parse(p.get('from') || stats.first || '')) / 864e5;
    const by = Number.isNaN(span) || span > 400 ? 'week' : 'day';
    const [byCountry, byPlace, timeline, pairs, byType, page] = await Promise.all([
      api('aggregates/country', p), api('aggregates/place', withParams(p, { limit: 1500 })),
      api('aggregates/' + by, p), api('aggregates/actor-pair', withParams(p, { limit: 40 })),
      api('aggregates/type', p), api('events', withParams(p, { limit: 100 })),
    ]);
    if (gen !== generation) return;
    drawMap(byCountry, byPlace);
    drawTimeline(timeline);
    drawNetwork(pairs);
    addRows(page, false);
    $('#table-note').textContent = `${byType.total.toLocaleString()} match, newest first`;
  } catch (err) {
    if (gen === generation) $('#error').textContent = err.message;
  } finally {
    if (gen === generation) document.body.classList.remove('loading');
  }
}

let stats = {};
form.addEventListener('submit', (e) => { e.preventDefault(); refresh(); });
form.addEventListener('reset', () => setTimeout(refresh, 0));
window.addEventListener('resize', () => { if (plot) plot.setSize({ width: $('#timeline').clientWidth, height: plot.height }); });

(async () => {
  setFilters(new URLSearchParams(location.search));
  try {
    stats = await api('stats');
    $('#stats').textContent = `${stats.events.toLocaleString()} events in ${stats.documents.toLocaleString()} documents`
      + (stats.first ? `, ${stats.first} to ${stats.last}` : '');
  } catch (err) {
    $('#error').textContent = err.message;
  }
  await refresh();
  performance.mark('sitrep-first-render');
  document.body.dataset.ready = 'true';
})();
