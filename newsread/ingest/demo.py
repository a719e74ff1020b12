# ruff: noqa: E501  (a dump keeps each paragraph on one line, as real ones do)
"""Sample plain-text dumps for a demo library (``make run``).

Every story here is fiction written for this project: the towns, people,
companies and figures are invented. They exercise the importer the way real
dumps do: a clean wire story, an aggregator page with furniture and glued-on
related stories, and a paraphrased republication of one story with a share
header, curly quotes and a copyright footer.
"""

from __future__ import annotations

from pathlib import Path

WATER_RATES = """Marlow Bay council approves 14% water rate rise to fund pipe renewal

By Petra Vasquez

MARLOW BAY — The Marlow Bay city council voted 7-2 on Tuesday to raise residential water rates by 14% from March, the steepest increase in two decades, to pay for replacing ageing cast-iron mains.

The typical household will pay about $9.40 more a month, according to figures from the city's utilities department. Officials said 38% of the network is more than 80 years old and breaks twice as often as newer pipe.

"We are paying for leaks twice: once in lost water and again in emergency repairs," said councillor Dana Okafor, who chairs the infrastructure committee. "This plan stops that."

Councillor Reuben Hale, who voted against the measure, said the city should have phased the rise over three years. "People on fixed incomes cannot absorb a double-digit jump in one go," Hale said.

The council also approved a hardship discount of 30% for households that qualify for the state heating-assistance programme. About 2,100 households are expected to be eligible, the utilities department said.

Work on the first 12 kilometres of new mains is scheduled to begin in May along Harbour Road and the Eastgate district.
"""

PORT_STRIKE = """Dockworkers at Port Sellin walk out over automation plans

By Tomas Lindqvist and Amara Osei

PORT SELLIN, Norland (NWS) — About 1,800 dockworkers at Port Sellin began a 72-hour strike on Monday, halting container traffic at the country's second-busiest harbour in a dispute over automated cranes.

The Harbour Workers' Union said the port operator, Sellin Terminals, plans to cut 400 jobs by 2027 by installing remote-controlled cranes at two of its four berths. The company disputes the figure and says no permanent staff will be made redundant.

"Automation is coming, but it must not come at the expense of the people who built this port," union secretary Ines Marchetti told reporters outside the main gate.

Sellin Terminals chief executive Oskar Brandt said the strike would cost the regional economy about 25 million crowns a day. "We have offered retraining for every affected worker and a guarantee of no compulsory layoffs," Brandt said in a statement.

At least 14 container ships were waiting at anchor by Monday evening, according to the harbour master's office. Shipping line Nordvik Cargo said it would divert two vessels to the rival port of Kessar.

Talks between the two sides are due to resume on Thursday under a mediator appointed by the labour ministry.
"""

SCIENCE = """Bacteria from a salt lake break down plastic faster than expected, study finds

By Leonie Hartmann, Science Correspondent

A strain of bacteria isolated from a salt lake in the Varga Basin can break down common PET plastic about 40% faster than the best-known enzyme, researchers at the Institute for Applied Microbiology in Eldham reported on Wednesday.

The team, led by microbiologist Dr. Samir Qureshi, found that the microbe's enzyme remains active at salt concentrations that inactivate most others, which could make it useful for treating industrial wastewater.

"We did not expect a salt-loving organism to be this efficient," Qureshi said. "It digested a thin plastic film in nine days where the reference enzyme needed fifteen."

Independent experts were cautious. Professor Grace Adeyemi of Northfield University, who was not involved in the work, said laboratory films are much thinner than real waste. "Scaling from a petri dish to a recycling plant has defeated many promising enzymes," she said.

The researchers said they have applied for funding to test the enzyme on shredded bottles in a 500-litre reactor next year.
"""

# An aggregator page: headline, story, byline and widgets, then a "Related"
# section with two stories, each one long line with furniture inside.
AGGREGATOR = """Eastbrook library to stay open until midnight during exam season

EASTBROOK — The Eastbrook Central Library will extend its opening hours until midnight for six weeks from April 2, the city's culture department said on Friday.

The trial will cost about $48,000, paid from an unspent renovation budget, according to department head Louise Carrow.

"Students told us they had nowhere quiet and warm to study late at night," Carrow said. "This is a cheap way to test whether there is real demand."

Two security guards and one librarian will staff the building after 9 p.m. Visitor numbers will be counted each night, and the council will decide in June whether to make the change permanent.

Student union president Farid Nassar welcomed the plan. "Half of our members share a room with siblings," he said.

Martin Greaves, The Eastbrook Courier

Tags
Try Our Reader App
See what our reader can do for you:
Comments
No comments yet...
Related Articles


Valley Herald
35 minutes ago
- Valley Herald
Ferry fares to rise 6% on island routes from May
Passengers on the three island ferry routes will pay 6% more from May 1, operator Bluewake Ferries announced on Thursday. The company blamed higher fuel and insurance costs. 1:48 Island residents protest ferry timetable cuts at harbour meeting The increase takes a standard return ticket to Corran Isle to $23.30. Story continues below advertisement Islanders' association chair Moira Quill said the rise would hit commuters hardest. Get daily Valley news Get the day's top stories delivered to your inbox every morning. Sign up for daily Valley newsletter Sign Up By providing your email address, you have read and agree to Valley Herald's Terms of Use and Privacy Policy "Some of us cross twice a day for work, and there is no other way off the island," Quill said. Bluewake said season tickets would rise by only 3%.


Valley Herald
an hour ago
- Valley Herald
Volunteers plant 5,000 trees along the Brenn river
See more sharing options Send this page to someone via email Share this item on Facebook Share this item via WhatsApp More than 300 volunteers planted 5,000 native trees along a two-kilometre stretch of the Brenn river on Saturday, the Brenn Valley Trust said. The planting is meant to shade the water and cool it for trout, trust ecologist Hamid Rosen said. "In twenty years this will be a proper riverside wood," Rosen said. The trust plans a second planting in the autumn. For the whole story, watch the video above.
"""

# The port strike story as a content farm republishes it: reworded opening,
# curly quotes, a share header and a copyright footer, no headline.
PORT_STRIKE_COPY = """Share this @dailyfeedhub.example
PORT SELLIN, Norland (NWS) – Roughly 1,800 dockworkers walked off the job at Port Sellin on Monday, launching a 72-hour strike that brought container traffic to a standstill at the country’s second-busiest harbour amid a row over automated cranes.
The Harbour Workers’ Union said the port operator, Sellin Terminals, plans to cut 400 jobs by 2027 by installing remote-controlled cranes at two of its four berths. The company disputes the figure and says no permanent staff will be made redundant.
“Automation is coming, but it must not come at the expense of the people who built this port,” union secretary Ines Marchetti told reporters outside the main gate.
Sellin Terminals chief executive Oskar Brandt said the strike would cost the regional economy about 25 million crowns a day. “We have offered retraining for every affected worker and a guarantee of no compulsory layoffs,” Brandt said in a statement.
At least 14 container ships were waiting at anchor by Monday evening, according to the harbour master’s office. Shipping line Nordvik Cargo said it would divert two vessels to the rival port of Kessar.
Talks between the two sides are due to resume on Thursday under a mediator appointed by the labour ministry.
Copyright 2031 Norland Wire Service. All rights reserved. This material may not be published, broadcast, rewritten or redistributed without permission.
"""

DEMO_SOURCES: dict[str, str] = {
    "01-water-rates.txt": WATER_RATES,
    "02-port-strike.txt": PORT_STRIKE,
    "03-salt-lake-bacteria.txt": SCIENCE,
    "04-aggregator-page.txt": AGGREGATOR,
    "05-port-strike-republished.txt": PORT_STRIKE_COPY,
}


def write_demo_sources(folder: Path) -> list[Path]:
    """Write the sample dumps into ``folder`` (created if needed); return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name, text in DEMO_SOURCES.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


# -- a feed on disk ----------------------------------------------------------------------------
#
# A subscription needs no network to be tried: ``newsread demo`` writes this
# RSS file next to the dumps and subscribes to it by path; R in the app (or
# ``newsread refresh``) then brings its stories in like any feed's. Fiction
# too, written for this project.

DEMO_FEED_FILE = "demo-feed.xml"
DEMO_FEED_TITLE = "Riverside Ledger (demo feed)"

DEMO_FEED_STORIES: list[tuple[str, str, list[str]]] = [
    (
        "ledger-tram",
        "Tram line to reach Kessing hospital by the autumn",
        [
            "The tram line from Kessing station will be extended to the general hospital by "
            "October, two months later than planned, the regional transport authority said on "
            "Tuesday.",
            "The 2.4-kilometre extension adds three stops and will cost about 31 million "
            "crowns, according to the authority's revised budget.",
            "\u201cNurses on the night shift have waited long enough for a direct connection,\u201d "
            "said transport commissioner Elin Vasko. The delay was caused by a water main found "
            "under the route, she said.",
        ],
    ),
    (
        "ledger-lighthouse",
        "Old lighthouse keeper's cottage opens as a museum",
        [
            "The keeper's cottage at Gull Point, empty since the lighthouse was automated in 1987, "
            "opened on Saturday as a small museum run by volunteers.",
            "About 400 visitors came on the first day, the Gull Point Heritage Society said. The "
            "society raised 85,000 crowns from local donors to repair the roof and the stairs.",
            "\u201cMy grandfather kept this light for thirty years, and now children can see how "
            "he lived,\u201d said society chair Anton Reyes.",
        ],
    ),
    (
        "ledger-road",
        "Council tries a quieter road surface on Mill Street",
        [
            "Kessing city council will lay a noise-reducing asphalt on 600 metres of Mill Street "
            "next month as a one-year trial, the roads department said.",
            "Residents have complained about traffic noise since the street became the main route "
            "to the new ring road. Measurements last spring found 71 decibels at night, above the "
            "city's own limit.",
            "Roads engineer Mirela Dunn said the surface costs about a fifth more than ordinary "
            "asphalt. \u201cIf it halves the noise, it pays for itself in fewer complaints,\u201d "
            "she said.",
        ],
    ),
    (
        "ledger-divers",
        "Volunteer divers pull two tonnes of lost nets from the bay",
        [
            "Forty volunteer divers removed about two tonnes of abandoned fishing nets from the "
            "floor of Kessing Bay over the weekend, the diving club that organised the clean-up "
            "said.",
            "Lost nets keep catching fish and crabs for years, club secretary Joon Park said. "
            "\u201cWe found one net that still held a living lobster,\u201d he said.",
            "The nets will be sent to a recycler in the capital that turns them into plastic "
            "pellets, the club said.",
        ],
    ),
]


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def demo_feed_xml() -> str:
    """The demo feed as RSS 2.0: full text in content:encoded, a guid per story,
    no links (its stories have no web page to open)."""
    items = []
    days = ("Mon, 02", "Tue, 03", "Wed, 04", "Thu, 05", "Fri, 06")
    for day, (guid, title, paragraphs) in zip(days, DEMO_FEED_STORIES, strict=False):
        body = "".join(f"<p>{_xml(p)}</p>" for p in paragraphs)
        items.append(
            f"<item><title>{_xml(title)}</title>"
            f'<guid isPermaLink="false">{guid}</guid>'
            f"<description>{_xml(paragraphs[0])}</description>"
            f"<content:encoded><![CDATA[{body}]]></content:encoded>"
            f"<pubDate>{day} Mar 2026 07:30:00 GMT</pubDate>"
            "<author>desk@ledger.invalid (Ledger Desk)</author></item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>{_xml(DEMO_FEED_TITLE)}</title>"
        "<description>Invented local news for trying newsread's feeds</description>"
        f"{''.join(items)}</channel></rss>\n"
    )


def write_demo_feed(folder: Path) -> Path:
    """Write the demo feed file into ``folder`` (created if needed); return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = (folder / DEMO_FEED_FILE).resolve()
    path.write_text(demo_feed_xml(), encoding="utf-8")
    return path
