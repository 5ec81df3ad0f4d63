// The page of one agreement (/deal/<curie>), from /api/pages/deal/<curie>.
"use strict";

function summary(page) {
  const facts = [
    ["Node", X.el("span", { className: "curie", text: page.curie })],
    ["Takes effect", page.date || "unknown"],
    ["Status", page.status || "—"],
    ["Deal types", page.deal_types.join(", ") || "—"],
    ["Parties", X.el("span", {}, page.parties.flatMap((p, i) => [i ? ", " : "", X.orgLink(p.curie, p.label)]))],
    ["Sources", X.sources(page.sources)],
  ];
  X.section("summary", "Agreement", X.el("dl", { className: "identity" },
    facts.flatMap(([term, value]) => [X.el("dt", { text: term }), X.el("dd", {}, value)])));
}

function day(text) {
  return new Date(`${text.length === 7 ? `${text}-01` : text}T00:00:00Z`).getTime();
}

function timeline(page) {
  const items = page.provisions;
  const box = document.getElementById("timeline");
  if (!items.length) { box.replaceChildren(X.empty("No provisions recorded.")); return; }
  const at = page.scenario.at;
  const starts = items.filter((p) => p.start).map((p) => day(p.start));
  const ends = items.filter((p) => p.end_date).map((p) => day(p.end_date));
  const first = Math.min(...starts, day(at));
  const last = Math.max(...ends, day(at), Math.max(...starts) + 3 * 365 * 864e5);
  const span = Math.max(last - first, 864e5);
  const pos = (t) => `${(100 * (t - first)) / span}%`;
  const rows = items.map((p) => {
    const track = X.el("div", { className: "track" });
    if (p.start) {
      const end = p.end_date ? day(p.end_date) : last;
      const bar = X.el("div", { className: `bar state-${String(p.state_at).replaceAll(" ", "-")}${p.end_date ? "" : " open"}`,
        title: `${p.start} → ${p.end_date || "open"}` });
      bar.style.left = pos(day(p.start));
      bar.style.width = `${Math.max((100 * (end - day(p.start))) / span, 0.4)}%`;
      track.append(bar);
    }
    const marker = X.el("div", { className: "at", title: `state at ${at}` });
    marker.style.left = pos(day(at));
    track.append(marker);
    const byDeal = p.end_date && String(p.ended_by_curie || "").startsWith("agr:");
    const why = X.el("span", { className: "end" },
      p.end_date ? `ends ${p.end_date}: ${p.end_cause}` : "no end under this scenario",
      p.end_date && p.ended_by_label ? " (" : "",
      byDeal ? X.dealLink(p.ended_by_curie, p.ended_by_label) : (p.end_date && p.ended_by_label) || "",
      p.end_date && p.ended_by_label ? ")" : "");
    return X.el("div", { className: "row", "data-provision": p.curie },
      X.el("div", {}, X.stateBadge(p.state_at), " ", X.el("span", { className: "label", text: p.label }),
        X.el("div", { className: "why" }, `${p.start || "start unknown"} → `, why,
          ` · ${p.holder || "?"} over ${p.counterparty || "?"} `, X.sources(p.sources))),
      track);
  });
  const years = X.el("div", { className: "track years" });
  for (let year = new Date(first).getUTCFullYear() + 1; year <= new Date(last).getUTCFullYear(); year += 1) {
    const tick = X.el("span", { className: "year", text: String(year) });
    tick.style.left = pos(Date.UTC(year, 0, 1));
    years.append(tick);
  }
  const header = X.el("div", { className: "row header" },
    X.el("div", { className: "muted", text: `bars: in force under the scenario · red line: ${at}` }), years);
  box.replaceChildren(header, ...rows);
}

function chain(page) {
  const link = (curie, label, isAgreement) => (isAgreement === false ? X.el("span", { text: label || curie })
    : X.dealLink(curie, label));
  const content = page.chain.length ? X.table([
    ["Date", (l) => l.fromDate || "", "date"],
    ["Agreement", (l) => link(l.from_curie, l.fromLabel, true)],
    ["", (l) => l.relation],
    ["What", (l) => link(l.to_curie, l.toLabel, l.toIsAgreement)],
    ["Its date", (l) => l.toDate || "", "date"],
  ], page.chain, (l) => ({ "data-from": l.from_curie, "data-relation": l.relation, "data-to": l.to_curie,
    className: l.from_curie === page.curie || l.to_curie === page.curie ? "this" : null }))
    : X.empty("Nothing supersedes, amends or revokes it, and it does none of these.");
  X.section("chain", "History chain (supersedes, amends, revokes)", content);
}

function conflicts(page) {
  const items = page.conflicts.map((c) => X.el("div", { className: "conflict" },
    X.el("strong", { text: c.label }),
    X.el("div", { className: "muted" }, "about ", c.about.map((a) => a.label).join(", ")),
    X.el("ul", {}, c.claims.map((claim) => X.el("li", { className: claim.preferred ? "preferred" : null },
      claim.preferred ? "followed: " : "", claim.label, " ", X.sources(claim.sources)))),
    c.resolution ? X.el("p", { className: "muted", text: `Why: ${c.resolution}` }) : ""));
  X.section("conflicts", `Conflicts between sources (${page.conflicts.length})`, ...(items.length ? items : [X.empty("None recorded.")]));
}

async function load(params) {
  const query = params && params.toString() ? `?${params}` : "";
  return X.json(`/api/pages/deal/${encodeURIComponent(X.subject())}${query}`);
}

function render(page) {
  document.title = `${page.label} · alliance-kg`;
  document.getElementById("deal-label").textContent = page.label;
  document.getElementById("deal-subtitle").textContent = page.curie;
  summary(page); timeline(page); chain(page); conflicts(page);
}

async function main() {
  const form = document.getElementById("scenario");
  document.getElementById("scenario-at").value = new Date().toISOString().slice(0, 10);
  try {
    const [page] = await Promise.all([load(), X.scenarioChoices(document.getElementById("scenario-event"))]);
    render(page);
    X.loaded();
  } catch (error) {
    X.fail(error.message);
  }
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      render(await load(X.scenarioQuery(form)));
      document.getElementById("page-error").hidden = true;
    } catch (error) {
      X.fail(error.message);
    }
  });
}

main();
