// preview.js - `cckit preview` sites in a real browser.
//
//   node preview.js OUTDIR SITE[:hostile]...
//
// SITE is a folder written by `cckit preview`.  Its index.html is opened
// from disk in Debian's chromium (playwright-core) and must: make no
// request but file: ones (every request of every frame is intercepted and
// counted, anything else is aborted); log no console error from our pages
// (a copied cartridge page may only log the browser's refusals: the
// policy or the sandbox blocking a script or a load, a missing file);
// raise no page error; leave the marker window.__cckitPwned unset and no
// data-pwned attribute in any frame (":hostile" sites come from a
// cartridge whose pages and text try to set them, and to fetch); show,
// for every node of the tree clicked, that item's title in the pane's
// <h1> and mark the node aria-current; be keyboard operable (Tab reaches
// a folder and an item, Enter closes and opens the folder and opens the
// item in the pane); have zero serious or critical axe-core violations on
// index.html and on the generated pages.  A screenshot of each index goes
// to OUTDIR.  Exit 0 when all pass, 1 otherwise.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');

const modules = process.env.CCKIT_BROWSER_MODULES || path.join(__dirname, 'node_modules');
const { chromium } = require(path.join(modules, 'playwright-core'));
const axeSource = fs.readFileSync(path.join(modules, 'axe-core', 'axe.min.js'), 'utf8');

const [outDir, ...sites] = process.argv.slice(2);
let failures = 0;
function fail(site, what) {
    failures++;
    console.error(`FAIL ${site}: ${what}`);
}

const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// What a copied cartridge page may log: the browser refusing something.
const refusal = /Content Security Policy|Refused to|Blocked script execution|sandbox|ERR_FILE_NOT_FOUND|ERR_BLOCKED|Failed to load resource/i;

async function noMarker(page, name) {
    for (const f of page.frames()) {
        let m;
        try {
            m = await f.evaluate(() => [window.__cckitPwned,
                document.documentElement && document.documentElement.getAttribute('data-pwned')]);
        } catch (e) {
            continue; // a frame gone meanwhile
        }
        if (m[0] !== undefined || m[1] !== null)
            fail(name, `a script of the cartridge ran in ${f.url()} (marker ${m[0]}, data-pwned ${m[1]})`);
    }
}

async function axe(page, name, where) {
    await page.evaluate(axeSource);
    const res = await page.evaluate(() => window.axe.run(document,
        { resultTypes: ['violations'], iframes: false }));
    for (const v of res.violations)
        if (v.impact === 'serious' || v.impact === 'critical')
            fail(name, `${where}: axe ${v.impact} ${v.id}: ${v.help} (${v.nodes.length} nodes, e.g. ${v.nodes[0].target})`);
}

async function checkSite(browser, dir, hostile) {
    const name = path.basename(dir);
    const index = 'file://' + path.resolve(dir, 'index.html');
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10000);
    const before = failures;
    const offsite = [];
    const errors = [];
    await context.route('**/*', route => {
        const u = route.request().url();
        if (u.startsWith('file:'))
            return route.continue();
        offsite.push(u);
        return route.abort();
    });
    page.on('console', msg => {
        if (msg.type() !== 'error')
            return;
        const at = (msg.location() && msg.location().url) || '';
        if (at.includes('/content/') && refusal.test(msg.text()))
            return;
        if (!at && refusal.test(msg.text()) && /Content Security Policy|sandbox|Blocked script/i.test(msg.text()))
            return; // a refusal inside a copied page, reported without its location
        errors.push(`${msg.text()} (${at})`);
    });
    page.on('pageerror', e => errors.push(String(e)));
    page.on('dialog', d => { fail(name, `a dialog opened: ${d.message()}`); d.dismiss(); });

    await page.goto(index, { waitUntil: 'load' });
    await page.waitForTimeout(200);
    const pane = page.frame({ name: 'pane' });
    if (!pane)
        return fail(name, 'no frame named pane');

    // Every node of the tree: its page in the pane, its title in the <h1>.
    const nodes = await page.$$eval('nav a[target="pane"]', as => as.map(a => ({
        href: a.getAttribute('href'), text: a.textContent.trim() })));
    if (!nodes.length && !hostile)
        console.log(`note ${name}: no tree node`);
    for (let i = 0; i < nodes.length; i++) {
        const n = nodes[i];
        const link = page.locator('nav a[target="pane"]').nth(i);
        await link.scrollIntoViewIfNeeded();
        await Promise.all([pane.waitForNavigation({ waitUntil: 'load' }).catch(() => null), link.click()]);
        if (!pane.url().endsWith('/' + n.href)) {
            fail(name, `node "${n.text}": the pane shows ${pane.url()}, not ${n.href}`);
            continue;
        }
        const h1 = (await pane.textContent('h1').catch(() => null) || '').trim();
        if (h1 !== n.text)
            fail(name, `node "${n.text}": the pane's <h1> is "${h1}"`);
        const body = (await pane.textContent('main').catch(() => '') || '').trim();
        if (!body)
            fail(name, `node "${n.text}": the pane shows no content`);
        const current = await link.getAttribute('aria-current');
        if (current !== 'page')
            fail(name, `node "${n.text}": not marked aria-current after the click`);
        if (hostile) {
            await page.waitForTimeout(300); // let anything the page would start, start
            await noMarker(page, name);
        }
    }
    await noMarker(page, name);
    if (hostile) {
        const nav = await page.textContent('nav');
        if (!nav.includes('<script>'))
            fail(name, 'the hostile title is not shown as text in the tree');
    }

    // The keyboard: Tab to a folder, Enter closes and opens it; Tab to an
    // item, Enter opens it in the pane.
    await page.goto(index, { waitUntil: 'load' });
    const active = () => page.evaluate(() => {
        const e = document.activeElement;
        return e ? { tag: e.tagName.toLowerCase(), href: e.getAttribute('href'),
            target: e.getAttribute('target'), open: e.parentElement && e.parentElement.open } : {};
    });
    const hasFolder = await page.$('nav summary') !== null;
    let a = {};
    if (hasFolder) {
        for (let i = 0; i < 30 && a.tag !== 'summary'; i++) {
            await page.keyboard.press('Tab');
            a = await active();
        }
        if (a.tag !== 'summary')
            fail(name, 'Tab does not reach a folder of the tree');
        else {
            await page.keyboard.press('Enter');
            const closed = await active();
            await page.keyboard.press('Enter');
            const opened = await active();
            if (closed.open !== false || opened.open !== true)
                fail(name, `Enter on a folder: open ${closed.open} then ${opened.open}`);
        }
    }
    if (nodes.length) {
        a = {};
        for (let i = 0; i < 40 && a.target !== 'pane'; i++) {
            await page.keyboard.press('Tab');
            a = await active();
        }
        if (a.target !== 'pane')
            fail(name, 'Tab does not reach an item of the tree');
        else {
            const p2 = page.frame({ name: 'pane' });
            await Promise.all([p2.waitForNavigation({ waitUntil: 'load' }).catch(() => null),
                page.keyboard.press('Enter')]);
            if (!p2.url().endsWith('/' + a.href))
                fail(name, `Enter on "${a.href}": the pane shows ${p2.url()}`);
        }
    }
    await page.screenshot({ path: path.join(outDir, `preview-${name}.png`) });
    await axe(page, name, 'index.html');

    // The generated pages on their own: axe, and their own errors.
    const own = fs.readdirSync(dir).filter(f => /^(item|res)-\d+\.html$/.test(f))
        .sort((x, y) => parseInt(x.split('-')[1]) - parseInt(y.split('-')[1])).slice(0, 8);
    for (const f of own) {
        await page.goto('file://' + path.resolve(dir, f), { waitUntil: 'load' });
        await axe(page, name, f);
        await noMarker(page, name);
    }
    await page.waitForTimeout(200);
    if (offsite.length)
        fail(name, `${offsite.length} request(s) left the files: ${offsite.slice(0, 3).join(' ')}`);
    if (errors.length)
        fail(name, `console errors: ${errors.slice(0, 3).join(' | ')}`);
    await context.close();
    console.log(`${failures === before ? 'ok' : 'not ok'} preview ${name} (${nodes.length} nodes)`);
}

(async () => {
    fs.mkdirSync(outDir, { recursive: true });
    const browser = await chromium.launch({
        executablePath: process.env.CCKIT_CHROMIUM || '/usr/bin/chromium', args,
        env: { ...process.env, HOME: fs.mkdtempSync(path.join(os.tmpdir(), 'cckit-chromium-')) },
    });
    try {
        for (const s of sites) {
            const hostile = s.endsWith(':hostile');
            await checkSite(browser, hostile ? s.slice(0, -8) : s, hostile);
        }
    } finally {
        await browser.close();
    }
    process.exit(failures ? 1 : 0);
})().catch(e => { console.error(e); process.exit(1); });
