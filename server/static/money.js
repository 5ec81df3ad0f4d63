// The money web over time (/money), from /api/pages/money?at=DATE. The as-of filter runs on the
// server (the same function as `alliancekg analyze --as-of`); kind, binding and superseded filters
// only hide what is drawn.
"use strict";

const KIND_COLORS = { investment: "#2457c5", compute_purchase: "#1f7a4d", chip_supply: "#7a4d1f",
  revenue_share: "#8e44ad", licensing: "#b36b00", equity_grant: "#00838f", payment: "#555" };
const state = { web: null, positions: null, dates: [], cy: null };

function today() {
  return new Date().toISOString().slice(0, 10);
}

function checkboxes(id, values, colors = {}) {
  const box = document.getElementById(id);
  for (const value of values) {
    const swatch = colors[value] ? X.el("span", { "aria-hidden": "true", style: `color: ${colors[value]}`, text: " ━" }) : "";
    box.append(X.el("label", {}, X.el("input", { type: "checkbox", value, checked: true }), ` ${X.words(value)}`, swatch));
  }
}

function checked(id) {
  return new Set([...document.querySelectorAll(`#${id} input:checked`)].map((input) => input.value));
}

function nodeSize(node) {
  return 24 + 14 * Math.log10(1 + (node.in + node.out) / 1e8);
}

function edgeWidth(edge) {
  return typeof edge.amount === "number" ? 1.5 + Math.log10(1 + edge.amount / 1e8) * 1.6 : 1.5;
}

function elements(web) {
  const circular = new Set(web.circular_flows);
  return [
    ...web.nodes.map((n) => ({ data: { id: n.id, label: n.label, curie: n.curie, size: nodeSize(n) } })),
    ...web.edges.map((e) => ({
      data: { ...e, id: e.id, source: e.source, target: e.target, short: X.size(e), width: edgeWidth(e),
        color: KIND_COLORS[e.kind] || "#555" },
      classes: [e.superseded ? "superseded" : "", circular.has(e.id) ? "circular" : ""].join(" ").trim(),
    })),
  ];
}

const STYLE = [
  { selector: "node", style: { label: "data(label)", width: "data(size)", height: "data(size)", "font-size": 18,
    "background-color": "#dfe6f5", "border-width": 1.5, "border-color": "#2457c5", "text-valign": "bottom",
    "text-margin-y": 4, "text-outline-color": "#fff", "text-outline-width": 3 } },
  { selector: "edge", style: { width: "data(width)", "line-color": "data(color)", "target-arrow-color": "data(color)",
    "target-arrow-shape": "triangle", "curve-style": "bezier", label: "data(short)", "font-size": 14,
    "text-rotation": "autorotate", "text-outline-color": "#fff", "text-outline-width": 2, "arrow-scale": 1.1 } },
  { selector: "edge.superseded", style: { "line-style": "dashed", opacity: 0.55 } },
  { selector: "edge.circular", style: { "underlay-color": "#e74c3c", "underlay-opacity": 0.3, "underlay-padding": 5 } },
  { selector: ".hidden", style: { display: "none" } },
  { selector: ":selected", style: { "overlay-color": "#f1c40f", "overlay-opacity": 0.35 } },
];

function applyFilters() {
  const kinds = checked("kinds");
  const bindings = checked("bindings");
  const hideSuperseded = document.getElementById("hide-superseded").checked;
  state.cy.edges().forEach((edge) => {
    const shown = kinds.has(edge.data("kind")) && bindings.has(edge.data("binding_status") || "unknown")
      && !(hideSuperseded && edge.data("superseded"));
    edge.toggleClass("hidden", !shown);
  });
  state.cy.nodes().forEach((node) => node.toggleClass("hidden", node.connectedEdges(":visible").length === 0));
  flowsTable();
}

function details(edge) {
  const e = edge.data();
  const facts = [
    ["Flow", e.label], ["From", X.orgLink(X.curie(e.source), e.source_label)], ["To", X.orgLink(X.curie(e.target), e.target_label)],
    ["Kind", X.words(e.kind)], ["Amount", X.size(e)], ["Binding", X.words(e.binding_status || "unknown")],
    ["Agreement", e.agreement_curie ? X.dealLink(e.agreement_curie, e.agreement_label) : "—"],
    ["Takes effect", e.date || "unknown"],
    ["Superseded", e.superseded ? `yes (from ${e.superseded_on || "an unknown date"})` : "no"],
    ["Sources", X.sources(e.sources)],
  ];
  document.getElementById("details").replaceChildren(X.el("h3", { text: "Flow" }), X.el("dl", { className: "identity", id: "flow-details" },
    facts.flatMap(([term, value]) => [X.el("dt", { text: term }), X.el("dd", {}, value)])));
}

function flowsTable() {
  const visible = state.cy.edges().filter((edge) => !edge.hasClass("hidden")).map((edge) => edge.data());
  visible.sort((a, b) => String(a.date).localeCompare(String(b.date)) || (b.amount || 0) - (a.amount || 0));
  const circular = new Set(state.web.circular_flows);
  X.section("flows", `Flows drawn (${visible.length})`, X.table([
    ["Takes effect", (f) => f.date || "", "date"],
    ["From", (f) => X.orgLink(X.curie(f.source), f.source_label)],
    ["To", (f) => X.orgLink(X.curie(f.target), f.target_label)],
    ["Kind", (f) => X.words(f.kind)],
    ["Amount", (f) => X.size(f), "num"],
    ["Binding", (f) => X.words(f.binding_status || "unknown")],
    ["Agreement", (f) => (f.agreement_curie ? X.dealLink(f.agreement_curie, f.agreement_label) : "")],
    ["Circular", (f) => (circular.has(f.id) ? "yes" : "")],
    ["Sources", (f) => X.sources(f.sources)],
  ], visible, (f) => ({ "data-flow": f.id, "data-agreement": f.agreement_curie || "", "data-date": f.date || "",
    className: f.superseded ? "superseded" : null })));
}

function cyclesList() {
  const items = state.web.cycles.map((c) => X.el("div", { className: "cycle" }, X.el("strong", { text: c.cycle }),
    c.circulating ? ` — ${X.money(c.circulating, c.currency)} goes all the way round` : "",
    c.non_binding ? X.el("span", { className: "badge nonbinding", text: "a leg is non-binding" }) : ""));
  X.section("cycles", `Circular deals on this date (${items.length})`, ...(items.length ? items : [X.empty("None.")]));
}

function layoutPositions(all) {
  // Lay out every flow ever recorded once, so that moving the slider keeps organizations in place.
  const layout = [...all.nodes.map((n) => ({ data: { id: n.id, size: nodeSize(n) } })),
    ...all.edges.map((e) => ({ data: e }))];
  const headless = cytoscape({ headless: true, styleEnabled: true, elements: layout,
    style: [{ selector: "node", style: { width: "data(size)", height: "data(size)" } }] });
  // The organization with the most money in and out in the middle, the others in a ring around it.
  const top = all.nodes.reduce((best, n) => (n.in + n.out > best.in + best.out ? n : best), all.nodes[0]);
  headless.layout({ name: "concentric", animate: false, concentric: (node) => (node.id() === top.id ? 2 : 1),
    levelWidth: () => 1, minNodeSpacing: 70, padding: 30, startAngle: Math.PI / 2 }).run();
  const positions = {};
  headless.nodes().forEach((node) => { positions[node.id()] = { ...node.position() }; });
  headless.destroy();
  return positions;
}

async function show(date, first = null) {
  document.getElementById("as-of-label").textContent = date;
  document.getElementById("as-of-date").value = date;
  const url = new URL(location.href);
  url.searchParams.set("at", date);
  history.replaceState(null, "", url);
  const ticket = (state.ticket = (state.ticket || 0) + 1);
  const web = first || await X.json(`/api/pages/money?at=${encodeURIComponent(date)}`);
  if (ticket !== state.ticket) return;  // a later date was asked for meanwhile
  state.web = web;
  state.cy.elements().remove();
  state.cy.add(elements(state.web));
  state.cy.nodes().forEach((node) => node.position(state.positions[node.id()] || { x: 0, y: 0 }));
  state.cy.fit(undefined, 30);
  document.getElementById("cy").dataset.asOf = date;
  applyFilters();
  cyclesList();
}

async function main() {
  const wanted = new URL(location.href).searchParams.get("at") || today();
  try {
    // One request for the first picture: the date's web, and every flow ever recorded to lay it out.
    const all = await X.json(`/api/pages/money?at=${encodeURIComponent(wanted)}&layout=true`);
    state.positions = layoutPositions(all.layout);
    state.dates = [...all.dates.map((d) => (d.length === 7 ? `${d}-01` : d)), today()].filter((d, i, list) => list.indexOf(d) === i).sort();
    checkboxes("kinds", all.kinds, KIND_COLORS);
    checkboxes("bindings", all.binding_statuses);
    state.cy = cytoscape({ container: document.getElementById("cy"), style: STYLE, wheelSensitivity: 0.3, minZoom: 0.2 });
    window.moneyWeb = state;
    state.cy.on("tap", "edge", (event) => details(event.target));
    state.cy.on("tap", "node", (event) => { location.href = `/org/${encodeURIComponent(event.target.data("curie"))}`; });
    const slider = document.getElementById("as-of");
    slider.max = String(state.dates.length - 1);
    const index = state.dates.filter((d) => d <= wanted).length - 1;
    slider.value = String(Math.max(index, 0));
    slider.addEventListener("input", () => show(state.dates[Number(slider.value)]).catch((e) => X.fail(e.message)));
    document.getElementById("as-of-date").addEventListener("change", (event) => {
      if (event.target.value) show(event.target.value).catch((e) => X.fail(e.message));
    });
    document.getElementById("controls").addEventListener("change", (event) => {
      if (event.target.type === "checkbox") applyFilters();
    });
    await show(wanted, all);
    X.loaded();
  } catch (error) {
    X.fail(error.message);
  }
}

main();
