// The sitrep dashboard. Everything it shows is aggregated by the server (map,
// timeline, network) or paged (table): the page never loads all events. Every
// panel is drawn from one set of filters, kept in the page URL.
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import 'leaflet.markercluster';
import 'leaflet.markercluster/dist/MarkerCluster.css';
import { feature } from 'topojson-client';
import countries110m from 'world-atlas/countries-110m.json';
import iso from 'i18n-iso-countries';
import en from 'i18n-iso-countries/langs/en.json';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import cytoscape from 'cytoscape';
import fcose from 'cytoscape-fcose';
import './style.css';

iso.registerLocale(en);
cytoscape.use(fcose);

// PLOVER's types in its order, and its quad classes with a colour each.
const QUADS = [
  { name: 'verbal cooperation', types: ['AGREE', 'CONSULT', 'SUPPORT'], color: '#7fb069' },
  { name: 'material cooperation', types: ['CONCEDE', 'COOPERATE', 'AID', 'RETREAT'], color: '#2e7d4f' },
  { name: 'verbal conflict', types: ['REQUEST', 'ACCUSE', 'REJECT', 'THREATEN'], color: '#e6a23c' },
  { name: 'material conflict', types: ['PROTEST', 'SANCTION', 'MOBILIZE', 'COERCE', 'ASSAULT'], color: '#c0392b' },
];
const TYPES = QUADS.flatMap((q) => q.types);
const QUAD_OF = Object.fromEntries(QUADS.flatMap((q, i) => q.types.map((t) => [t, i])));
// A colour per type: its quad's hue, lighter or darker by its place in it.
const TYPE_COLOR = Object.fromEntries(QUADS.flatMap((q, i) => q.types.map((t, k) => {
  const hue = [95, 150, 38, 6][i];
  return [t, `hsl(${hue}, ${55 + 8 * k}%, ${62 - 9 * k}%)`];
})));
const SECTORS = { GOV: 'government', MIL: 'military', REB: 'rebels', COP: 'police', CVL: 'civilians', LEG: 'legislature',
  JUD: 'judiciary', BUS: 'business', MED: 'media', IGO: 'intergovernmental', NGO: 'NGO', OPP: 'opposition', EDU: 'education',
  REL: 'religious', REF: 'refugees', SPY: 'intelligence', LAB: 'labour', HLH: 'health', JRN: 'journalists', INS: 'insurgents',
  ELI: 'elites', CRM: 'criminals', AGR: 'agriculture', ENV: 'environment', HRI: 'human rights', PTY: 'party', UAF: 'armed group' };
const PRECISION = {
  city: 'exact', subcity: 'exact', admin2: 'admin-2', admin1: 'admin-1', region: 'region', country: 'country', inherited: 'inherited',
};
const precisionClass = (p) => ({ city: 'exact', subcity: 'exact', admin2: 'admin', admin1: 'admin', region: 'admin', country: 'country', inherited: 'inherited' })[p] || 'exact';

// Filters the API takes; the page URL also keeps the views' settings.
const FILTERS = ['from', 'to', 'type', 'actor', 'actor_country', 'actor_sector', 'source', 'target', 'country', 'admin1', 'bbox', 'realis', 'min_confidence', 'q'];
const VIEW = { stack: 'quad', edges: '30', shade: '', range: 'dense' };

const $ = (sel, root = document) => root.querySelector(sel);
const form = $('#filters');
for (const t of TYPES) form.type.add(new Option(t.toLowerCase(), t));
for (const t of TYPES) $('#shade').add(new Option(t.toLowerCase(), t));

const view = { ...VIEW };

// by_incident makes every count and the table count incidents, not reports.
function filters() {
  const p = new URLSearchParams();
  for (const k of FILTERS) {
    const v = form[k].value.trim();
    if (v) p.set(k, v);
  }
  if (form.by_incident.checked) p.set('by_incident', '1');
  return p;
}

function setFilters(p) {
  for (const k of FILTERS) form[k].value = p.get(k) || '';
  form.by_incident.checked = p.get('by_incident') === '1';
  for (const k of Object.keys(VIEW)) view[k] = p.get('view_' + k) || VIEW[k];
  $('#stack').value = view.stack;
  $('#edges').value = view.edges;
  $('#shade').value = view.shade;
}

function pageURL(p) {
  const u = new URLSearchParams(p);
  for (const [k, v] of Object.entries(view)) if (v !== VIEW[k]) u.set('view_' + k, v);
  const sel = selected && selected.key;
  if (sel) u.set('event', sel);
  return '?' + u.toString();
}

async function api(path, params) {
  const q = params && params.toString();
  const r = await fetch('api/' + path + (q ? '?' + q : ''));
  let body;
  try {
    body = await r.json();
  } catch {
    throw new Error(`${r.status} ${r.statusText} from ${path}`);
  }
  if (!r.ok) throw new Error(body.error || r.statusText);
  return body;
}

function withParams(base, extra) {
  const p = new URLSearchParams(base);
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  return p;
}

const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const countryName = (a3) => (a3 && iso.getName(a3, 'en', { select: 'alias' })) || a3 || '';
// A readable description of an actor code: "PAKGOV" is "Pakistan, government".
function describeCode(code) {
  if (!code) return '';
  const parts = [];
  let rest = code;
  if (/^[A-Z]{3}/.test(code) && iso.isValid(code.slice(0, 3))) {
    parts.push(countryName(code.slice(0, 3)));
    rest = code.slice(3);
  }
  for (let i = 0; i + 3 <= rest.length; i += 3) parts.push(SECTORS[rest.slice(i, i + 3)] || rest.slice(i, i + 3));
  return parts.join(', ');
}
const actorName = (a) => a.name || a.text || a.code || '';
function actorHTML(list) {
  if (!list || !list.length) return '<span class="none">—</span>';
  return list.map((a) => `<span title="${esc([a.code, describeCode(a.code)].filter(Boolean).join(': '))}">${esc(actorName(a))}</span>`
    + (a.code && a.code !== a.name ? ` <small>${esc(a.code)}</small>` : '')).join('; ');
}
const fmt = (n) => n.toLocaleString('en');
const DAY = 864e5;
const isoDay = (ms) => new Date(ms).toISOString().slice(0, 10);

// ---- map: countries shaded by events located there, places clustered ----

const map = L.map('map', { worldCopyJump: true, minZoom: 1, maxZoom: 12, zoomSnap: 0.25, preferCanvas: true, attributionControl: true });
map.fitWorld();
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
const alpha3 = (f) => (f.id ? iso.numericToAlpha3(f.id) : undefined);
let countryCounts = new Map();
let maxCount = 1;
const shade = (n, max) => {
  if (!n) return '#f3f1ec';
  const t = Math.log1p(n) / Math.log1p(max);
  return `hsl(12, ${45 + 40 * t}%, ${90 - 42 * t}%)`;
};
const countryStyle = (f) => {
  const on = form.country.value === alpha3(f);
  return { weight: on ? 2 : 0.6, color: on ? '#26231f' : '#9a9386', fillOpacity: 1, fillColor: shade(countryCounts.get(alpha3(f)), maxCount) };
};
const countryLayers = new Map();
const countriesLayer = L.geoJSON(world, {
  style: countryStyle,
  onEachFeature: (f, layer) => {
    countryLayers.set(alpha3(f), layer);
    layer.on('click', () => {
      const a3 = alpha3(f);
      if (!a3) return;
      form.country.value = form.country.value === a3 ? '' : a3;
      form.admin1.value = '';
      form.bbox.value = '';
      refresh();
    });
    layer.bindTooltip(() => `${esc(f.properties.name)}: ${fmt(countryCounts.get(alpha3(f)) || 0)} events${view.shade ? ' of type ' + view.shade.toLowerCase() : ''} located there`, { sticky: true });
  },
}).addTo(map);

const places = L.markerClusterGroup({
  maxClusterRadius: 36, showCoverageOnHover: false, spiderfyOnMaxZoom: true, chunkedLoading: true,
  iconCreateFunction: (c) => {
    const n = c.getAllChildMarkers().reduce((s, m) => s + m.options.count, 0);
    const size = Math.round(18 + 8 * Math.log10(1 + n));
    return L.divIcon({ className: 'cluster', html: `<span>${n > 9999 ? Math.round(n / 1000) + 'k' : n}</span>`, iconSize: [size, size] });
  },
}).addTo(map);

const legend = L.control({ position: 'bottomleft' });
legend.onAdd = () => {
  const d = L.DomUtil.create('div', 'map-legend');
  d.innerHTML = 'precision: <i class="place exact"></i> exact <i class="place admin"></i> admin-1/2 <i class="place country"></i> country <i class="place inherited"></i> inherited';
  return d;
};
legend.addTo(map);
const worldButton = L.control({ position: 'topleft' });
worldButton.onAdd = () => {
  const b = L.DomUtil.create('button', 'map-world');
  b.type = 'button';
  b.textContent = 'world';
  b.title = 'show the whole world';
  L.DomEvent.on(b, 'click', (e) => { L.DomEvent.stop(e); map.fitWorld({ animate: false }); });
  return b;
};
worldButton.addTo(map);

function placeFilter(b) {
  // A box of about a kilometre around the point: the place's events.
  const d = 0.005;
  return [b.lon - d, b.lat - d, b.lon + d, b.lat + d].map((x) => x.toFixed(4)).join(',');
}

let placeBuckets = [];
function drawMap(byCountry, byPlace) {
  countryCounts = new Map(byCountry.buckets.map((b) => [b.key, b.count]));
  maxCount = Math.max(1, ...countryCounts.values());
  countriesLayer.setStyle(countryStyle);
  placeBuckets = byPlace.buckets;
  places.clearLayers();
  const top = Math.max(1, ...byPlace.buckets.map((b) => b.count));
  const markers = [];
  for (const b of byPlace.buckets) {
    const size = Math.round(10 + 18 * Math.sqrt(b.count / top));
    const m = L.marker([b.lat, b.lon], {
      count: b.count, keyboard: false,
      icon: L.divIcon({ className: `place ${precisionClass(b.precision)}`, iconSize: [size, size] }),
    });
    const types = Object.entries(b.types || {}).sort((x, y) => y[1] - x[1]).slice(0, 3).map(([t, n]) => `${t.toLowerCase()} ${n}`).join(', ');
    m.bindTooltip(`<b>${esc(b.key)}</b> (${esc(countryName(b.country))}) — ${fmt(b.count)} events<br>precision: ${esc(PRECISION[b.precision] || b.precision || 'unknown')}${types ? '<br>' + esc(types) : ''}<br><i>click to filter</i>`);
    m.on('click', () => {
      const bb = placeFilter(b);
      form.bbox.value = form.bbox.value === bb ? '' : bb;
      refresh();
    });
    markers.push(m);
  }
  places.addLayers(markers);
  const located = byPlace.total;
  $('#map-note').textContent = `${fmt(byPlace.buckets.length)} places, ${fmt(located)} located events`;
  fitMap(byPlace.buckets);
}

// fitMap shows the selected place or country, else the places of the data.
function fitMap(buckets) {
  const opts = { padding: [16, 16], maxZoom: 6, animate: false };
  if (form.bbox.value) {
    const [w, s, e, n] = form.bbox.value.split(',').map(Number);
    map.fitBounds([[s, w], [n, e]], { ...opts, maxZoom: 8 });
  } else if (form.country.value && countryLayers.has(form.country.value)) {
    map.fitBounds(countryLayers.get(form.country.value).getBounds(), opts);
  } else if (buckets.length) {
    map.fitBounds(L.latLngBounds(buckets.map((b) => [b.lat, b.lon])).pad(0.05), opts);
  } else {
    map.fitWorld({ animate: false });
  }
}

// ---- timeline: stacked bars per day or week, zero-filled, dense range ----

let plot;
let timelineData;
const hatch = (() => {
  const c = document.createElement('canvas');
  c.width = c.height = 6;
  const g = c.getContext('2d');
  g.strokeStyle = 'rgba(255,255,255,0.85)';
  g.lineWidth = 1.6;
  g.beginPath(); g.moveTo(0, 6); g.lineTo(6, 0); g.stroke();
  return c;
})();

// denseRange is the range where the data is: the 1st to 99th percentile of
// the buckets' events, widened to the publication range (the days of events
// dated by their article) and narrowed to a month around it, so that events
// a text dates decades back do not squeeze the rest into a corner.
function denseRange(buckets) {
  const [lo, hi] = percentiles(buckets);
  const pub = buckets.filter((b) => b.inferred > 0);
  if (!pub.length) return [lo, hi];
  const month = 31 * DAY;
  const [plo, phi] = [Date.parse(pub[0].key), Date.parse(pub[pub.length - 1].key)];
  return [isoDay(Math.min(plo, Math.max(Date.parse(lo), plo - month))), isoDay(Math.max(phi, Math.min(Date.parse(hi), phi + month)))];
}

function percentiles(buckets) {
  const total = buckets.reduce((s, b) => s + b.count, 0);
  let cum = 0;
  let lo = buckets[0].key;
  let hi = buckets[buckets.length - 1].key;
  let loSet = false;
  for (const b of buckets) {
    cum += b.count;
    if (!loSet && cum > total * 0.01) { lo = b.key; loSet = true; }
    if (cum >= total * 0.99) { hi = b.key; break; }
  }
  return [lo, hi];
}

function drawTimeline(agg, gran, p) {
  const el = $('#timeline');
  if (plot) plot.destroy();
  plot = undefined;
  const buckets = agg.buckets;
  const undated = agg.undated || 0;
  if (!buckets.length) {
    el.innerHTML = '<p class="hint">No dated events match.</p>';
    $('#timeline-note').textContent = '';
    timelineData = undefined;
    return;
  }
  const step = gran === 'week' ? 7 * DAY : DAY;
  let [lo, hi] = [buckets[0].key, buckets[buckets.length - 1].key];
  let outside = 0;
  if (p.get('from') || p.get('to')) {
    lo = p.get('from') || lo;
    hi = p.get('to') || hi;
  } else if (view.range === 'dense') {
    [lo, hi] = denseRange(buckets);
    outside = buckets.filter((b) => b.key < lo || b.key > hi).reduce((s, b) => s + b.count, 0);
  }
  let t0 = Date.parse(lo);
  if (gran === 'week') t0 -= ((new Date(t0).getUTCDay() + 6) % 7) * DAY; // Monday
  const t1 = Date.parse(hi);
  const n = Math.max(1, Math.floor((t1 - t0) / step) + 1);
  const groups = view.stack === 'type' ? TYPES.map((t) => ({ name: t.toLowerCase(), types: [t], color: TYPE_COLOR[t] })) : QUADS;
  const xs = new Array(n);
  const ys = groups.map(() => new Float64Array(n));
  const inferred = new Float64Array(n);
  const totals = new Float64Array(n);
  for (let i = 0; i < n; i++) xs[i] = (t0 + i * step) / 1000;
  for (const b of buckets) {
    const i = Math.round((Date.parse(b.key) - t0) / step);
    if (i < 0 || i >= n) continue;
    groups.forEach((g, k) => { for (const t of g.types) ys[k][i] += (b.types && b.types[t]) || 0; });
    inferred[i] += b.inferred || 0;
    totals[i] += b.count;
  }
  // Stacks: series k holds groups k..end, drawn from the tallest down.
  const stacks = groups.map(() => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = groups.length - 1; k >= 0; k--) { s += ys[k][i]; stacks[k][i] = s; }
  }
  timelineData = { xs, groups, ys, inferred, totals, gran };
  const shown = totals.reduce((s, x) => s + x, 0);
  $('#timeline-note').innerHTML = `events per ${gran}, ${isoDay(t0)} to ${isoDay(t0 + (n - 1) * step)}`
    + (outside ? ` · ${fmt(outside)} outside (1st–99th percentile shown) <button type="button" id="range-all">show all</button>` : '')
    + (!outside && view.range === 'all' && !p.get('from') && !p.get('to') ? ' <button type="button" id="range-dense">dense range</button>' : '')
    + (undated ? ` · ${fmt(undated)} undated` : '');
  $('#timeline-legend').innerHTML = groups.map((g) => `<span><i style="background:${g.color}"></i>${esc(g.name)}</span>`).join('')
    + '<span><i class="hatched"></i>dated by publication</span>';
  el.replaceChildren();
  const bars = uPlot.paths.bars({ size: [0.9, 60], align: 0 });
  const pattern = el.ownerDocument.createElement('canvas').getContext('2d').createPattern(hatch, 'repeat');
  plot = new uPlot({
    width: el.clientWidth || 600,
    height: Math.max(110, el.clientHeight || 150),
    legend: { show: false },
    cursor: { drag: { x: true, y: false, setScale: false }, points: { show: false } },
    scales: { x: { time: true, range: [xs[0] - step / 2000, xs[n - 1] + step / 2000] }, y: { range: (u, a, b) => [0, Math.max(1, b * 1.05)] } },
    axes: [{ stroke: '#555', grid: { stroke: '#eee' }, space: 70, values: isoTicks }, { stroke: '#555', size: 46, grid: { stroke: '#eee' } }],
    series: [{}, ...groups.map((g) => ({ label: g.name, fill: g.color, stroke: g.color, width: 0, paths: bars, points: { show: false } })),
      { label: 'dated by publication', fill: pattern, stroke: 'transparent', width: 0, paths: bars, points: { show: false } }],
    hooks: {
      // Selecting a range on the timeline sets from/to.
      setSelect: [(u) => {
        if (u.select.width < 3) return;
        const a = u.posToVal(u.select.left, 'x') * 1000;
        const b = u.posToVal(u.select.left + u.select.width, 'x') * 1000;
        form.from.value = isoDay(Math.max(a, xs[0] * 1000));
        form.to.value = isoDay(Math.min(b, xs[n - 1] * 1000 + step - DAY));
        u.setSelect({ left: 0, width: 0, top: 0, height: 0 }, false);
        refresh();
      }],
      setCursor: [(u) => {
        const i = u.cursor.idx;
        const tip = $('#timeline-tip');
        if (i == null || !timelineData) { tip.hidden = true; return; }
        const parts = groups.map((g, k) => [g.name, ys[k][i]]).filter(([, v]) => v > 0).map(([nm, v]) => `${esc(nm)} ${v}`);
        tip.innerHTML = `<b>${isoDay(xs[i] * 1000)}</b>${gran === 'week' ? ' (week)' : ''}: ${fmt(totals[i])} events`
          + (inferred[i] ? `, ${fmt(inferred[i])} dated by publication` : '') + (parts.length ? '<br>' + parts.join(', ') : '');
        tip.hidden = false;
      }],
    },
  }, [xs, ...stacks, inferred], el);
}

// isoTicks labels time ticks in ISO 8601: years, months or days by their
// spacing.
function isoTicks(u, vals, axis, space, incr) {
  const w = incr >= 365 * 86400 ? 4 : incr >= 28 * 86400 ? 7 : 10;
  return vals.map((v) => isoDay(v * 1000).slice(0, w));
}

// ---- actor network: the biggest dyads ----

let cy;
const tip = $('#tip');
function showTip(html, ev) {
  tip.innerHTML = html;
  tip.hidden = false;
  const r = $('#network').getBoundingClientRect();
  tip.style.left = `${r.left + window.scrollX + ev.renderedPosition.x + 12}px`;
  tip.style.top = `${r.top + window.scrollY + ev.renderedPosition.y + 12}px`;
}

// conflictColour goes from green (all cooperation) to red (all conflict).
function conflictColour(types) {
  let coop = 0;
  let conf = 0;
  for (const [t, n] of Object.entries(types || {})) {
    if (QUAD_OF[t] >= 2) conf += n; else coop += n;
  }
  const s = coop + conf ? conf / (coop + conf) : 0.5;
  return `hsl(${Math.round(140 - 136 * s)}, ${55 + 10 * Math.abs(s - 0.5)}%, ${40 + 6 * (1 - Math.abs(s - 0.5) * 2)}%)`;
}

function drawNetwork(agg) {
  const nodes = new Map();
  const edges = [];
  const nodeID = (name, code) => `${name}\u0000${code || ''}`;
  for (const b of agg.buckets) {
    const ends = [[b.source, b.source_code], [b.target, b.target_code]];
    for (const [name, code] of ends) {
      const id = nodeID(name, code);
      const n = nodes.get(id) || { id, name, code: code || '', count: 0 };
      n.count += b.count;
      nodes.set(id, n);
    }
    const top = Object.entries(b.types || {}).sort((x, y) => y[1] - x[1]);
    edges.push({ data: { id: `e${edges.length}`, source: nodeID(b.source, b.source_code), target: nodeID(b.target, b.target_code),
      count: b.count, color: conflictColour(b.types), types: top, s: b.source, t: b.target } });
  }
  $('#network-note').textContent = agg.buckets.length ? `${nodes.size} actors, the ${agg.buckets.length} biggest source → target pairs` : '';
  const el = $('#network');
  $('#network-empty').hidden = agg.buckets.length > 0;
  $('#network-empty').textContent = 'No events with both a source and a target match.';
  if (!cy) cy = newNetwork(el);
  const max = Math.max(1, ...[...nodes.values()].map((n) => n.count));
  const maxE = Math.max(1, ...agg.buckets.map((b) => b.count));
  for (const e of edges) e.data.width = 1 + 7 * Math.sqrt(e.data.count / maxE);
  const on = [form.actor.value, form.source.value, form.target.value].filter(Boolean).map((s) => s.toLowerCase());
  const elements = [...nodes.values()].map((n) => ({
    data: { ...n, label: n.name.length > 24 ? n.name.slice(0, 22) + '…' : n.name, size: 12 + 26 * Math.sqrt(n.count / max) },
    classes: on.includes(n.name.toLowerCase()) || on.includes(n.code.toLowerCase()) ? 'on' : '',
  })).concat(edges);
  // One graph for the page's life: making one costs more than laying it out.
  cy.batch(() => {
    cy.elements().remove();
    cy.add(elements);
  });
  if (!nodes.size) return;
  cy.resize();
  // fcose (a spectral start, then a spring embedder) spreads stars and packs
  // the small components in the panel.
  cy.layout({
    name: nodes.size > 2 ? 'fcose' : 'grid', animate: false, randomize: true, fit: true, padding: 18, quality: 'default',
    nodeRepulsion: () => 12000, idealEdgeLength: () => 120, edgeElasticity: () => 0.3, gravity: 0.25, nodeSeparation: 90, numIter: 1200,
    tile: true, tilingPaddingVertical: 30, tilingPaddingHorizontal: 60,
  }).run();
  // Stretched to the panel's shape (labels run across, so width is what
  // keeps them apart), then fitted with room for the labels, which read at
  // about 11 px whatever the zoom.
  const W = cy.width();
  const H = Math.max(1, cy.height());
  let bb = cy.nodes().boundingBox({ includeLabels: false });
  const k = (W / H) / (Math.max(1, bb.w) / Math.max(1, bb.h));
  if (k > 1.1) cy.nodes().positions((n) => ({ x: n.position('x') * Math.min(k, 3), y: n.position('y') }));
  bb = cy.nodes().boundingBox({ includeLabels: false });
  const z = Math.min(2, (W - 150) / Math.max(1, bb.w), (H - 40) / Math.max(1, bb.h));
  cy.style().selector('node').style({ 'font-size': 11.5 / z, 'text-outline-width': 2.5 / z }).update();
  cy.viewport({ zoom: z, pan: { x: W / 2 - z * (bb.x1 + bb.w / 2), y: (H - 14) / 2 - z * (bb.y1 + bb.h / 2) } });
}

function newNetwork(el) {
  const g = cytoscape({
    container: el,
    minZoom: 0.02,
    maxZoom: 3,
    style: [
      { selector: 'node', style: { label: 'data(label)', width: 'data(size)', height: 'data(size)', 'background-color': '#2f5d8a', 'font-size': 12,
        color: '#1d1d1d', 'text-valign': 'bottom', 'text-margin-y': 2, 'text-outline-color': '#fff', 'text-outline-width': 2.5 } },
      { selector: 'node.on', style: { 'background-color': '#c8442a', 'border-width': 2, 'border-color': '#26231f' } },
      { selector: 'edge', style: { width: 'data(width)', 'line-color': 'data(color)', opacity: 0.8,
        'curve-style': 'bezier', 'target-arrow-shape': 'triangle', 'target-arrow-color': 'data(color)', 'arrow-scale': 0.8 } },
      { selector: 'edge:active, node:active', style: { 'overlay-opacity': 0.15 } },
    ],
  });
  // Click an actor to filter on it, an edge for its dyad.
  g.on('tap', 'node', (e) => {
    const n = e.target.data();
    const v = n.name || n.code;
    form.actor.value = form.actor.value === v ? '' : v;
    form.source.value = '';
    form.target.value = '';
    tip.hidden = true;
    refresh();
  });
  g.on('tap', 'edge', (e) => {
    const d = e.target.data();
    const same = form.source.value === d.s && form.target.value === d.t;
    form.source.value = same ? '' : d.s;
    form.target.value = same ? '' : d.t;
    form.actor.value = '';
    tip.hidden = true;
    refresh();
  });
  g.on('mouseover', 'node', (e) => {
    const n = e.target.data();
    showTip(`<b>${esc(n.name)}</b>${n.code ? ` <code>${esc(n.code)}</code><br>${esc(describeCode(n.code))}` : ''}<br>${fmt(n.count)} events in these pairs<br><i>click to filter</i>`, e);
  });
  g.on('mouseover', 'edge', (e) => {
    const d = e.target.data();
    showTip(`<b>${esc(d.s)} → ${esc(d.t)}</b>: ${fmt(d.count)} events<br>${d.types.map(([t, n]) => `${t.toLowerCase()} ${n}`).join(', ')}<br><i>click to filter on this dyad</i>`, e);
  });
  g.on('mouseout', () => { tip.hidden = true; });
  return g;
}

// ---- event table, a page at a time ----

let nextCursor = '';
let pageEvents = new Map();
const locPrecision = (l) => (l.inherited ? 'inherited' : l.precision || '');
function placeHTML(l) {
  if (!l) return '<span class="none">—</span>';
  const prec = locPrecision(l);
  return `${esc(l.name)}${l.country ? `, <span title="${esc(countryName(l.country))}">${esc(l.country)}</span>` : ''}`
    + (prec ? ` <i class="prec ${precisionClass(prec)}" title="precision: ${esc(PRECISION[prec] || prec)}"></i>` : '');
}
const inferredDay = (e) => e.day && !e.date;
function dayHTML(e) {
  if (!e.day) return '<span class="none" title="no date in the text and none on the document">undated</span>';
  return inferredDay(e) ? `<span class="inferred" title="dated by the article's publication date: the text gives none">${esc(e.day)}*</span>` : esc(e.day);
}

function addRows(page, append) {
  const body = $('#events tbody');
  if (!append) { body.replaceChildren(); pageEvents = new Map(); }
  for (const e of page.events) {
    pageEvents.set(String(e.key), e);
    const tr = document.createElement('tr');
    tr.dataset.key = e.key;
    if (selected && String(selected.key) === String(e.key)) tr.classList.add('selected');
    tr.innerHTML = `<td>${dayHTML(e)}</td><td><span class="type" style="border-color:${TYPE_COLOR[e.type] || '#999'}">${esc(e.type.toLowerCase())}</span></td>`
      + `<td>${actorHTML(e.source)}</td><td>${actorHTML(e.target)}</td>`
      + `<td>${placeHTML(e.location)}</td><td>${esc(e.realis)}</td><td>${e.confidence.toFixed(2)}</td>`;
    tr.title = e.evidence.text;
    body.append(tr);
  }
  if (!body.children.length) body.innerHTML = '<tr class="empty"><td colspan="7">No event matches these filters.</td></tr>';
  nextCursor = page.next_cursor;
  $('#more').hidden = !nextCursor;
}

$('#events tbody').addEventListener('click', (ev) => {
  const tr = ev.target.closest('tr[data-key]');
  if (!tr) return;
  for (const r of document.querySelectorAll('#events tr.selected')) r.classList.remove('selected');
  tr.classList.add('selected');
  showEvidence(tr.dataset.key);
});

$('#more').addEventListener('click', async () => {
  try {
    addRows(await api('events', withParams(filters(), { cursor: nextCursor, limit: 100 })), true);
  } catch (err) {
    showError(err);
  }
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

let selected; // {key}
let evidenceGen = 0;
async function showEvidence(key) {
  const gen = ++evidenceGen;
  selected = { key };
  history.replaceState(null, '', pageURL(filters()));
  showTab('evidence');
  const el = $('#evidence');
  el.innerHTML = '<p class="hint">loading…</p>';
  let e;
  let d;
  try {
    ({ event: e, document: d } = await api('events/' + encodeURIComponent(key)));
  } catch (err) {
    if (gen === evidenceGen) el.innerHTML = `<p class="error">Could not load event ${esc(key)}: ${esc(err.message)}</p>`;
    return;
  }
  if (gen !== evidenceGen) return;
  const spans = [];
  for (const s of (e.evidence_spans && e.evidence_spans.length ? e.evidence_spans : [e.evidence])) spans.push({ ...s, cls: 'ev', label: 'evidence' });
  spans.push({ ...e.trigger, cls: 'trigger', label: `trigger: ${e.type}` });
  for (const a of e.source) spans.push({ ...a, cls: 'source', label: `source: ${actorName(a)} ${a.code || ''}` });
  for (const a of e.target) spans.push({ ...a, cls: 'target', label: `target: ${actorName(a)} ${a.code || ''}` });
  if (e.location) spans.push({ start: e.location.start, end: e.location.end, cls: 'place', label: `place: ${e.location.name}` });
  if (e.date) spans.push({ start: e.date.span_start, end: e.date.span_end, cls: 'date', label: `date: ${e.date.start}` });
  const counts = Object.entries(e.counts).filter(([, v]) => v != null && v >= 0).map(([k, v]) => `${k} ${v}`).join(', ');
  const l = e.location;
  const actors = (list) => (list.length ? list.map((a) => `${esc(actorName(a))}${a.code ? ` <small title="${esc(describeCode(a.code))}">${esc(a.code)}</small>` : ''}`).join('; ') : '—');
  el.innerHTML = `
    <dl class="fields">
      <dt>type</dt><dd><b>${esc(e.type)}</b>${e.mode ? ` / ${esc(e.mode)}` : ''}${e.cameo ? ` (CAMEO ${esc(e.cameo)})` : ''} — ${esc(QUADS[QUAD_OF[e.type]]?.name || '')}; ${esc(e.realis)}, confidence ${e.confidence.toFixed(2)}</dd>
      <dt class="source">source</dt><dd>${actors(e.source)}</dd>
      <dt class="target">target</dt><dd>${actors(e.target)}</dd>
      <dt class="place">place</dt><dd>${l ? esc([l.name, l.admin1, countryName(l.country)].filter(Boolean).join(', '))
        + (l.lat != null && (l.lat || l.lon) ? ` (${l.lat.toFixed(2)}, ${l.lon.toFixed(2)})` : '') + (locPrecision(l) ? `, precision ${esc(PRECISION[locPrecision(l)] || locPrecision(l))}` : '') + (l.lat == null ? ' (not on the map: the name did not resolve)' : '') : '—'}</dd>
      <dt class="date">date</dt><dd>${e.date ? esc(`${e.date.start}${e.date.end !== e.date.start ? ' to ' + e.date.end : ''} (${e.date.precision})`)
        : e.day ? `${esc(e.day)} <span class="inferred">(the article's date: the text gives none)</span>` : '—'}</dd>
      ${e.attributed_to ? `<dt>according to</dt><dd>${actors([e.attributed_to])}</dd>` : ''}
      ${counts ? `<dt>counts</dt><dd>${esc(counts)}</dd>` : ''}
    </dl>
    <h3>${esc(d.title || d.id)}</h3>
    <p class="meta">${esc(d.date ? d.date.slice(0, 10) : '')} ${d.url ? `<a href="${esc(d.url)}" rel="noreferrer noopener" target="_blank">${esc(d.url)}</a>` : esc(d.id)}</p>
    <div class="article" data-testid="article">${highlight(d.text, spans)}</div>`;
  // The fields stay in view; the article scrolls to the evidence, after
  // layout (.article is the mark's offsetParent).
  const art = el.querySelector('.article');
  const first = art.querySelector('mark.trigger') || art.querySelector('mark.ev');
  if (first) requestAnimationFrame(() => { art.scrollTop = first.offsetTop - art.clientHeight / 3; });
}

function clearEvidence(why) {
  selected = undefined;
  evidenceGen++;
  $('#evidence').innerHTML = `<p class="hint">${esc(why)}</p>`;
}

// ---- detail: the actor, dyad or place the filters pick ----

function showTab(name) {
  for (const b of document.querySelectorAll('#side-tabs button')) b.classList.toggle('on', b.dataset.tab === name);
  $('#evidence').hidden = name !== 'evidence';
  $('#detail').hidden = name !== 'detail';
}
for (const b of document.querySelectorAll('#side-tabs button')) b.addEventListener('click', () => showTab(b.dataset.tab));

function sparkline(data) {
  if (!data) return '';
  const w = 360;
  const h = 46;
  const n = data.xs.length;
  const max = Math.max(1, ...data.totals);
  const bw = w / n;
  let bars = '';
  for (let i = 0; i < n; i++) {
    if (!data.totals[i]) continue;
    let y = h;
    data.groups.forEach((g, k) => {
      const v = data.ys[k][i];
      if (!v) return;
      const bh = (v / max) * (h - 2);
      y -= bh;
      bars += `<rect x="${(i * bw).toFixed(1)}" y="${y.toFixed(1)}" width="${Math.max(1, bw - 0.5).toFixed(1)}" height="${bh.toFixed(1)}" fill="${g.color}"/>`;
    });
  }
  return `<svg class="spark" viewBox="0 0 ${w} ${h}" preserveAspectRatio="none">${bars}</svg>
    <div class="spark-axis"><span>${isoDay(data.xs[0] * 1000)}</span><span>${isoDay(data.xs[n - 1] * 1000)}</span></div>`;
}

function drawDetail(p, dyads, page, byType) {
  const el = $('#detail');
  const who = p.get('actor') || p.get('source') || p.get('target');
  const box = p.get('bbox');
  const where = box || p.get('country');
  if (!who && !where) {
    el.innerHTML = '<p class="hint">Click an actor or a link in the network, or a place or country on the map: its events over time, counterparts and evidence show here.</p>';
    $('#tab-detail').textContent = 'detail';
    return false;
  }
  let title;
  let sub = '';
  if (p.get('source') || p.get('target')) {
    title = `${p.get('source') || 'anyone'} → ${p.get('target') || 'anyone'}`;
    sub = 'dyad: first source and target of each event';
  } else if (who) {
    const node = dyads.buckets.find((b) => b.source.toLowerCase() === who.toLowerCase() || b.target.toLowerCase() === who.toLowerCase()
      || (b.source_code || '').toLowerCase() === who.toLowerCase() || (b.target_code || '').toLowerCase() === who.toLowerCase());
    const code = node ? (node.source.toLowerCase() === who.toLowerCase() ? node.source_code : node.target_code) : '';
    title = who;
    sub = code ? `${code}: ${describeCode(code)}` : 'actor';
  } else if (box) {
    const [w, s, e, n] = box.split(',').map(Number);
    const pl = placeBuckets.find((b) => b.lat >= s && b.lat <= n && b.lon >= w && b.lon <= e);
    title = pl ? pl.key : `${s.toFixed(2)}, ${w.toFixed(2)}`;
    sub = pl ? `${countryName(pl.country)} · precision ${PRECISION[pl.precision] || pl.precision || 'unknown'} · ${pl.lat.toFixed(3)}, ${pl.lon.toFixed(3)}` : 'place';
  } else {
    title = countryName(p.get('country'));
    sub = `events located in ${p.get('country')}`;
  }
  $('#tab-detail').textContent = `detail: ${title.length > 24 ? title.slice(0, 22) + '…' : title}`;
  // Counterparts: the other end of each dyad, or the actors there.
  const counter = new Map();
  const lw = (who || '').toLowerCase();
  for (const b of dyads.buckets) {
    const isSrc = lw && (b.source.toLowerCase() === lw || (b.source_code || '').toLowerCase() === lw);
    const isTgt = lw && (b.target.toLowerCase() === lw || (b.target_code || '').toLowerCase() === lw);
    const ends = who ? [isSrc && ['→', b.target, b.target_code], isTgt && ['←', b.source, b.source_code]].filter(Boolean) : [['', b.source, b.source_code], ['', b.target, b.target_code]];
    for (const [dir, name, code] of ends) {
      const k = dir + name;
      const c = counter.get(k) || { dir, name, code, n: 0, types: {} };
      c.n += b.count;
      for (const [t, v] of Object.entries(b.types || {})) c.types[t] = (c.types[t] || 0) + v;
      counter.set(k, c);
    }
  }
  const top = [...counter.values()].sort((a, b) => b.n - a.n).slice(0, 8);
  const types = byType.buckets.slice(0, 6).map((b) => `<span class="type" style="border-color:${TYPE_COLOR[b.key]}">${esc(b.key.toLowerCase())} ${fmt(b.count)}</span>`).join(' ');
  el.innerHTML = `<h3>${esc(title)}</h3><p class="meta">${esc(sub)} · ${fmt(byType.total)} events</p>
    <h4>events over time</h4>${sparkline(timelineData)}
    <h4>by type</h4><p>${types || '—'}</p>
    <h4>${who ? 'counterparts' : 'actors'}</h4>${top.length ? `<ul class="counterparts">${top.map((c) => `<li><a href="#" data-name="${esc(c.name)}" data-dir="${c.dir}">${esc(c.dir)} ${esc(c.name)}</a>
      ${c.code ? `<small>${esc(c.code)}</small>` : ''} <span class="bar" style="background:${conflictColour(c.types)};width:${Math.max(4, 80 * c.n / top[0].n)}px"></span> ${fmt(c.n)}</li>`).join('')}</ul>` : '<p class="none">no actor pairs</p>'}
    <h4>evidence</h4><ul class="quotes">${page.events.slice(0, 6).map((e) => `<li><a href="#" data-key="${e.key}">${esc(e.day || 'undated')}</a> ${esc(e.evidence.text.length > 220 ? e.evidence.text.slice(0, 218) + '…' : e.evidence.text)}</li>`).join('') || '<li class="none">none</li>'}</ul>`;
  for (const a of el.querySelectorAll('a[data-key]')) a.addEventListener('click', (ev) => { ev.preventDefault(); showEvidence(a.dataset.key); });
  for (const a of el.querySelectorAll('a[data-name]')) {
    a.addEventListener('click', (ev) => {
      ev.preventDefault();
      if (who && a.dataset.dir === '→') { form.source.value = who; form.target.value = a.dataset.name; form.actor.value = ''; }
      else if (who && a.dataset.dir === '←') { form.source.value = a.dataset.name; form.target.value = who; form.actor.value = ''; }
      else { form.actor.value = a.dataset.name; form.source.value = ''; form.target.value = ''; }
      refresh();
    });
  }
  return true;
}

// drawChips shows the filters that have no field of their own.
function drawChips(p) {
  const box = p.get('bbox');
  let html = '';
  if (box) {
    const [w, s, e, n] = box.split(',').map(Number);
    const pl = placeBuckets.find((b) => b.lat >= s && b.lat <= n && b.lon >= w && b.lon <= e);
    html += `<span class="chip" data-clear="bbox" title="events at this place; click to clear">place: ${esc(pl ? pl.key : box)}</span>`;
  }
  $('#chips').innerHTML = html;
}

// ---- loading ----

function showError(err) {
  $('#error').textContent = err.message;
  document.body.classList.add('failed');
}

// clearPanels empties every panel, so nothing shows results the filters
// no longer select.
function clearPanels(msg) {
  places.clearLayers();
  countryCounts = new Map();
  countriesLayer.setStyle(countryStyle);
  if (plot) plot.destroy();
  plot = undefined;
  timelineData = undefined;
  if (cy) cy.elements().remove();
  $('#timeline').innerHTML = `<p class="hint error">${esc(msg)}</p>`;
  $('#network-empty').textContent = msg;
  $('#network-empty').hidden = false;
  for (const id of ['#map-note', '#timeline-note', '#network-note', '#table-note']) $(id).textContent = '';
  $('#events tbody').innerHTML = `<tr class="empty"><td colspan="7">${esc(msg)}</td></tr>`;
  $('#more').hidden = true;
  clearEvidence(msg);
  $('#detail').innerHTML = '';
}

let generation = 0;
// For the browser tests: the duration of each refresh, and the views.
window.sitrepTimings = [];
window.sitrep = { map, places, network: () => cy, timeline: () => plot };
async function refresh() {
  const gen = ++generation;
  const started = performance.now();
  const p = filters();
  history.replaceState(null, '', pageURL(p));
  for (const a of document.querySelectorAll('#exports a[data-format]')) a.href = `api/export/${a.dataset.format}?${p}`;
  $('#error').textContent = '';
  document.body.classList.remove('failed');
  document.body.classList.add('loading');
  document.body.dataset.ready = 'false';
  try {
    // Days when the range asked for is short, else weeks.
    const span = (Date.parse(p.get('to') || '') - Date.parse(p.get('from') || '')) / DAY;
    const gran = span <= 180 ? 'day' : 'week';
    const countries = view.shade ? withParams(p, { type: view.shade }) : p;
    const [byCountry, byPlace, timeline, dyads, byType, page] = await Promise.all([
      api('aggregates/country', countries), api('aggregates/place', withParams(p, { limit: 2000 })),
      api('aggregates/' + gran, p), api('aggregates/dyad', withParams(p, { limit: view.edges })),
      api('aggregates/type', p), api('events', withParams(p, { limit: 100 })),
    ]);
    if (gen !== generation) return;
    timeline.undated = byType.total - timeline.total;
    drawMap(byCountry, byPlace);
    drawTimeline(timeline, gran, p);
    drawNetwork(dyads);
    addRows(page, false);
    drawChips(p);
    $('#table-note').textContent = `${fmt(byType.total)} match, newest first`;
    // The evidence shown must be one of the events the filters select.
    if (selected && !pageEvents.has(String(selected.key))) clearEvidence('The event shown before does not match these filters.');
    const detail = drawDetail(p, dyads, page, byType);
    if (detail && !selected) showTab('detail');
    if (!detail && !selected) showTab('evidence');
  } catch (err) {
    if (gen !== generation) return;
    showError(err);
    clearPanels(`Nothing shown: ${err.message}`);
  } finally {
    if (gen === generation) {
      document.body.classList.remove('loading');
      // Timed to the frame that shows the result.
      requestAnimationFrame(() => {
        if (gen !== generation) return;
        window.sitrepTimings.push(performance.now() - started);
        document.body.dataset.ready = 'true';
      });
    }
  }
}

let stats = {};
form.addEventListener('submit', (e) => { e.preventDefault(); refresh(); });
form.by_incident.addEventListener('change', () => refresh());
form.addEventListener('reset', () => setTimeout(() => { clearEvidence('Click an event to read its article with the trigger, actors, place and date marked.'); refresh(); }, 0));
for (const [id, key] of [['#stack', 'stack'], ['#edges', 'edges'], ['#shade', 'shade']]) {
  $(id).addEventListener('change', () => { view[key] = $(id).value; refresh(); });
}
document.addEventListener('click', (e) => {
  if (e.target.id === 'range-all') { view.range = 'all'; refresh(); }
  if (e.target.id === 'range-dense') { view.range = 'dense'; refresh(); }
  const chip = e.target.closest('[data-clear]');
  if (chip) { for (const k of chip.dataset.clear.split(',')) form[k].value = ''; refresh(); }
});
window.addEventListener('resize', () => {
  if (plot) plot.setSize({ width: $('#timeline').clientWidth, height: plot.height });
  if (cy) cy.resize().fit(undefined, 18);
});

(async () => {
  const params = new URLSearchParams(location.search);
  setFilters(params);
  try {
    stats = await api('stats');
    $('#stats').textContent = `${fmt(stats.events)} events in ${fmt(stats.documents)} documents`
      + (stats.first ? `, ${stats.first} to ${stats.last}` : '');
  } catch (err) {
    showError(err);
  }
  await refresh();
  await new Promise(requestAnimationFrame);
  if (params.get('event')) showEvidence(params.get('event'));
  performance.mark('sitrep-first-render');
})();
