// Security of `sitrep serve` in real headless Chromium (issue 12): documents with script
// payloads in every field do nothing on the page or in the HTML report, a javascript: URL
// is never a link, pages of other origins cannot write, and a foreign host name resolving
// to the server (DNS rebinding) is refused. The server must run on an EMPTY store; run.sh
// starts one and passes its address in SITREP_URL.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";

const BASE = process.env.SITREP_URL;
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const PORT = BASE ? new URL(BASE).port : "";
// A name that resolves to the server, as an attacker's DNS would make it (rebinding).
const REBIND = "rebind.test";

/** Every payload calls alert("xss:<where>"); a dialog is proof that it ran. */
const payload = (where) =>
  `<script>alert("xss:${where}")</script><img src=x onerror=alert("xss:${where}-img")>` +
  `<svg onload=alert("xss:${where}-svg")></svg>`;
const EVENTS = [
  "Rebels attacked a checkpoint near Aleppo on Monday, killing three soldiers, the observatory said.",
  "Government forces shelled the town of Idlib on Tuesday, killing five civilians.",
  "Protesters marched in Homs on Friday against the governor.",
  "Troops clashed with militants near Raqqa on Sunday, killing two fighters.",
];
const DOCS = [
  {
    id: `doc-${payload("id")}`,
    title: `${payload("title")} [click](javascript:alert("xss:title-md"))`,
    source: `${payload("source")}<javascript:alert("xss:source-autolink")>`,
    url: 'javascript:alert("xss:url")',
    author: payload("author"),
    published: "2026-01-21",
    text: `${payload("text")} ${EVENTS[0]} <img src=x onerror=alert("xss:evidence")>`,
  },
  {
    id: `<a href="javascript:alert('xss:id2')">id</a>`,
    title: `<a href=javascript:alert("xss:title2")>title</a>`,
    source: `<iframe src="javascript:alert('xss:iframe')"></iframe>`,
    url: 'JaVaScRiPt:alert("xss:url2")',
    published: "2026-01-21",
    text: `${EVENTS[1]} [link](javascript:alert("xss:text-md")) <object data="javascript:alert('xss:object')"></object>`,
  },
  {
    id: "doc-3",
    title: `<base href="javascript:alert('xss:base')//">![i](https://evil.example/i.png)`,
    source: "&lt;script&gt;alert('xss:entity')&lt;/script&gt;",
    url: 'data:text/html,<script>alert("xss:data")</script>',
    published: "2026-01-21",
    text: `${EVENTS[2]} <style>body{display:none}</style> <form action="javascript:alert('xss:form')"><button>go</button></form>`,
  },
  {
    // No title: the report and the page show the id.
    id: payload("id"),
    source: "[s](javascript:alert('xss:source-md'))",
    published: "2026-01-21",
    text: EVENTS[3],
  },
];

let browser;
before(async () => {
  assert.ok(BASE, "SITREP_URL must be set (see run.sh)");
  const stats = await (await fetch(BASE + "/api/stats")).json();
  assert.equal(stats.documents, 0, "the security tests need a server on an empty store");
  const body = DOCS.map((d) => JSON.stringify(d)).join("\n") + "\n";
  const res = await fetch(BASE + "/api/documents", {
    method: "POST", body, headers: { "content-type": "application/x-ndjson" },
  });
  const out = await res.json();
  assert.equal(res.status, 201, JSON.stringify(out));
  assert.equal(out.stored.length, DOCS.length, JSON.stringify(out));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
      `--host-resolver-rules=MAP ${REBIND} 127.0.0.1`],
  });
});
after(async () => {
  if (browser) await browser.close();
});

/** A page that records dialogs (and dismisses them) and keeps requests on this machine. */
async function context({ bypassCSP }) {
  const ctx = await browser.newContext({ bypassCSP, viewport: { width: 1400, height: 1000 } });
  await ctx.route(/^https?:\/\/(?!127\.0\.0\.1|localhost|rebind\.test|attacker\.test)/, (r) => r.abort());
  const page = await ctx.newPage();
  const dialogs = [];
  page.on("dialog", (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  return { ctx, page, dialogs };
}

/** Elements under `roots` that could run or load something a document put there. */
async function injected(page, roots = ["html"]) {
  return page.evaluate((roots) => {
    const found = [];
    const all = roots.flatMap((r) => [...document.querySelectorAll(r + " *")]);
    for (const e of all) {
      const tag = e.tagName.toLowerCase();
      const own = tag === "script" && e.getAttribute("src") === "/static/app.js";
      if (!own && ["script", "img", "iframe", "object", "embed", "base", "form", "style", "link", "foreignobject"].includes(tag)) {
        found.push(e.outerHTML.slice(0, 120));
      }
      for (const a of e.attributes) {
        if (/^on/i.test(a.name)) found.push(`${tag} ${a.name}=${a.value}`);
        if (/^(href|src|action|data|formaction|xlink:href)$/i.test(a.name) && !/^(https?:|\/|#|data:image\/)/i.test(a.value.trim())) {
          found.push(`${tag} ${a.name}=${a.value}`);
        }
      }
    }
    return found;
  }, roots);
}

/** The parts of the page that show stored data. */
const DATA_ROOTS = ["#panel", "#events", "#sites", "#map", "#timeline", "#status", "#legend"];

for (const bypassCSP of [true, false]) {
  // With the CSP bypassed the escaping alone must hold; with it, the header is checked.
  test(`HTML report: stored payloads are text, no javascript: link (CSP ${bypassCSP ? "bypassed" : "on"})`, async () => {
    const { ctx, page, dialogs } = await context({ bypassCSP });
    const res = await page.goto(BASE + "/api/report?format=html");
    assert.equal(res.status(), 200);
    const headers = res.headers();
    assert.match(headers["content-security-policy"] || "", /script-src 'self'.*frame-ancestors 'none'/);
    assert.equal(headers["x-content-type-options"], "nosniff");
    assert.equal(headers["referrer-policy"], "no-referrer");
    await page.waitForTimeout(300); // onerror / onload handlers would have run by now
    const text = await page.textContent("body");
    for (const where of ["title", "source", "id"]) {
      assert.ok(text.includes(`<script>alert("xss:${where}")</script>`), `the ${where} payload is shown as text`);
    }
    assert.ok(text.includes('javascript:alert("xss:url")'), "the javascript: URL is shown as text");
    assert.deepEqual(await injected(page), []);
    const hrefs = await page.locator("a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    assert.ok(hrefs.every((h) => /^https?:\/\//.test(h)), hrefs.join(" "));
    // Clicking anything that mentions a URL or a payload runs nothing.
    for (const el of await page.locator("a, li, p, td, h1").all()) await el.click({ timeout: 2000 }).catch(() => {});
    await page.waitForTimeout(200);
    assert.deepEqual(dialogs, []);
    await ctx.close();
  });

  test(`HTML report: the place of the query is text (CSP ${bypassCSP ? "bypassed" : "on"})`, async () => {
    const { ctx, page, dialogs } = await context({ bypassCSP });
    await page.goto(BASE + "/api/report?format=html&place=" + encodeURIComponent(payload("place")));
    await page.waitForTimeout(300);
    assert.ok((await page.textContent("h1")).includes('<script>alert("xss:place")</script>'));
    assert.deepEqual(await injected(page), []);
    assert.deepEqual(dialogs, []);
    await ctx.close();
  });
}

test("page: events, claims and documents with payloads run nothing", async () => {
  const { ctx, page, dialogs } = await context({ bypassCSP: true });
  const problems = [];
  page.on("pageerror", (e) => problems.push("pageerror: " + e.message));
  await page.goto(BASE + "/");
  await page.waitForSelector("body[data-ready=true]", { timeout: 30000 });
  const buttons = page.locator("#events li button.event-link");
  const n = await buttons.count();
  assert.ok(n >= DOCS.length, `events listed: ${n}`);
  const seen = new Set();
  for (let i = 0; i < n; i++) {
    await buttons.nth(i).click();
    await page.waitForSelector("#panel[data-shown^='event:'] .doc-text", { timeout: 15000 });
    await page.waitForTimeout(200);
    seen.add(await page.textContent("#panel"));
    for (const el of await page.locator("#panel h2, #panel h4, #panel .claim-doc, #panel .claim-source").all()) {
      await el.hover().catch(() => {});
      await el.click({ timeout: 2000 }).catch(() => {});
    }
  }
  const panels = [...seen].join("\n");
  assert.ok(panels.includes('<script>alert("xss:text")</script>'), "the text payload is shown as text");
  assert.ok(panels.includes('<script>alert("xss:title")</script>'), "the title payload is shown as text");
  assert.ok(panels.includes('<script>alert("xss:id")</script>'), "the id payload is shown as text");
  assert.deepEqual(await injected(page, DATA_ROOTS), []);
  // Nowhere on the page: handler attributes or links that are not http(s) or in-page.
  const handlers = await page.evaluate(() => [...document.querySelectorAll("*")].flatMap((e) =>
    [...e.attributes].filter((a) => /^on/i.test(a.name) ||
      (/^(href|src|action|formaction)$/i.test(a.name) && /^\s*(javascript|vbscript|data:text)/i.test(a.value)))
      .map((a) => `${e.tagName} ${a.name}=${a.value}`)));
  assert.deepEqual(handlers, []);
  assert.deepEqual(dialogs, []);
  assert.deepEqual(problems, []);
  await ctx.close();
});

test("a page of another origin cannot write, by form or by fetch", async () => {
  const { ctx, page } = await context({ bypassCSP: false });
  const before = (await (await fetch(BASE + "/api/stats")).json()).documents;
  const doc = (id) => JSON.stringify({ id, text: EVENTS[0] + " Planted " + id + "." });
  const attacker = `<!doctype html><html><body>
    <form id="f" method="POST" action="${BASE}/api/documents" enctype="text/plain">
      <input name='${doc("csrf-form").slice(0, -2)}' value='"}'></form>
    <script>
      const out = [];
      fetch(${JSON.stringify(BASE + "/api/documents")}, { method: "POST", mode: "no-cors",
        headers: { "content-type": "text/plain" }, body: ${JSON.stringify(doc("csrf-plain"))} })
        .then(() => out.push("plain sent"), (e) => out.push("plain failed"));
      fetch(${JSON.stringify(BASE + "/api/documents")}, { method: "POST",
        headers: { "content-type": "application/x-ndjson" }, body: ${JSON.stringify(doc("csrf-json"))} })
        .then((r) => out.push("json " + r.status), (e) => out.push("json refused"));
      window.out = out;
    </script></body></html>`;
  await ctx.route("http://attacker.test/**", (r) => r.fulfill({ contentType: "text/html", body: attacker }));
  await page.goto("http://attacker.test/");
  await page.waitForFunction(() => window.out && window.out.length === 2, null, { timeout: 15000 });
  assert.ok((await page.evaluate(() => window.out)).includes("json refused"));
  const [res] = await Promise.all([
    page.waitForNavigation(),
    page.evaluate(() => document.getElementById("f").submit()),
  ]);
  assert.equal(res.status(), 403);
  assert.match(await page.textContent("body"), /origin_not_allowed/);
  const after = (await (await fetch(BASE + "/api/stats")).json()).documents;
  assert.equal(after, before, "nothing was stored");
  for (const id of ["csrf-form", "csrf-plain", "csrf-json"]) {
    assert.equal((await fetch(BASE + "/api/documents/" + id)).status, 404, id);
  }
  await ctx.close();
});

test("DNS rebinding: a foreign name that resolves to the server is refused", async () => {
  const { ctx, page } = await context({ bypassCSP: false });
  for (const path of ["/", "/api/stats", "/api/report?format=html"]) {
    const res = await page.goto(`http://${REBIND}:${PORT}${path}`);
    assert.equal(res.status(), 403, path);
    assert.match(await page.textContent("body"), /host_not_allowed/, path);
  }
  // The same server under its own address answers.
  const ok = await page.goto(BASE + "/api/stats");
  assert.equal(ok.status(), 200);
  await ctx.close();
});
