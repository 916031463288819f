// Browser tests of the sitrep page in real headless Chromium (Debian `chromium` driven by
// `playwright-core`). The server must already run with the seed article ingested; run.sh
// does that and passes its address in SITREP_URL.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";

const BASE = process.env.SITREP_URL;
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const SCREENSHOT = process.env.SCREENSHOT || "";

let browser;
before(async () => {
  assert.ok(BASE, "SITREP_URL must be set (see run.sh)");
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
});
after(async () => {
  if (browser) await browser.close();
});

/** A fresh page that records console errors, page errors and failed requests. */
async function open(path = "/", viewport = { width: 1400, height: 1000 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error") problems.push("console: " + m.text()); });
  page.on("pageerror", (e) => problems.push("pageerror: " + e.message));
  page.on("requestfailed", (r) => problems.push("requestfailed: " + r.url()));
  page.on("request", (r) => {
    if (!r.url().startsWith(BASE) && !r.url().startsWith("data:")) problems.push("external request: " + r.url());
  });
  await page.goto(BASE + path);
  await page.waitForSelector("body[data-ready=true]", { timeout: 30000 });
  return { page, problems, close: () => context.close() };
}

async function reloadDone(page, previous) {
  await page.waitForFunction((p) => document.body.dataset.loaded && document.body.dataset.loaded !== p,
    previous, { timeout: 15000 });
}

test("page loads with no console errors and no external requests", async () => {
  const { page, problems, close } = await open();
  assert.equal(await page.title(), "sitrep");
  assert.match(await page.textContent("#status"), /\d+ events/);
  // The basemap is drawn: many country outlines and admin-1 lines.
  const countries = await page.locator("#map path.country").count();
  assert.ok(countries > 150, `countries drawn: ${countries}`);
  assert.equal(await page.locator("#map path.admin1").count(), 1);
  assert.deepEqual(problems, []);
  await close();
});

test("markers: al-Shaddadi and al-Hol sites and event markers are on the map", async () => {
  const { page, problems, close } = await open();
  const names = await page.locator("#map .site-marker").evaluateAll((els) => els.map((e) => e.dataset.name));
  assert.ok(names.some((n) => /shaddadi/i.test(n)), `sites: ${names}`);
  assert.ok(names.some((n) => /hol/i.test(n)), `sites: ${names}`);
  const events = await page.locator("#map .event-marker, #map .cluster-marker").count();
  assert.ok(events > 0, "event markers");
  // Markers sit inside the drawn map.
  const box = await page.locator("#map").boundingBox();
  const site = await page.locator("#map .site-marker rect").first().boundingBox();
  assert.ok(site.x >= box.x && site.x <= box.x + box.width && site.y >= box.y && site.y <= box.y + box.height);
  assert.deepEqual(problems, []);
  await close();
});

test("site panel: al-Shaddadi shows 120 / 81 / 39 from the interior ministry", async () => {
  const { page, problems, close } = await open();
  const marker = page.locator("#map .site-marker").filter({ has: page.locator("title", { hasText: /shaddadi/i }) });
  await marker.first().click();
  await page.waitForSelector("#panel[data-shown^='site:']");
  assert.match(await page.textContent("#panel .site-title"), /shaddadi/i);
  const rows = {};
  for (const r of await page.locator("#panel .figure-row").all()) {
    rows[await r.getAttribute("data-kind")] = {
      value: (await r.locator(".figure").textContent()).trim(),
      source: (await r.locator(".sources").textContent()).trim(),
    };
  }
  assert.equal(rows.escaped?.value, "120");
  assert.equal(rows.recaptured?.value, "81");
  assert.equal(rows["at large"]?.value, "39");
  for (const k of ["escaped", "recaptured", "at large"]) {
    assert.match(rows[k].source, /interior ministry/i, `${k} source`);
  }
  assert.match(page.url(), /[?&]site=/);
  // The site board shows the same figures.
  const board = page.locator("#sites tbody tr").filter({ hasText: /shaddadi/i });
  const cells = await board.locator("td").allTextContents();
  assert.ok(cells.includes("120") && cells.includes("81") && cells.includes("39"), cells.join(" | "));
  assert.deepEqual(problems, []);
  await close();
});

test("timeline shows the 2026-01-20 withdrawal and brushing filters the map", async () => {
  const { page, problems, close } = await open();
  const bar = page.locator("#timeline rect.bar[data-day='2026-01-20'][data-type='RETREAT']");
  assert.equal(await bar.count(), 1, "a RETREAT bar on 2026-01-20");
  const before = await page.locator("#events li").count();
  const markersBefore = await page.locator("#map .event-marker").count()
    + await page.locator("#map .cluster-marker").count();
  // Drag across the one day of the withdrawal.
  const b = await bar.boundingBox();
  await page.mouse.move(b.x + 1, b.y + b.height - 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width - 1, b.y + b.height - 2);
  await page.mouse.up();
  await page.waitForFunction(() => /brush=2026-01-20\.\.2026-01-20/.test(location.search));
  const after = await page.locator("#events li").count();
  assert.ok(after > 0 && after < before, `events ${before} -> ${after}`);
  const dates = await page.locator("#events li .date").allTextContents();
  assert.ok(dates.every((d) => d <= "2026-01-20"), dates.join(","));
  const markersAfter = await page.locator("#map .event-marker").count()
    + await page.locator("#map .cluster-marker").count();
  assert.ok(markersAfter <= markersBefore);
  assert.deepEqual(problems, []);
  await close();
});

test("event panel: claims side by side with the evidence highlighted in the text", async () => {
  const { page, problems, close } = await open("/?type=ESCAPE");
  await page.locator("#events li button.event-link").first().click();
  await page.waitForSelector("#panel[data-shown^='event:']");
  await page.waitForSelector("#panel .doc-text mark");
  const wording = (await page.locator("#panel .claim-wording").first().textContent()).trim();
  const marks = await page.locator("#panel .doc-text mark").allTextContents();
  assert.ok(marks.some((m) => m.includes(wording)), `highlight ${JSON.stringify(marks)} has ${wording}`);
  assert.ok((await page.locator("#panel .claim-source").first().textContent()).trim().length > 0);
  assert.match(page.url(), /[?&]event=/);
  assert.deepEqual(problems, []);
  await close();
});

test("filters change the URL and the results, and the URL restores them", async () => {
  const { page, problems, close } = await open();
  const all = await page.locator("#events li").count();
  let seq = await page.evaluate(() => document.body.dataset.loaded);
  await page.selectOption("#f-type", "ESCAPE");
  await page.click("#filters button[type=submit]");
  await reloadDone(page, seq);
  assert.match(page.url(), /[?&]type=ESCAPE/);
  const chips = await page.locator("#events li .chip").allTextContents();
  assert.ok(chips.length > 0 && chips.length < all, `${all} -> ${chips.length}`);
  assert.ok(chips.every((c) => c === "ESCAPE"), chips.join(","));

  // A word of the first event's evidence narrows the results to events that contain it.
  const evidence = await page.locator("#events li .evidence").first().textContent();
  const word = evidence.split(/[^A-Za-z]+/).sort((a, b) => b.length - a.length)[0].toLowerCase();
  seq = await page.evaluate(() => document.body.dataset.loaded);
  await page.fill("#f-q", word);
  await page.click("#filters button[type=submit]");
  await reloadDone(page, seq);
  assert.match(page.url(), new RegExp(`[?&]q=${word}`));
  const withText = await page.locator("#events li").count();
  assert.ok(withText >= 1 && withText <= chips.length);

  seq = await page.evaluate(() => document.body.dataset.loaded);
  await page.fill("#f-q", "");
  await page.selectOption("#f-type", "");
  await page.fill("#f-country", "fra");
  await page.click("#filters button[type=submit]");
  await reloadDone(page, seq);
  assert.match(page.url(), /[?&]country=FRA/);
  assert.equal(await page.locator("#events li").count(), 0);
  assert.equal(await page.locator("#map .site-marker").count(), 0);

  // Back restores the previous view.
  seq = await page.evaluate(() => document.body.dataset.loaded);
  await page.goBack();
  await reloadDone(page, seq);
  assert.match(page.url(), new RegExp(`q=${word}`));
  assert.equal(await page.inputValue("#f-q"), word);

  // A shared URL opens the same view.
  const shared = await open("/?type=RETREAT&since=2026-01-20&until=2026-01-20");
  assert.equal(await shared.page.inputValue("#f-type"), "RETREAT");
  assert.equal(await shared.page.inputValue("#f-since"), "2026-01-20");
  const rc = await shared.page.locator("#events li .chip").allTextContents();
  assert.ok(rc.length > 0 && rc.every((c) => c === "RETREAT"), rc.join(","));
  assert.deepEqual(shared.problems, []);
  await shared.close();
  assert.deepEqual(problems, []);
  await close();
});

test("a bad filter shows the API's error message without breaking the page", async () => {
  const { page, close } = await open("/?since=2026-02-01&until=2026-01-01");
  assert.match(await page.textContent("#status"), /since/);
  assert.equal(await page.locator("#events li").count(), 0);
  await close();
});

test("screenshot", { skip: !SCREENSHOT }, async () => {
  const { page, problems, close } = await open("/", { width: 1400, height: 1050 });
  const marker = page.locator("#map .site-marker").filter({ has: page.locator("title", { hasText: /shaddadi/i }) });
  await marker.first().click();
  await page.waitForSelector("#panel[data-shown^='site:']");
  await page.screenshot({ path: SCREENSHOT, fullPage: false });
  assert.deepEqual(problems, []);
  await close();
});
