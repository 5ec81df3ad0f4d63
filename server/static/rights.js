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

  function exportLinks() {
    const views = ["rights", "ownership", "money", "dependency", "alliance"];
    const formats = ["graphml", "gexf", "cytoscape", "dot", "node-link", "svg"];
    const box = $("export-links");
    for (const view of views) {
      const group = document.createElement("span");
      group.textContent = `${view}: `;
      formats.forEach((format, index) => {
        const link = document.createElement("a");
        link.href = `/api/export?view=${view}&format=${format}`;
        link.textContent = format;
        group.appendChild(link);
        if (index < formats.length - 1) group.appendChild(document.createTextNode(" · "));
      });
      box.appendChild(group);
    }
  }

  $("rights-form").addEventListener("submit", evaluate);
  exportLinks();
  loadChoices();
})();
