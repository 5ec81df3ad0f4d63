/* Readable result cells for the alliance-kg page: typed literals as plain values with a small type or
   language hint, IRIs as prefixed names that break at sensible places, organizations linked to their
   page (/org/<curie>), and web addresses inside text as links. */
(function () {
  "use strict";

  const XSD = "http://www.w3.org/2001/XMLSchema#";
  const RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
  const ORGANIZATION_PREFIX = "ent";
  // Values read as one token, never wrapped: dates, times, numbers, booleans.
  const ATOMIC = /^(date|dateTime|time|gYear|gYearMonth|integer|decimal|double|float|boolean|nonNegativeInteger|positiveInteger|long|int)$/;

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;",
      "'": "&#39;" })[c]);
  }

  // Escaped text with break opportunities after the separators of IRIs and paths (never inside words).
  function breakable(text) {
    return escapeHtml(text).replace(/([/#?&=_.]+)(?=[^/#?&=_.])/g, "$1<wbr>");
  }

  // The prefixed name of an IRI under its longest matching namespace, or the IRI itself.
  function compact(iri, prefixes) {
    let best = null;
    for (const [prefix, namespace] of Object.entries(prefixes || {})) {
      if (iri.startsWith(namespace) && iri.length > namespace.length && (!best || namespace.length > best[1].length)) {
        best = [prefix, namespace];
      }
    }
    return best ? best[0] + ":" + iri.slice(best[1].length) : iri;
  }

  // The page of an organization, or null when the IRI does not name one.
  function organizationPage(iri, prefixes) {
    const namespace = (prefixes || {})[ORGANIZATION_PREFIX];
    if (!namespace || !iri.startsWith(namespace) || iri.length === namespace.length) return null;
    const local = iri.slice(namespace.length);
    return /^[\w.-]+$/.test(local) ? `/org/${ORGANIZATION_PREFIX}:${local}` : null;
  }

  // The small hint shown after a literal: its language, or its datatype unless a plain string.
  function literalHint(binding) {
    const lang = binding["xml:lang"];
    if (lang) return { hint: lang, title: "language: " + lang };
    const datatype = binding.datatype;
    if (!datatype || datatype === XSD + "string" || datatype === RDF + "langString") return null;
    const local = datatype.startsWith(XSD) ? datatype.slice(XSD.length) : datatype.replace(/^.*[#/]/, "");
    return { hint: local, title: "datatype: " + datatype };
  }

  // Text with its web addresses as links.
  function linkified(text) {
    const parts = String(text).split(/(https?:\/\/[^\s|<>"]+)/);
    return parts.map((part, index) => index % 2 === 1
      ? `<a class="source" href="${escapeHtml(part)}" target="_blank" rel="noopener noreferrer">${breakable(part)}</a>`
      : escapeHtml(part)).join("");
  }

  function iriHtml(iri, prefixes) {
    const shown = compact(iri, prefixes);
    const page = organizationPage(iri, prefixes);
    if (page) {
      return `<a class="org" href="${escapeHtml(page)}" title="${escapeHtml(iri)}">${breakable(shown)}</a>`;
    }
    return `<a class="iri" href="${escapeHtml(iri)}" target="_blank" rel="noopener noreferrer" title="${escapeHtml(iri)}">`
      + `${breakable(shown)}</a>`;
  }

  function literalHtml(binding) {
    const hint = literalHint(binding);
    const attrs = hint ? ` data-hint="${escapeHtml(hint.hint)}" title="${escapeHtml(hint.title)}"` : "";
    const typed = hint && !binding["xml:lang"] && ATOMIC.test(hint.hint);
    const atomic = typed || /^[-+]?\d[\d.,:+-]{0,24}$/.test(binding.value) ? " atomic" : "";
    return `<span class="lit${atomic}"${attrs}>${linkified(binding.value)}</span>`;
  }

  // The HTML of one SPARQL JSON binding (an IRI, a blank node or a literal).
  function cellHtml(binding, prefixes) {
    if (!binding || binding === "") return "";
    if (binding.type === "uri") return iriHtml(binding.value, prefixes);
    if (binding.type === "bnode") return `<span class="bnode">_:${escapeHtml(binding.value)}</span>`;
    return literalHtml(binding);
  }

  // YASR's table, with readable cells and no ellipsis (cells wrap at word boundaries instead).
  function readableTable(Table) {
    return class ReadableTable extends Table {
      getCellContent(binding, prefixes) {
        return `<div class="kg-cell">${cellHtml(binding, Object.assign({}, prefixes, window.allianceKg.prefixes))}</div>`;
      }

      // Column titles may wrap where a variable name's words meet (conflict·Label), never inside a word:
      // a zero-width space there (the title is also the sort button's label, so no markup).
      getColumns() {
        return super.getColumns().map((column) => column.title
          ? Object.assign({}, column, { title: column.title.replace(/([a-z0-9])([A-Z])/g, "$1\u200b$2") })
          : column);
      }

      draw(config) {
        super.draw(Object.assign({}, config, { isEllipsed: false }));
      }
    };
  }

  window.allianceKgResults = { breakable, cellHtml, compact, literalHint, organizationPage, readableTable };
})();
