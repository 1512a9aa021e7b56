#!/usr/bin/env python3
"""Attacks a local `wijkverband serve --demo` as a hostile user of each role would.

Usage: bench/attack [--url http://127.0.0.1:8080] --email ADMIN --password PASSWORD

Only loopback addresses are accepted. Every loop is bounded. Checks, and reports each finding:
  1. authorisation: every page and download of the demo region, anonymous, as a lezer, as a
     bewerker of another region, and every state-changing route as a lezer: refused;
  2. CSRF: every state-changing route without the form token: 403;
  3. disclosure: on every round, no hidden figure shows a count, and no shown total (the round,
     a pair of the vierkant) minus its shown parts (kinds of tie, pairs) leaves a single hidden
     kind of tie; the coordinator's pages carry no survey link;
  4. simultaneous writes: 32 survey submissions and 32 plan edits at once: no 500;
  5. the table links of a duidingssessie: 32 phones at once, each sending twice, are stored
     once each; an oversized text, made-up or overlong tokens and a closed session are refused;
     a table never sees another table's contributions before the wall is shown.
  6. upload limits: a 2 MiB upload and a 2 KB spreadsheet claiming a 17-billion-cell sheet are
     refused with a message, and the server keeps answering.
Exits 1 when anything is found, 0 when nothing is.
"""

import argparse
import base64
import html
import io
import json
import re
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
import zipfile

REGIO = "Utrecht Noord-West"
findings = []


def finding(text):
    findings.append(text)
    print("GEVONDEN:", text)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Client:
    """A browser of one person: cookies by hand (Secure cookies also over loopback http)."""

    def __init__(self, base):
        self.base, self.cookies = base, {}
        self.opener = urllib.request.build_opener(NoRedirect)

    def request(self, method, path, form=None, headers=None, cookies=True):
        data = urllib.parse.urlencode(form, doseq=True).encode() if isinstance(form, (dict, list)) else form
        req = urllib.request.Request(self.base + path, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", "application/x-www-form-urlencoded")
        if cookies and self.cookies:
            req.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        for k, v in (headers or {}).items():
            req.add_header(k, v)
        try:
            res = self.opener.open(req, timeout=60)
        except urllib.error.HTTPError as e:
            res = e
        body = res.read().decode("utf-8", "replace")
        for c in res.headers.get_all("Set-Cookie") or []:
            name, value = c.split(";", 1)[0].split("=", 1)
            if value:
                self.cookies[name] = value
            else:
                self.cookies.pop(name, None)
        return res.status, body, res.headers

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, form):
        return self.request("POST", path, form)

    def csrf(self, page_path="/"):
        status, body, _ = self.get(page_path)
        m = re.search(r'name="csrf" value="([0-9a-f]+)"', body)
        return m.group(1) if m else ""

    def login(self, email, password):
        self.get("/inloggen")
        t = self.cookies.get("wv_inlog", "")
        status, _, _ = self.post("/inloggen", {"email": email, "wachtwoord": password, "csrf": t})
        return status == 303


def q(s):
    return urllib.parse.quote(s)


def invite(admin, base, email, regio, rol):
    """An account with a role, made through the app's own invitation."""
    t = admin.csrf("/beheer")
    _, body, _ = admin.post("/beheer/uitnodigen", {"csrf": t, "email": email, "regio": regio, "rol": rol})
    m = re.search(r"/uitnodiging/([0-9a-f]+)", body)
    if not m:
        finding(f"uitnodiging voor {email} niet gemaakt")
        return None
    c = Client(base)
    c.get(f"/uitnodiging/{m.group(1)}")
    t = c.cookies.get("wv_inlog", "")
    pw = "aanval-wachtwoord-123"
    c.post(f"/uitnodiging/{m.group(1)}", {"csrf": t, "naam": email.split("@")[0], "wachtwoord": pw, "herhaal": pw})
    c = Client(base)
    if not c.login(email, pw):
        finding(f"kon niet inloggen als {email}")
    return c


def rounds(client):
    _, body, _ = client.get(f"/regio/{q(REGIO)}/wijkfoto")
    return sorted(set(int(x) for x in re.findall(r"/wijkfoto/(\d+)\"", body)))


def sessions(client):
    _, body, _ = client.get(f"/regio/{q(REGIO)}/sessies")
    return sorted(set(int(x) for x in re.findall(r"/sessies/(\d+)\"", body)))


def tables(base, admin):
    """A session's table links, as phones in the room would use them: simultaneous sends, each
    twice (a resend after a lost answer), an oversized text, made-up and overlong tokens, a
    closed session; the wall stays hidden from the tables."""
    regio = f"/regio/{q(REGIO)}"
    t = admin.csrf(f"{regio}/sessies")
    _, _, headers = admin.post(f"{regio}/sessies", {"csrf": t, "titel": "aanval", "datum": "2026-12-01",
                                                    "sjabloon": "wereld-cafe", "gebied": "gemeente:GM0632"})
    pad = urllib.parse.urlparse(headers.get("Location") or "").path
    admin.post(f"{pad}/stuur", {"csrf": t, "wat": "open"})
    _, page, _ = admin.get(pad)
    links = re.findall(r'class="tafel-link">[^<]*?(/tafel/[0-9a-f]+)<', page)
    if len(links) != 3:
        finding(f"sessie {pad}: {len(links)} tafellinks in plaats van 3")
        return
    phones = []
    for k in range(32):
        c = Client(base)
        c.get(links[k % 3])
        phones.append((c, links[k % 3], k))

    def send(c, link, k):
        token = c.cookies.get("wv_inlog", "")
        return lambda: [c.request("POST", link, {"tekst": f"woord {k}", "sleutel": f"k{k}"}, {"x-csrf-token": token})[0]
                        for _ in range(2)]

    statuses = at_once([send(*p) for p in phones])
    bad = [s for s in statuses if s != [200, 200]]
    if bad:
        finding(f"{len(bad)} van {len(statuses)} gelijktijdige telefoons niet bewaard: {bad[:3]}")
    _, stand, _ = admin.get(f"{pad}/stand.json")
    n = json.loads(stand).get("bijdragen")
    if n != 32:
        finding(f"32 telefoons, elk twee keer verstuurd: {n} bijdragen bewaard")
    print(f"tafels: 32 telefoons tegelijk (elk twee keer), {n} bijdragen bewaard")
    c, link, _ = phones[0]
    token = c.cookies.get("wv_inlog", "")
    status, _, _ = c.request("POST", link, {"tekst": "x" * 3000, "sleutel": "lang"}, {"x-csrf-token": token})
    if status != 422:
        finding(f"een bijdrage van 3000 tekens gaf {status}")
    for nep in ["/tafel/" + "0" * 32, "/tafel/" + "a" * 5000]:
        status, _, _ = c.request("POST", nep, {"tekst": "x", "sleutel": "nep"}, {"x-csrf-token": token})
        if status not in (404, 414, 431):
            finding(f"een verzonnen tafellink gaf {status}")
    _, stand, _ = c.get(f"{link}/stand.json")
    eigen = json.loads(stand)
    vreemd = [w for w in eigen.get("eigen", []) if int(w.split()[-1]) % 3 != 0]
    if eigen.get("muur") is not None or vreemd:
        finding(f"een tafel ziet de bijdragen van andere tafels zonder muur: {vreemd[:3]}")
    admin.post(f"{pad}/stuur", {"csrf": t, "wat": "sluit"})
    token = c.cookies.get("wv_inlog", "")  # stand.json gave the phone a fresh token
    status, _, _ = c.request("POST", link, {"tekst": "te laat", "sleutel": "laat"}, {"x-csrf-token": token})
    if status != 422:
        finding(f"een gesloten sessie nam een bijdrage aan: {status}")


def cells(table_html):
    rows = re.findall(r"<tr>(.*?)</tr>", table_html, re.S)
    return [[html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)] for r in rows]


def table(body, tid):
    m = re.search(rf'<table id="{tid}"[^>]*>(.*?)</table>', body, re.S)
    return cells(m.group(1)) if m else []


def shown(text):
    """Shown, or nobody rated it ("geen", "geen cijfers"): nothing hidden."""
    return text not in ("–", "te weinig antwoorden")


def disclosure(admin):
    for r in rounds(admin):
        base = f"/regio/{q(REGIO)}/wijkfoto/{r}"
        _, page, _ = admin.get(base)
        if "/enquete/" in page:
            finding(f"ronde {r}: de pagina van de coördinator bevat een persoonlijke link")
        _, raw, _ = admin.get(f"{base}/netwerk.json")
        net = json.loads(raw)
        hoek = {k["discipline"]: k["hoek"] for k in net["knopen"]}
        heat = table(page, "warmtekaart")[1:]
        if any(re.search(r"\(\d+ resp", c) for row in heat for c in row):
            finding(f"ronde {r}: een verborgen cel toont haar aantal respondenten")
        kinds = {row[0]: row[2:7] for row in heat}
        vierkant = {row[0]: row[2:7] for row in table(page, "vierkant")[1:]}
        totaal = [row[2] for row in table(page, "condities")[1:]]

        def pair_of(kind):
            a, b = kind.split(" – ")
            ha, hb = hoek.get(a), hoek.get(b)
            if ha and hb and ha != hb:
                for name in vierkant:
                    x, y = name.split(" – ")
                    if {x, y} == {ha, hb}:
                        return name
            return None

        for c in range(5):
            hidden = [k for k, v in kinds.items() if not shown(v[c])]
            for name, v in vierkant.items():
                if shown(v[c]):
                    left = [k for k in hidden if pair_of(k) == name]
                    if len(left) == 1:
                        finding(f"ronde {r}, conditie {c}: {name} min de getoonde soorten laat alleen {left[0]} over")
            if c < len(totaal) and shown(totaal[c]):
                left = [k for k in hidden if not (pair_of(k) and shown(vierkant[pair_of(k)][c]))]
                if len(left) == 1:
                    finding(f"ronde {r}, conditie {c}: de ronde min de getoonde delen laat alleen {left[0]} over")


def authorisation(base, admin, lezer, ander):
    anon = Client(base)
    regio = f"/regio/{q(REGIO)}"
    paths = [regio, f"{regio}/profiel", f"{regio}/indelingen", f"{regio}/sociale-kaart", f"{regio}/wijkfoto",
             f"{regio}/kaart.geojson", f"/api/regio/{q(REGIO)}/buurten", f"{regio}/sociale-kaart/export.csv",
             "/beheer", "/mijn-gegevens.json", f"{regio}/cyclus", f"{regio}/cyclus/Montfoort", f"{regio}/acties",
             f"{regio}/sessies", f"{regio}/rode-draad", f"{regio}/rode-draad.json"]
    for s in sessions(admin)[:1]:
        paths += [f"{regio}/sessies/{s}{p}" for p in ["", "/scherm", "/stand.json", "/verslag", "/bijdragen.csv", "/bijdragen.json"]]
    for r in rounds(admin)[:2]:
        paths += [f"{regio}/wijkfoto/{r}", f"{regio}/wijkfoto/{r}/netwerk.json", f"{regio}/wijkfoto/{r}/knopen.csv"]
    for p in paths:
        status, _, headers = anon.get(p)
        if status not in (303, 401):
            finding(f"anoniem {p}: {status}")
        status, _, _ = ander.get(p)
        if p.startswith(regio) and status != 403:
            finding(f"account zonder rol in de regio {p}: {status}")
        if "no-store" not in (headers.get("Cache-Control") or ""):
            finding(f"{p}: geen Cache-Control: no-store")
    for p in [f"{regio}/sociale-kaart/export.csv", f"{regio}/sociale-kaart/gegevens.json?id=x", "/beheer"]:
        status, _, _ = lezer.get(p)
        if status != 403:
            finding(f"lezer {p}: {status}")
    _, page, _ = lezer.get(f"{regio}/sociale-kaart")
    if "@" in re.sub(r"<(script|footer)[^>]*>.*?</\1>", "", page, flags=re.S) and "mailto:" in page:
        finding("lezer ziet contactgegevens op de sociale kaart")
    t = lezer.csrf(regio)
    sessie = [(f"{regio}/sessies/{s}/{a}", {"wat": "heropen", "tafel": "1", "ronde": "1", "regels": "x"})
              for s in sessions(admin)[:1] for a in ["stuur", "typen", "themas/voorstel", "verwijder"]]
    for r in rounds(admin)[:1]:
        for p, form in [(f"{regio}/wijkfoto/{r}/sluit", {}), (f"{regio}/wijkfoto/{r}/links", {"formaat": "csv"}),
                        (f"{regio}/sociale-kaart/verwijder", {"id": "x"}), (f"{regio}/indelingen", {"naam": "x", "basis": "gemeente"}),
                        (f"{regio}/sessies", {"titel": "x", "datum": "2026-12-01", "sjabloon": "wereld-cafe",
                                              "gebied": "gemeente:GM0632"})] + sessie:
            status, _, _ = lezer.post(p, dict(form, csrf=t))
            if status != 403:
                finding(f"lezer POST {p}: {status}")
            status, _, _ = admin.post(p, form)
            if status != 403:
                finding(f"zonder CSRF-token POST {p}: {status}")


def at_once(jobs):
    results = [None] * len(jobs)

    def run(k):
        try:
            results[k] = jobs[k]()
        except Exception as e:  # a dropped connection is a finding too
            results[k] = f"fout: {e}"

    threads = [threading.Thread(target=run, args=(k,)) for k in range(len(jobs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return results


def concurrency(base, admin):
    regio = f"/regio/{q(REGIO)}"
    # Survey: new links for the respondents of an open round who have not submitted, claimed, then 32 at once.
    t = admin.csrf(regio)
    _, body, _ = admin.post(f"{regio}/wijkfoto", {"csrf": t, "wijkverband": "Woerden", "datum": "2026-12-01",
                                                  "respondent": [], "minimum": "3"})
    open_round = [r for r in rounds(admin)][-1]
    _, csv_text, _ = admin.post(f"{regio}/wijkfoto/{open_round}/links", {"csrf": t, "formaat": "csv"})
    links = re.findall(r"(/enquete/[0-9a-f]{64})", csv_text)[:32]
    people = []
    for link in links:
        c = Client(base)
        c.get(link)
        c.post(f"{link}/code", {"csrf": c.cookies.get("wv_inlog", ""), "code": "gelijktijdig", "herhaal": "gelijktijdig"})
        _, page, _ = c.get(link)
        m = re.search(r'<option value="([^"]+)"', page)
        people.append((c, link, m.group(1) if m else ""))

    def submit(c, link, naar):
        return lambda: c.post(link, {"csrf": c.cookies.get("wv_inlog", ""), "actie": "verstuur", "naar_0": naar,
                                     "doel_0": "gelijktijdig", "vorm_0": "MDO", "freq_0": "12", "c0_0": "4"})[0]

    statuses = at_once([submit(*p) for p in people])
    bad = [s for s in statuses if s != 303]
    if bad:
        finding(f"{len(bad)} van {len(statuses)} gelijktijdige enquêtes niet bewaard: {bad}")
    print(f"enquête: {len(statuses)} tegelijk ingediend, {len(bad)} mislukt")
    # Plan edits: one plan, 32 edits of it at once.
    name = "aanval-gelijktijdig"
    admin.post(f"{regio}/indelingen", {"csrf": t, "naam": name, "basis": "gemeente"})
    _, page, _ = admin.get(f"{regio}/indeling/{q(name)}")
    codes = sorted(set(re.findall(r"BU\d{8}", page)))[:32]
    select = re.search(r'<select id="doel"[^>]*>(.*?)</select>', page, re.S)
    names = [html.unescape(n) for n in re.findall(r"<option>([^<]+)</option>", select.group(1))] if select else []
    if not codes or not names:
        finding("geen indeling om gelijktijdig te bewerken")
        return
    # Every edit moves a buurt to another wijkverband of the plan, all at once.
    edit = lambda k, code: lambda: admin.post(f"{regio}/indeling/{q(name)}/wijzig",
                                              {"csrf": t, "actie": "toewijzen", "buurt": code,
                                               "wijkverband": names[k % len(names)]})[0]
    statuses = at_once([edit(k, c) for k, c in enumerate(codes)])
    if not any(s == 303 for s in statuses):
        finding(f"geen van de gelijktijdige bewerkingen is bewaard: {statuses}")
    bad = [s for s in statuses if not isinstance(s, int) or s >= 500]
    if bad:
        finding(f"{len(bad)} van {len(statuses)} gelijktijdige bewerkingen gaven een serverfout: {bad}")
    print(f"indeling: {len(statuses)} bewerkingen tegelijk, {len(bad)} serverfouten")


def bomb():
    """A 2 KB workbook whose cells are A1 and XFD1048576."""
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
        z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
        z.writestr("xl/worksheets/sheet1.xml", '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c></row><row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>')
    return b.getvalue()


def uploads(base, admin):
    regio = f"/regio/{q(REGIO)}"
    t = admin.csrf(regio)
    data = "data:application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;base64," + base64.b64encode(bomb()).decode()
    status, body, _ = admin.post(f"{regio}/sociale-kaart/import", {"csrf": t, "bestand": "bom.xlsx", "inhoud": data})
    if status >= 500 or "XFD1048576" not in body:
        finding(f"het rekenblad met cel XFD1048576 gaf {status} zonder uitleg")
    status, body, _ = admin.post(f"{regio}/sociale-kaart/import", {"csrf": t, "bestand": "groot.csv", "inhoud": "x" * (2 << 20)})
    if status != 413 or len(body.strip()) == 0:
        finding(f"een upload van 2 MiB gaf {status} met {len(body)} tekens uitleg")
    if admin.get("/")[0] != 200:
        finding("de server antwoordt niet meer na de uploads")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", default="http://127.0.0.1:8080")
    ap.add_argument("--email", required=True)
    ap.add_argument("--password", required=True)
    a = ap.parse_args()
    host = urllib.parse.urlparse(a.url).hostname or ""
    if not (host.startswith("127.") or host in ("localhost", "::1")):
        sys.exit("bench/attack only attacks a server on this machine (127.0.0.0/8, localhost, ::1)")
    admin = Client(a.url)
    if not admin.login(a.email, a.password):
        sys.exit("kan niet inloggen als beheerder: geef het e-mailadres en wachtwoord dat serve --demo toonde")
    lezer = invite(admin, a.url, "aanval-lezer@example.org", REGIO, "lezer")
    admin.post("/beheer/uitnodigen", {})  # without a token: must be refused, changes nothing
    ander = invite(admin, a.url, "aanval-ander@example.org", "", "")
    for name, check in [("autorisatie en CSRF", lambda: authorisation(a.url, admin, lezer, ander)),
                        ("onthulling", lambda: disclosure(admin)),
                        ("gelijktijdig schrijven", lambda: concurrency(a.url, admin)),
                        ("tafels van een duidingssessie", lambda: tables(a.url, admin)),
                        ("uploads", lambda: uploads(a.url, admin))]:
        print(f"== {name}")
        check()
    print(f"{len(findings)} bevinding(en)")
    sys.exit(1 if findings else 0)


if __name__ == "__main__":
    main()
