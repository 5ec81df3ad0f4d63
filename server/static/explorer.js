// Helpers shared by the explorer pages (organization, deal, money web). Data is always put in the
// page as text (textContent, attributes), never as HTML.
"use strict";

const X = {
  el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "text") node.textContent = value;
      else if (name === "className") node.className = value;
      else node.setAttribute(name, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === "") continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  },

  async json(url) {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    const body = await response.json().catch(() => ({ detail: response.statusText }));
    if (!response.ok) {
      const detail = Array.isArray(body.detail) ? body.detail.map((d) => d.msg).join("; ") : body.detail;
      throw new Error(detail || `${response.status} ${response.statusText}`);
    }
    return body;
  },

  /** The page's subject: what follows /org/ or /deal/ in the address. */
  subject() {
    return decodeURIComponent(location.pathname.split("/").slice(2).join("/"));
  },

  money(value, currency) {
    if (typeof value !== "number") return "undisclosed";
    const symbol = { USD: "$", EUR: "€", GBP: "£", JPY: "¥" }[currency] ?? (currency ? `${currency} ` : "");
    const units = [[1e12, "T"], [1e9, "B"], [1e6, "M"], [1e3, "K"]];
    for (const [size, suffix] of units) {
      if (Math.abs(value) >= size) {
        const scaled = value / size;
        return `${symbol}${Number.isInteger(scaled) ? scaled : scaled.toFixed(1)}${suffix}`;
      }
    }
    return `${symbol}${value}`;
  },

  /** A flow's size in words: amount (with "up to", "~"), units, or undisclosed. */
  size(flow) {
    if (typeof flow.amount === "number") {
      return (flow.upper_bound ? "up to " : flow.approximate ? "~" : "") + X.money(flow.amount, flow.currency);
    }
    if (typeof flow.quantity === "number") return `${flow.quantity.toLocaleString("en")} ${flow.quantity_unit || "units"}`;
    return "undisclosed";
  },

  words(text) {
    return String(text ?? "").replaceAll("_", " ");
  },

  sources(list) {
    const cell = X.el("span", { className: "sources" });
    (list || []).forEach((url) => {
      let host = url;
      try { host = new URL(url).hostname.replace(/^www\./, ""); } catch (_) { /* not a URL: shown as is */ }
      cell.append(X.el("a", { className: "source", href: url, title: url, rel: "noopener", target: "_blank", text: host }));
    });
    if (!(list || []).length) cell.append(X.el("span", { className: "muted", text: "no source recorded" }));
    return cell;
  },

  orgLink(curie, label) {
    return X.el("a", { href: `/org/${encodeURIComponent(curie)}`, text: label || curie });
  },

  dealLink(curie, label) {
    return X.el("a", { href: `/deal/${encodeURIComponent(curie)}`, text: label || curie });
  },

  curie(iri) {
    const prefixes = { "https://w3id.org/alliance-kg/id/": "", "http://www.wikidata.org/entity/": "wd:" };
    for (const [base, prefix] of Object.entries(prefixes)) {
      if (String(iri).startsWith(base)) {
        const rest = iri.slice(base.length);
        return prefix ? prefix + rest : rest.replace("/", ":");
      }
    }
    return iri;
  },

  /** A table: columns [[heading, cell(row) → Node|string, className?]], rows, optional row attributes. */
  table(columns, rows, rowAttrs = () => ({})) {
    const head = X.el("tr", {}, columns.map(([heading]) => X.el("th", { text: heading })));
    const body = rows.map((row) => X.el("tr", rowAttrs(row), columns.map(([, cell, className]) =>
      X.el("td", { className }, cell(row)))));
    return X.el("table", { className: "facts" }, X.el("thead", {}, head), X.el("tbody", {}, body));
  },

  empty(text) {
    return X.el("p", { className: "muted", text });
  },

  section(id, title, ...content) {
    const target = document.getElementById(id);
    target.replaceChildren(X.el("h2", { text: title }), ...content);
    return target;
  },

  /** Mark the page loaded and log how long it took (browser tests read both). */
  loaded() {
    document.body.dataset.loaded = "true";
    window.pageLoadMs = Math.round(performance.now());
  },

  fail(message) {
    const box = document.getElementById("page-error");
    box.textContent = message;
    box.hidden = false;
    document.body.dataset.loaded = "error";
  },

  /** Fill a scenario form's event type list from /api/rights/choices. */
  async scenarioChoices(select) {
    const choices = await X.json("/api/rights/choices");
    for (const type of choices.eventTypes) select.append(X.el("option", { value: type.value, text: type.label }));
  },

  /** The query string of a scenario form: at=, event=TYPE@DATE. */
  scenarioQuery(form) {
    const params = new URLSearchParams();
    const data = new FormData(form);
    if (data.get("at")) params.set("at", data.get("at"));
    if (data.get("event-type") && data.get("event-date")) params.append("event", `${data.get("event-type")}@${data.get("event-date")}`);
    return params;
  },

  stateBadge(state) {
    return X.el("span", { className: `badge state-${String(state).replaceAll(" ", "-")}`, text: state });
  },

  endText(item) {
    if (!item.end_date) return "no end in this scenario";
    const by = item.ended_by_label || item.ended_by || "";
    return `${item.end_date} (${item.end_cause}${by ? `: ${by}` : ""})`;
  },
};
