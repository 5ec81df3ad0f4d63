/* The alliance-kg web page: YASGUI on /sparql, the query catalog, and a Cytoscape.js graph view. */
(function () {
  "use strict";

  const endpoint = new URL("/sparql", window.location.href).href;
  const state = { yasgui: null, prefixes: {}, selected: null };
  // For scripting the page (and its tests): window.allianceKg.yasgui is the editor.
  window.allianceKg = state;

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([key, value]) => {
      if (key === "text") node.textContent = value;
      else if (value !== undefined && value !== null) node.setAttribute(key, value);
    });
    (children || []).forEach((child) => node.appendChild(child));
    return node;
  }

  function showNotice(message) {
    const notice = document.getElementById("notice");
    notice.textContent = message;
    notice.hidden = !message;
  }

  const cells = window.allianceKgResults;

  function compact(iri) {
    return cells.compact(iri, state.prefixes);
  }

  /* ---- graph view of CONSTRUCT / DESCRIBE results (a YASR plugin) ---- */

  const MAX_GRAPH_TRIPLES = 1500;
  const RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label";
  // Rendered size (screen pixels) of node and edge labels, whatever the zoom.
  const NODE_LABEL_PX = 13;
  const EDGE_LABEL_PX = 11;

  function termKey(term) {
    return term.termType === "BlankNode" ? "_:" + term.value : term.value;
  }

  // Nodes and edges of a graph result: IRIs labelled by their rdfs:label (folded into the node, not
  // drawn as a literal node of its own), else by their prefixed name.
  function graphElements(statements) {
    const nodes = new Map();
    const edges = [];
    const labels = new Map();
    statements.forEach((quad) => {
      if (quad.predicate.value === RDFS_LABEL && quad.object.termType === "Literal") {
        const key = termKey(quad.subject);
        const lang = quad.object.language || "";
        if (!labels.has(key) || lang === "en" || lang === "") labels.set(key, quad.object.value);
      }
    });
    function addNode(term) {
      const key = termKey(term);
      if (!nodes.has(key)) {
        const name = term.termType === "BlankNode" ? "[ ]" : compact(term.value);
        nodes.set(key, { data: { id: key, label: labels.get(key) || name, name: name,
          kind: term.termType === "BlankNode" ? "bnode" : "iri" } });
      }
      return key;
    }
    statements.slice(0, MAX_GRAPH_TRIPLES).forEach((quad, index) => {
      if (quad.predicate.value === RDFS_LABEL && quad.object.termType === "Literal") {
        addNode(quad.subject);
        return;
      }
      const source = addNode(quad.subject);
      let target;
      if (quad.object.termType === "Literal") {
        target = "lit:" + index;
        const datatype = quad.object.datatype ? compact(quad.object.datatype.value) : "";
        nodes.set(target, { data: { id: target, label: quad.object.value, kind: "literal", datatype: datatype } });
      } else {
        target = addNode(quad.object);
      }
      edges.push({ data: { id: "e" + index, source: source, target: target, label: compact(quad.predicate.value) } });
    });
    return { nodes: Array.from(nodes.values()), edges: edges };
  }

  class GraphPlugin {
    constructor(yasr) {
      this.yasr = yasr;
      this.priority = 20;
      this.label = "Graph";
      this.cy = null;
    }

    canHandleResults() {
      const results = this.yasr.results;
      return Boolean(window.cytoscape && results && results.getType && results.getType() === "ttl"
        && results.getStatements().length > 0);
    }

    getIcon() {
      return el("span", { text: "◉", "aria-hidden": "true" });
    }

    draw() {
      const statements = this.yasr.results.getStatements();
      const info = el("div", { class: "info", text: statements.length > MAX_GRAPH_TRIPLES
        ? `Showing the first ${MAX_GRAPH_TRIPLES} of ${statements.length} triples.` : "Click a node to see its IRI." });
      const canvas = el("div", { class: "canvas", "data-testid": "graph-canvas" });
      this.yasr.resultsEl.appendChild(el("div", { class: "kg-graph" }, [canvas, info]));
      const elements = graphElements(statements);
      canvas.dataset.nodes = String(elements.nodes.length);
      canvas.dataset.edges = String(elements.edges.length);
      this.cy = window.cytoscape({
        container: canvas,
        elements: elements.nodes.concat(elements.edges),
        wheelSensitivity: 0.3,
        style: [
          { selector: "node", style: { label: "data(label)",
            "font-size": (node) => Math.max(NODE_LABEL_PX / node.cy().zoom(), 4), "text-wrap": "wrap",
            "text-max-width": 160, "text-valign": "bottom", "text-margin-y": 3, "background-color": "#2457c5",
            color: "#1d2330", "text-background-color": "#fff", "text-background-opacity": 0.8,
            "text-background-padding": 1, width: 16, height: 16 } },
          { selector: "node[kind = 'bnode']", style: { "background-color": "#8a94a6" } },
          { selector: "node[kind = 'literal']", style: { shape: "round-rectangle", "background-color": "#f0b429",
            width: 12, height: 12 } },
          { selector: "edge", style: { label: "data(label)",
            "font-size": (edge) => Math.max(EDGE_LABEL_PX / edge.cy().zoom(), 3), width: 1.2,
            "curve-style": "bezier",
            "target-arrow-shape": "triangle", "line-color": "#b6bfcf", "target-arrow-color": "#b6bfcf",
            "text-rotation": "autorotate", color: "#5b6475" } },
        ],
        layout: { name: "cose", animate: false, nodeRepulsion: 400000, idealEdgeLength: 110, componentSpacing: 90,
          nodeOverlap: 20, padding: 45 },
      });
      this.cy.on("tap", "node", (event) => {
        const data = event.target.data();
        info.textContent = data.kind === "literal"
          ? `${data.label}${data.datatype ? " (" + data.datatype + ")" : ""}` : `${data.label} · ${data.id}`;
      });
      // Labels keep a legible size on screen at any zoom (the fit of a large graph zooms far out).
      const cy = this.cy;
      const legible = () => {
        const zoom = cy.zoom();
        cy.style().update();
        canvas.dataset.labelPx = String(Math.round(cy.nodes().first().numericStyle("font-size") * zoom * 10) / 10);
      };
      cy.on("zoom", legible);
      legible();
      state.graph = cy;
    }

    destroy() {
      if (this.cy) this.cy.destroy();
      if (state.graph === this.cy) state.graph = null;
      this.cy = null;
    }
  }

  /* ---- the editor ---- */

  const STARTER = [
    "PREFIX akg: <https://w3id.org/alliance-kg/ontology#>",
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>",
    "# Pick a query from the catalog, or write your own.",
    "SELECT ?agreement ?label WHERE {",
    "  ?agreement a akg:Agreement ; rdfs:label ?label .",
    "} LIMIT 25",
  ].join("\n");

  function startYasgui() {
    if (!window.Yasgui) return false;
    window.Yasgui.Yasr.registerPlugin("table", cells.readableTable(window.Yasgui.Yasr.plugins.table));
    window.Yasgui.Yasr.registerPlugin("graph", GraphPlugin);
    state.yasgui = new window.Yasgui(document.getElementById("yasgui"), {
      requestConfig: { endpoint: endpoint, method: "POST" },
      copyEndpointOnNewTab: false,
      persistenceId: null,
      populateFromUrl: false,
      endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }] },
      yasqe: { autocompleters: ["variables"], persistenceId: null, value: STARTER },
      yasr: { persistenceId: null, prefixes: state.prefixes, defaultPlugin: "table",
        pluginOrder: ["table", "graph", "response"] },
    });
    return true;
  }

  /* ---- a plain editor when the YASGUI bundle is not installed ---- */

  function termText(binding) {
    if (!binding) return "";
    if (binding.type === "uri") return compact(binding.value);
    return binding.value;
  }

  async function runPlain(text) {
    const target = document.getElementById("plain-results");
    target.textContent = "Running…";
    const response = await fetch(endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/sparql-query", Accept: "application/sparql-results+json, text/turtle" },
      body: text,
    });
    const body = await response.text();
    target.textContent = "";
    if (!response.ok) {
      target.appendChild(el("pre", { class: "error", text: body }));
      return;
    }
    if (!(response.headers.get("content-type") || "").includes("json")) {
      target.appendChild(el("pre", { text: body }));
      return;
    }
    const json = JSON.parse(body);
    if (typeof json.boolean === "boolean") {
      target.appendChild(el("p", { text: String(json.boolean) }));
      return;
    }
    const head = el("tr", {}, json.head.vars.map((v) => el("th", { text: v })));
    const rows = json.results.bindings.map((b) => el("tr", {}, json.head.vars.map((v) => el("td", { text: termText(b[v]) }))));
    target.appendChild(el("table", {}, [el("thead", {}, [head]), el("tbody", {}, rows)]));
  }

  function startPlain() {
    document.getElementById("plain").hidden = false;
    document.getElementById("plain-run").addEventListener("click", () => {
      runPlain(document.getElementById("plain-query").value);
    });
  }

  function setQueryAndRun(text, run) {
    if (state.yasgui) {
      const tab = state.yasgui.getTab();
      tab.setQuery(text);
      if (run) tab.query();
    } else {
      document.getElementById("plain-query").value = text;
      if (run) runPlain(text);
    }
  }

  /* ---- the catalog ---- */

  async function boundQuery(name, values) {
    const url = new URL(`/api/catalog/${encodeURIComponent(name)}/sparql`, window.location.href);
    Object.entries(values).forEach(([key, value]) => url.searchParams.set(key, value));
    const response = await fetch(url);
    const body = await response.json();
    if (!response.ok) throw new Error(body.detail || response.statusText);
    return body.sparql;
  }

  function parameterValues() {
    const values = {};
    document.querySelectorAll("#params-fields input").forEach((input) => {
      if (input.value !== "") values[input.name] = input.value;
    });
    return values;
  }

  // Old results go as soon as another query is chosen, so that what is shown always answers the editor.
  function clearResults(message) {
    if (state.yasgui) {
      const yasr = state.yasgui.getTab().getYasr();
      yasr.resultsEl.replaceChildren(el("p", { class: "hint pending", text: message }));
    } else {
      document.getElementById("plain-results").textContent = message;
    }
  }

  function showCatalogError(message) {
    const error = document.getElementById("catalog-error");
    error.textContent = message;
    error.hidden = !message;
    if (message) error.scrollIntoView({ block: "nearest" });
  }

  async function openQuery(query, run) {
    showCatalogError("");
    clearResults(run ? "Running…" : "Set the parameters above and press Run.");
    try {
      const text = await boundQuery(query.name, parameterValues());
      setQueryAndRun(text, run);
    } catch (exc) {
      clearResults("");
      showCatalogError(exc.message);
    }
  }

  const INPUT_TYPES = { date: "date", integer: "number", decimal: "text", iri: "text", string: "text" };

  function showParameters(query) {
    const form = document.getElementById("params");
    const fields = document.getElementById("params-fields");
    fields.textContent = "";
    document.getElementById("params-title").textContent = query.title;
    query.parameters.forEach((param) => {
      const id = "param-" + param.name;
      const input = el("input", { id: id, name: param.name, type: INPUT_TYPES[param.type] || "text" });
      input.value = param.default || "";
      if (!param.default && !param.optional) input.required = true;
      const kind = param.optional ? `${param.type}, optional` : param.type;
      const field = el("div", { class: "field" }, [el("label", { for: id, text: `${param.name} (${kind})` }), input]);
      if (param.description) field.appendChild(el("div", { class: "doc", text: param.description }));
      fields.appendChild(field);
    });
    form.hidden = query.parameters.length === 0;
    if (!form.hidden) form.scrollIntoView({ block: "nearest" });
  }

  function selectQuery(query, button) {
    document.querySelectorAll(".catalog-item").forEach((item) => item.setAttribute("aria-pressed", "false"));
    button.setAttribute("aria-pressed", "true");
    state.selected = query;
    showParameters(query);
    const complete = query.parameters.every((param) => param.default || param.optional);
    openQuery(query, complete);
  }

  function renderCatalog(queries) {
    const list = document.getElementById("catalog-list");
    list.textContent = "";
    const groups = new Map();
    queries.forEach((query) => {
      if (!groups.has(query.group)) groups.set(query.group, []);
      groups.get(query.group).push(query);
    });
    groups.forEach((members, group) => {
      if (groups.size > 1) list.appendChild(el("h3", { class: "group", text: group }));
      members.forEach((query) => {
        const button = el("button", { type: "button", class: "catalog-item", "data-query": query.name,
          "aria-pressed": "false", title: query.description || query.title }, [
          el("span", { class: "title", text: query.title }),
          el("span", { class: "name", text: query.name }),
          el("span", { class: "description", text: query.description }),
        ]);
        button.addEventListener("click", () => selectQuery(query, button));
        list.appendChild(button);
      });
    });
    if (queries.length === 0) list.appendChild(el("p", { class: "hint", text: "The catalog is empty." }));
  }

  async function start() {
    try {
      state.prefixes = await (await fetch("/api/prefixes")).json();
    } catch (exc) {
      state.prefixes = {};
    }
    if (!startYasgui()) {
      showNotice("The SPARQL editor bundle is not installed (run `make web`); a plain editor is shown instead.");
      startPlain();
    }
    document.getElementById("params").addEventListener("submit", (event) => {
      event.preventDefault();
      if (state.selected) openQuery(state.selected, true);
    });
    try {
      const response = await fetch("/api/catalog");
      renderCatalog(await response.json());
    } catch (exc) {
      const error = document.getElementById("catalog-error");
      error.textContent = "Could not load the catalog: " + exc.message;
      error.hidden = false;
    }
    document.body.setAttribute("data-ready", "true");
  }

  start();
})();
