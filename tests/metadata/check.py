"""Reads a built brief with the tools that consume its metadata, and checks
what they find field by field, in every language.

    python check.py PUBLIC_DIR EXPECTED_JSON

PUBLIC_DIR is a build of the site; EXPECTED_JSON (written by the Rust test
that calls this script, from the site's configuration) says what each
language's edition must declare. The consumers: extruct (JSON-LD, Open
Graph, Dublin Core; lxml for the Highwire Press tags), bibtexparser
(cite.bib), rispy (cite.ris), frictionless (data/datapackage.json). Prints
one line per check and exits non-zero on the first failure, naming it.
"""

import json
import os
from importlib.metadata import version
import sys
from urllib.parse import urlparse

import bibtexparser
import extruct
import frictionless
import lxml.html
import rispy

checks = 0


def expect(condition, what):
    global checks
    checks += 1
    if not condition:
        print(f"FAILED: {what}", file=sys.stderr)
        sys.exit(1)


def local_file(public, base_url, url):
    """The file in PUBLIC_DIR that an absolute URL of the site serves."""
    base = urlparse(base_url).path
    path = urlparse(url).path
    expect(path.startswith(base), f"{url} is under the base URL {base_url}")
    relative = path[len(base):]
    if relative == "" or relative.endswith("/"):
        relative += "index.html"
    return os.path.join(public, relative)


def page_metadata(path, url):
    with open(path, encoding="utf-8") as f:
        html = f.read()
    data = extruct.extract(
        html,
        base_url=url,
        syntaxes=["json-ld", "opengraph", "dublincore"],
        uniform=True,
    )
    tree = lxml.html.fromstring(html)
    highwire = {}
    for meta in tree.xpath("//meta[starts-with(@name, 'citation_')]"):
        highwire.setdefault(meta.get("name"), []).append(meta.get("content"))
    return data, highwire


def check_page(public, edition, page_url, kind):
    path = local_file(public, edition["base_url"], page_url)
    data, highwire = page_metadata(path, page_url)
    where = f"{edition['lang']} {kind} page"
    reports = [d for d in data["json-ld"] if d.get("@type") == "Report"]
    expect(len(reports) == 1, f"{where}: one JSON-LD Report")
    report = reports[0]
    expect(report["name"] == edition["title"], f"{where}: Report name")
    expect(report["inLanguage"] == edition["language_tag"], f"{where}: Report inLanguage")
    expect(report["datePublished"] == edition["date"], f"{where}: Report datePublished")
    expect(report["url"] == edition["url"], f"{where}: Report url")
    authors = [a["name"] for a in report["author"]]
    expect(authors == edition["authors_display"], f"{where}: Report authors {authors}")
    expect(report["publisher"]["name"] == edition["publisher"], f"{where}: Report publisher")
    if edition["license_url"]:
        expect(report["license"] == edition["license_url"], f"{where}: Report license")
    expect(len(report["isBasedOn"]) >= 1, f"{where}: Report isBasedOn the source")
    if edition["original"]:
        expect(report["translationOfWork"]["@id"] == edition["original"] + "#report",
               f"{where}: translationOfWork names the original edition")
    else:
        ids = [w["@id"] for w in report["workTranslation"]]
        expect(ids == [u + "#report" for u in edition["translations"]],
               f"{where}: workTranslation names the other editions {ids}")
    if edition["pdf_url"]:
        expect(report["encoding"]["contentUrl"] == edition["pdf_url"], f"{where}: Report encoding")

    og = data["opengraph"][0] if data["opengraph"] else {}
    expect(og.get("og:url") == page_url, f"{where}: og:url")
    expect(og.get("og:locale") == edition["og_locale"], f"{where}: og:locale")
    expect(bool(og.get("og:title")), f"{where}: og:title")
    image = og.get("og:image")
    expect(bool(image), f"{where}: og:image")
    with open(local_file(public, edition["base_url"], image), "rb") as f:
        head = f.read(24)
    expect(head[:8] == b"\x89PNG\r\n\x1a\n", f"{where}: og:image is a PNG")
    size = (int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big"))
    expect(size == (1200, 630), f"{where}: og:image is 1200×630, not {size}")
    expect(og.get("og:image:width") == "1200" and og.get("og:image:height") == "630", f"{where}: og:image size declared")

    dc = {}
    for entry in data["dublincore"]:
        for element in entry.get("elements", []):
            dc.setdefault(element["URI"].rsplit("/", 1)[-1], []).append(element["content"])
    expect(dc.get("title") == [edition["title"]], f"{where}: DC.title {dc.get('title')}")
    expect(dc.get("date") == [edition["date"]], f"{where}: DC.date")
    expect(dc.get("language") == [edition["language_tag"]], f"{where}: DC.language")
    expect(dc.get("creator") == edition["authors"], f"{where}: DC.creator")

    expect(highwire.get("citation_title") == [edition["title"]], f"{where}: citation_title")
    expect(highwire.get("citation_author") == edition["authors"], f"{where}: citation_author")
    expect(highwire.get("citation_publication_date") == [edition["date"].replace("-", "/")],
           f"{where}: citation_publication_date")
    expect(highwire.get("citation_language") == [edition["language_tag"]], f"{where}: citation_language")
    expect(highwire.get("citation_technical_report_institution") == [edition["publisher"]],
           f"{where}: citation_technical_report_institution")
    expect(highwire.get("citation_public_url") == [edition["url"]], f"{where}: citation_public_url")
    if edition["pdf_url"]:
        expect(highwire.get("citation_pdf_url") == [edition["pdf_url"]], f"{where}: citation_pdf_url")
        pdf = local_file(public, edition["base_url"], edition["pdf_url"])
        with open(pdf, "rb") as f:
            expect(f.read(5) == b"%PDF-", f"{where}: citation_pdf_url resolves to a PDF ({pdf})")
    return data


def check_dataset(data, edition):
    datasets = [d for d in data["json-ld"] if d.get("@type") == "Dataset"]
    where = f"{edition['lang']} indicators page"
    expect(len(datasets) == 1, f"{where}: one JSON-LD Dataset")
    dataset = datasets[0]
    expect(dataset["isPartOf"]["@id"] == edition["url"] + "#report", f"{where}: Dataset isPartOf the Report")
    formats = sorted(d["encodingFormat"] for d in dataset["distribution"])
    expect(formats == ["application/json", "application/json", "text/csv"], f"{where}: Dataset distribution {formats}")


def check_downloads(public, edition):
    lang = edition["lang"]
    folder = os.path.join(public, lang)
    with open(os.path.join(folder, "cite.bib"), encoding="utf-8") as f:
        library = bibtexparser.parse_string(f.read())
    expect(not library.failed_blocks, f"{lang} cite.bib: no block failed to parse")
    expect(len(library.entries) == 1, f"{lang} cite.bib: one entry")
    entry = library.entries[0]
    expect(entry.entry_type == "techreport", f"{lang} cite.bib: @techreport")
    fields = {field.key: field.value for field in entry.fields}
    expect(fields["title"] == "{" + edition["title"] + "}", f"{lang} cite.bib: title {fields['title']}")
    expect(fields["year"] == edition["date"][:4], f"{lang} cite.bib: year")
    expect(fields["url"] == edition["url"], f"{lang} cite.bib: url")
    expect(fields["institution"] == edition["publisher"], f"{lang} cite.bib: institution")

    with open(os.path.join(folder, "cite.ris"), encoding="utf-8") as f:
        records = rispy.load(f)
    expect(len(records) == 1, f"{lang} cite.ris: one record")
    record = records[0]
    expect(record["type_of_reference"] == "RPRT", f"{lang} cite.ris: TY RPRT")
    expect(record["title"] == edition["title"], f"{lang} cite.ris: title")
    expect(record["authors"] == edition["authors"], f"{lang} cite.ris: authors {record['authors']}")
    expect(record["year"] == edition["date"][:4], f"{lang} cite.ris: year")
    expect(record["urls"] == [edition["url"]], f"{lang} cite.ris: url")

    with open(os.path.join(folder, "cite.json"), encoding="utf-8") as f:
        items = json.load(f)
    expect(len(items) == 1 and items[0]["type"] == "report", f"{lang} cite.json: one CSL report")
    expect(items[0]["title"] == edition["title"], f"{lang} cite.json: title")
    expect(items[0]["issued"]["date-parts"][0] == [int(p) for p in edition["date"].split("-")],
           f"{lang} cite.json: issued")


def check_data_package(public):
    report = frictionless.validate(os.path.join(public, "data", "datapackage.json"))
    errors = [e.message for task in report.tasks for e in task.errors] + [e.message for e in report.errors]
    expect(report.valid, "data/datapackage.json validates with frictionless: " + "; ".join(errors[:5]))
    package = frictionless.Package(os.path.join(public, "data", "datapackage.json"))
    schema = package.get_resource("indicators").schema
    expect(schema.primary_key == ["indicator", "year", "kind"], "the CSV's primary key")
    kind = schema.get_field("kind")
    expect(kind.constraints["enum"] == ["actual", "target", "estimate", "parameter"], "the kind enumeration")


def main():
    public, expected_path = sys.argv[1], sys.argv[2]
    with open(expected_path, encoding="utf-8") as f:
        expected = json.load(f)
    for edition in expected["editions"]:
        for kind, url in edition["pages"].items():
            data = check_page(public, edition, url, kind)
            if kind == "indicators":
                check_dataset(data, edition)
        check_downloads(public, edition)
    check_data_package(public)
    tools = ", ".join(f"{name} {version(name)}" for name in ["extruct", "bibtexparser", "rispy", "frictionless"])
    print(f"metadata: {checks} checks passed ({tools})")


main()
