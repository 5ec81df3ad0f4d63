// The rights-in-force panel and the download links of the alliance-kg page.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);

  function cell(text, className) {
    const td = document.createElement("td");
    td.textContent = text == null ? "" : String(text);
    if (className) td.className = className;
    return td;
  }

  function render(data) {
    const table = document.createElement("table");
    table.id = "rights-table";
    const head = table.createTHead().insertRow();
    for (const name of ["state", "provision", "kind", "holder", "since", "ends / ended", "open qualifications"]) {
      const th = document.createElement("th");
      th.textContent = name;
      head.appendChild(th);
    }
    const body = table.createTBody();
    for (const p of data.provisions) {
      const row = body.insertRow();
      row.dataset.provision = p.provision;
      row.appendChild(cell(p.state, "state-" + p.state.replace(/ /g, "-")));
      row.appendChild(cell(p.label));
      row.appendChild(cell(p.kind));
      row.appendChild(cell(p.holder));
      row.appendChild(cell(p.start || "?"));
      row.appendChild(cell(p.end_date ? `${p.end_date} (${p.end_cause})` : "no end stated"));
      const waiting = (p.open_conditions || []).map((c) => `waiting for: ${c}`);
      row.appendChild(cell(waiting.concat(p.qualifications || []).join("; ")));
    }
    const results = $("rights-results");
    results.replaceChildren(table);
  }

  async function evaluate(event) {
    if (event) event.preventDefault();
    const params = new URLSearchParams({ at: $("rights-at").value });
    const type = $("rights-event-type").value;
    if (type && $("rights-event-date").value) params.append("event", `${type}@${$("rights-event-date").value}`);
    const measure = $("rights-measure").value;
    if (measure && $("rights-measure-value").value && $("rights-measure-date").value) {
      params.append("observe", `${measure}=${$("rights-measure-value").value}@${$("rights-measure-date").value}`);
    }
    if ($("rights-holder").value) params.set("holder", $("rights-holder").value);
    if ($("rights-terms").value) params.set("termsAsOf", $("rights-terms").value);
    const error = $("rights-error");
    error.hidden = true;
    const response = await fetch(`/api/rights?${params}`);
    const data = await response.json();
    if (!response.ok) {
      error.textContent = typeof data.detail === "string" ? data.detail : JSON.stringify(data.detail);
      error.hidden = false;
      return;
    }
    render(data);
  }

  async function loadChoices() {
    const response = await fetch("/api/rights/choices");
    if (!response.ok) return;
    const choices = await response.json();
    for (const t of choices.eventTypes) $("rights-event-type").add(new Option(t.label, t.value));
    for (const h of choices.holders) $("rights-holder").add(new Option(h.label, h.value));
    for (const m of choices.measures || []) $("rights-measure").add(new Option(m.label, m.value));
    // Start with Microsoft's provisions when it is in the data: the full list runs to hundreds of rows.
    const microsoft = choices.holders.find((h) => h.value.endsWith("/ent/microsoft"));
    if (microsoft) $("rights-holder").value = microsoft.value;
  }

  // The downloads: one row per view, its formats grouped by use, each labelled with the tools that read it.
  const EXPORT_VIEWS = [
    { view: "ownership", title: "Ownership", about: "equity stakes, control and group membership" },
    { view: "rights", title: "Rights", about: "who holds which provision over whom" },
    { view: "money", title: "Money", about: "investments, purchase commitments and revenue shares as flows" },
    { view: "dependency", title: "Dependency", about: "who depends on whom for compute, IP, models, capital" },
    { view: "alliance", title: "Alliance", about: "organizations linked by agreements (curated deals and the sourced table)" },
    { view: "alliance", title: "Alliance, agreements as nodes", about: "each agreement of three or more parties as "
      + "one node linked to its parties, instead of a clique", agreementNodes: "multi-party" },
    { view: "all", title: "Everything", about: "every triple of the graph, and the agreements as ODRL policies",
      only: ["turtle", "ntriples", "jsonld", "odrl", "odrl-jsonld"] },
  ];
  const EXPORT_GROUPS = [
    { group: "Picture", formats: [["svg", "SVG picture", "opens in any browser"]] },
    { group: "Network tools", formats: [["graphml", "GraphML", "yEd, Gephi, Cytoscape"], ["gexf", "GEXF", "Gephi"],
      ["cytoscape", "Cytoscape.js JSON", "Cytoscape"], ["dot", "DOT", "Graphviz"]] },
    { group: "Data", formats: [["node-link", "Node-link JSON", "NetworkX, D3"], ["csv", "CSV tables (zip)",
      "nodes and edges, for spreadsheets and Gephi"]] },
    { group: "RDF", formats: [["turtle", "Turtle", "RDF tools, SPARQL stores"], ["ntriples", "N-Triples",
      "line-based RDF, bulk loaders"], ["jsonld", "JSON-LD", "JSON tools that read linked data"],
      ["odrl", "ODRL policies (Turtle)", "ODRL tools and evaluators"],
      ["odrl-jsonld", "ODRL policies (JSON-LD)", "ODRL tools and evaluators"]] },
  ];

  // The formats an entry offers: ODRL is made from every agreement (the "all" entry), a picture or a
  // network file from one view.
  function offers(entry, format) {
    if (entry.only) return entry.only.includes(format);
    return !format.startsWith("odrl");
  }

  function exportHref(entry, format) {
    const params = new URLSearchParams({ view: entry.view, format: format });
    if (entry.agreementNodes) params.set("agreementNodes", entry.agreementNodes);
    return `/api/export?${params}`;
  }

  function exportLinks() {
    const table = document.createElement("table");
    table.id = "exports-table";
    const head = table.createTHead().insertRow();
    for (const name of ["View", ...EXPORT_GROUPS.map((g) => g.group)]) {
      const th = document.createElement("th");
      th.textContent = name;
      head.appendChild(th);
    }
    const body = table.createTBody();
    for (const entry of EXPORT_VIEWS) {
      const row = body.insertRow();
      row.dataset.view = entry.view + (entry.agreementNodes ? "-agreement-nodes" : "");
      const title = row.insertCell();
      const strong = document.createElement("strong");
      strong.textContent = entry.title;
      title.append(strong, document.createElement("br"), entry.about);
      for (const group of EXPORT_GROUPS) {
        const cell = row.insertCell();
        const list = document.createElement("ul");
        for (const [format, label, tools] of group.formats.filter(([format]) => offers(entry, format))) {
          const item = document.createElement("li");
          const link = document.createElement("a");
          link.href = exportHref(entry, format);
          link.textContent = label;
          link.dataset.format = format;
          link.title = `${entry.title} view as ${label}, for ${tools}`;
          const hint = document.createElement("span");
          hint.className = "hint";
          hint.textContent = ` ${tools}`;
          item.append(link, hint);
          list.appendChild(item);
        }
        cell.appendChild(list);
      }
    }
    $("export-links").replaceChildren(table);
  }

  $("rights-form").addEventListener("submit", evaluate);
  exportLinks();
  loadChoices();
})();
