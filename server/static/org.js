// The page of one organization (/org/<curie-or-name>), from /api/pages/org/<name>.
"use strict";

function identity(page) {
  const facts = [["Node", X.el("span", { className: "curie", text: page.curie })]];
  const by = (relation) => page.links.filter((link) => link.relation === relation);
  const aliases = by("alias").map((link) => link.name);
  if (aliases.length) facts.push(["Also known as", aliases.join(", ")]);
  for (const link of by("same as")) {
    facts.push(["Wikidata", X.el("a", { href: link.other, id: "wikidata", text: X.curie(link.other) })]);
  }
  for (const link of by("LEI")) {
    facts.push(["LEI", X.el("a", { href: `https://search.gleif.org/#/record/${link.name}`, text: link.name })]);
  }
  for (const link of by("see also")) facts.push(["See also", X.el("a", { href: link.other, text: link.other })]);
  for (const relation of ["subsidiary of", "parent of", "ultimate parent of"]) {
    const others = by(relation);
    if (others.length) {
      facts.push([relation[0].toUpperCase() + relation.slice(1),
        X.el("span", {}, others.flatMap((link, i) => [i ? ", " : "", X.orgLink(X.curie(link.other), link.name)]))]);
    }
  }
  const members = page.group.filter((member) => member.node !== page.node);
  if (members.length) {
    facts.push(["Group", X.el("span", { id: "group" },
      members.flatMap((member, i) => [i ? ", " : "", X.orgLink(member.curie, member.label)]))]);
  }
  if (page.sources.length) facts.push(["Sources", X.sources(page.sources)]);
  const list = X.el("dl", { className: "identity" }, facts.flatMap(([term, value]) => [X.el("dt", { text: term }), X.el("dd", {}, value)]));
  X.section("identity", "Identity", list);
}

function deals(page) {
  const content = page.deals.length ? X.table([
    ["Date", (d) => d.date || "—", "date"],
    ["Agreement", (d) => X.dealLink(d.curie, d.label)],
    ["Status", (d) => d.status || ""],
    ["Deal types", (d) => d.dealTypes || ""],
    ["Role", (d) => d.roles || ""],
    ["With", (d) => d.others || ""],
    ["Sources", (d) => X.sources(d.sources)],
  ], page.deals, (d) => ({ "data-agreement": d.curie })) : X.empty("No deals recorded.");
  X.section("deals", `Deals over time (${page.deals.length})`, content);
}

function stakes(page) {
  const content = page.stakes.length ? X.table([
    ["Of the group", (s) => (s.member === page.node ? page.label : X.orgLink(s.member_curie, s.member_label))],
    ["", (s) => (s.side === "held" ? "holds in" : "issued to")],
    ["Organization", (s) => X.orgLink(X.curie(s.other), s.otherLabel)],
    ["Percent", (s) => (s.percent !== null && s.percent !== undefined ? `${s.percent}%` : "—"), "num"],
    ["Basis", (s) => s.basis || ""],
    ["As of", (s) => s.asOf || "", "date"],
    ["Replaced by", (s) => (s.replacedBy ? X.curie(s.replacedBy) : "")],
    ["Sources", (s) => X.sources(s.sources)],
  ], page.stakes, (s) => ({ className: s.replacedBy ? "superseded" : null, "data-stake": X.curie(s.stake) }))
    : X.empty("No equity stakes recorded in its group.");
  X.section("stakes", "Equity stakes held and issued (it and its group; struck through: replaced)", content);
}

function rightsTable(states, who) {
  if (!states.length) return X.empty("None.");
  return X.table([
    ["State", (s) => X.stateBadge(s.state)],
    ["Provision", (s) => s.label],
    [who, (s) => s.holder],
    ["Agreement", (s) => X.dealLink(s.agreement_curie, s.agreement_label)],
    ["From", (s) => s.start || "unknown", "date"],
    ["Ends", (s) => X.endText(s)],
    ["Sources", (s) => X.sources(s.sources)],
  ], states, (s) => ({ "data-provision": s.provision }));
}

function rightsBlock(title, evaluation, id) {
  const scenario = [...evaluation.events, ...evaluation.observations].join(", ");
  return X.el("div", { id },
    X.el("h3", { text: `${title}: ${evaluation.at}${scenario ? ` under ${scenario}` : ""}` }),
    X.el("p", { className: "muted", text: `Held (${evaluation.held.length})` }), rightsTable(evaluation.held, "Holder"),
    X.el("p", { className: "muted", text: `Owed to others (${evaluation.owed.length})` }), rightsTable(evaluation.owed, "Holder"));
}

function rights(page) {
  document.getElementById("rights").replaceChildren(X.el("div", { className: "columns" },
    rightsBlock("Today", page.rights.today, "rights-today"),
    rightsBlock("Chosen date and scenario", page.rights.scenario, "rights-scenario")));
}

function money(page) {
  const { flows, totals } = page.money;
  const totalsTable = X.table([
    ["", (t) => (t.direction === "in" ? "in" : "out")],
    ["Kind", (t) => X.words(t.kind)],
    ["Binding status", (t) => X.words(t.binding_status)],
    ["Total", (t) => (t.total ? X.money(t.total, t.currency) : "undisclosed"), "num"],
    ["Flows", (t) => t.flows, "num"],
  ], totals);
  const flowTable = X.table([
    ["", (f) => (f.direction === "in" ? "in from" : "out to")],
    ["Organization", (f) => (f.direction === "in" ? X.orgLink(X.curie(f.source), f.source_label) : X.orgLink(X.curie(f.target), f.target_label))],
    ["Kind", (f) => X.words(f.kind)],
    ["Amount", (f) => X.size(f), "num"],
    ["Binding", (f) => X.el("span", { className: `badge${f.non_binding ? " nonbinding" : ""}`, text: X.words(f.binding_status || "unknown") })],
    ["What", (f) => f.label],
    ["Agreement", (f) => (f.agreement_curie ? X.dealLink(f.agreement_curie, f.agreement_label) : "")],
    ["Date", (f) => f.date || "", "date"],
    ["Sources", (f) => X.sources(f.sources)],
  ], flows, (f) => ({ "data-flow": f.id, className: f.superseded ? "superseded" : null }));
  X.section("money", "Money in and out", flows.length ? X.el("div", {}, X.el("h3", { text: "By kind and binding status (current flows)" }),
    totalsTable, X.el("h3", { text: `Flows (${flows.length}; struck through: superseded)` }), flowTable) : X.empty("No flows recorded."),
  X.el("p", {}, X.el("a", { href: `/money`, text: "See the whole money web over time" })));
}

function cycles(page) {
  const items = page.cycles.map((cycle) => X.el("div", { className: "cycle" },
    X.el("strong", { text: cycle.cycle }),
    cycle.circulating ? ` — ${X.money(cycle.circulating, cycle.currency)} goes all the way round` : "",
    cycle.non_binding ? X.el("span", { className: "badge nonbinding", text: "a leg is non-binding" }) : "",
    X.el("ul", {}, cycle.legs.map((leg) => X.el("li", {}, leg.text, " ",
      X.sources([...new Set(leg.flows.flatMap((f) => f.sources))]))))));
  X.section("cycles", `Circular deals it is part of (${page.cycles.length})`, ...(items.length ? items : [X.empty("None.")]));
}

function conflicts(conflictList, id, title) {
  const items = conflictList.map((c) => X.el("div", { className: "conflict" },
    X.el("strong", { text: c.label }),
    X.el("div", { className: "muted" }, "about ", c.about.map((a) => a.label).join(", ")),
    X.el("ul", {}, c.claims.map((claim) => X.el("li", { className: claim.preferred ? "preferred" : null },
      claim.preferred ? "followed: " : "", claim.label, " ", X.sources(claim.sources)))),
    c.resolution ? X.el("p", { className: "muted", text: `Why: ${c.resolution}` }) : ""));
  X.section(id, `${title} (${conflictList.length})`, ...(items.length ? items : [X.empty("None recorded.")]));
}

async function load(params) {
  const query = params && params.toString() ? `?${params}` : "";
  return X.json(`/api/pages/org/${encodeURIComponent(X.subject())}${query}`);
}

async function main() {
  const form = document.getElementById("scenario");
  document.getElementById("scenario-at").value = new Date().toISOString().slice(0, 10);
  try {
    const [page] = await Promise.all([load(), X.scenarioChoices(document.getElementById("scenario-event"))]);
    document.title = `${page.label} · alliance-kg`;
    document.getElementById("org-label").textContent = page.label;
    document.getElementById("org-subtitle").textContent = `${page.curie} · "${page.name}" matched by ${page.matched_by}`;
    identity(page); deals(page); stakes(page); rights(page); money(page); cycles(page);
    conflicts(page.conflicts, "conflicts", "Conflicts between sources about it");
    X.loaded();
  } catch (error) {
    X.fail(error.message);
  }
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const page = await load(X.scenarioQuery(form));
      rights(page);
      document.getElementById("page-error").hidden = true;
    } catch (error) {
      X.fail(error.message);
    }
  });
}

main();
