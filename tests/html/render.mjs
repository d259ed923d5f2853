// render.mjs - minified pages must render exactly like the originals.
//
// For each tests/html/pages/*.html: minify it (build/tests/test_html
// --minify-batch), serve original and minified from a loopback HTTP server
// started here, load both in headless Debian chromium through playwright-core,
// and compare (1) full-page screenshots byte for byte and (2) the
// getComputedStyle() of every element, in document order, plus the element
// count.  Prints "ok - ..." / "not ok - ..." lines for tests/run.
import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { chromium } from "playwright-core";

const top = process.env.JD_TOP || process.cwd();
const bin = path.join(process.env.TEST_BIN_DIR || path.join(top, "build/tests"), "test_html");
const dir = path.join(top, "tests/html/pages");
const names = readdirSync(dir).filter((n) => n.endsWith(".html")).sort();
const originals = names.map((n) => readFileSync(path.join(dir, n), "utf8"));
const res = spawnSync(bin, ["--minify-batch"], { input: JSON.stringify(originals) });
if (res.status !== 0) {
  console.log("not ok - render: test_html --minify-batch failed");
  process.exit(1);
}
const minified = JSON.parse(res.stdout.toString("utf8"));

const server = http.createServer((req, rsp) => {
  const m = /^\/(orig|min)\/(\d+)$/.exec(req.url);
  if (!m) {
    rsp.writeHead(404);
    rsp.end();
    return;
  }
  const body = (m[1] === "orig" ? originals : minified)[Number(m[2])];
  rsp.writeHead(200, { "content-type": "text/html; charset=utf-8" });
  rsp.end(body);
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const base = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
let failed = 0;
function check(name, cond, detail) {
  if (cond) console.log(`ok - ${name}`);
  else {
    console.log(`not ok - ${name}${detail ? ": " + detail : ""}`);
    failed++;
  }
}

async function capture(url) {
  const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
  await page.goto(url, { waitUntil: "load" });
  const shot = await page.screenshot({ fullPage: true });
  const styles = await page.evaluate(() =>
    Array.from(document.querySelectorAll("*")).map((el) => {
      const cs = getComputedStyle(el);
      const props = [];
      for (let i = 0; i < cs.length; i++) props.push(cs[i] + ":" + cs.getPropertyValue(cs[i]));
      return el.tagName + "{" + props.join(";") + "}";
    }),
  );
  await page.close();
  return { shot, styles };
}

for (let i = 0; i < names.length; i++) {
  const a = await capture(`${base}/orig/${i}`);
  const b = await capture(`${base}/min/${i}`);
  check(`render ${names[i]}: minified is smaller (${originals[i].length} -> ${minified[i].length} chars)`,
        minified[i].length < originals[i].length);
  check(`render ${names[i]}: screenshots identical`, a.shot.equals(b.shot));
  let diff = -1;
  for (let k = 0; k < Math.max(a.styles.length, b.styles.length); k++)
    if (a.styles[k] !== b.styles[k]) { diff = k; break; }
  check(`render ${names[i]}: computed style of all ${a.styles.length} elements identical`,
        diff < 0, diff < 0 ? "" : `element ${diff}: ${(a.styles[diff] || "").slice(0, 60)} vs ${(b.styles[diff] || "").slice(0, 60)}`);
}
await browser.close();
server.close();
process.exit(failed ? 1 : 0);
