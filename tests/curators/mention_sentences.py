"""Sentences and what a reader finds in them: the measure of mention matching (issue 17).

Each entry is a sentence and the slugs of the entries (fixtures/) a careful reader
would cite it for. The first part is taken word for word from the five seed sources
(../shared/sources/); the second was written for these tests, for the ways a writer names
the same thing differently (possessives, word order, apostrophes, dashes, spelling,
plurals) and for names that must not be taken for others.
"""

FROM_THE_SOURCES: list[tuple[str, set[str]]] = [
    # 000: Japan, U.S. to promote cooperation on dual-use technologies
    (
        "Cooperation is envisioned in such areas as drones, artificial intelligence, robotics, "
        "and quantum technology, several sources of both governments said.",
        {"drones", "artificial-intelligence", "robotics", "quantum-technology"},
    ),
    (
        "The Defense Advanced Research Projects Agency (DARPA) under the U.S. Department of "
        "Defense has produced, through its research support, technologies for both military "
        "and civilian use, such as the Global Positioning System.",
        {"darpa", "us-department-of-defense", "global-positioning-system"},
    ),
    (
        "In recent years, the Defense Innovation Unit (DIU) of the Department of Defense has "
        "been focusing on collaborating with startups to develop innovative technologies.",
        {"defense-innovation-unit", "us-department-of-defense"},
    ),
    (
        "In its rivalry for technological supremacy with China, the U.S. side has high hopes "
        "for Japan’s capabilities in civilian technologies.",
        {"government-of-china", "government-of-japan"},
    ),
    (
        "Unmanned aircraft are a leading candidate for dual-use technologies.",
        {"dual-use-technologies", "drones"},
    ),
    (
        "At their defense ministers meeting to be held on Thursday just before the summit "
        "talks, Japan and the United States are expected to agree to joint research on drones "
        "that are expected to be operated in support of the next-generation combat aircraft "
        "that Japan, the United Kingdom, and Italy will develop jointly.",
        {
            "government-of-japan",
            "us-government",
            "drones",
            "next-generation-combat-aircraft",
            "government-of-the-united-kingdom",
            "government-of-italy",
        },
    ),
    ("It is also expected to cooperate with DARPA and DIU.", {"darpa", "defense-innovation-unit"}),
    # 001: the opinion piece on procurement
    (
        "For example, the anti-ballistic missile that shot down a mock North Korean ICBM last "
        "month was a joint product made by Mitsubishi Heavy Industries and Raytheon.",
        {
            "missile-defense-interceptors",
            "ballistic-missile-defense",
            "mitsubishi-heavy-industries",
            "raytheon",
        },
    ),
    (
        "According to an April study by the Washington-based Atlantic Council, other "
        "technologies that the two countries are working on together include: unmanned weapon "
        "systems, defense applications of artificial intelligence, hypersonic missiles and "
        "space.",
        {
            "atlantic-council",
            "unmanned-systems",
            "defense-ai",
            "hypersonic-missiles",
            "space-technologies",
        },
    ),
    (
        "Japanese firms have many such technologies, including microelectronics and 5G — which "
        "are also U.S. defense priorities.",
        {"microelectronics", "5g"},
    ),
    (
        "In July, Kenji Wakamiya, Japan’s state minister for foreign affairs, said during a "
        "webinar hosted by the International Security Industry Council – Japan that his "
        "government wanted the Pentagon to detail the specific technologies it was most "
        "interested in so that Japan could change its export control rules.",
        {
            "government-of-japan",
            "international-security-industry-council-japan",
            "us-department-of-defense",
        },
    ),
    (
        "For example, the U.S. Defense Department has been searching out and working with "
        "nontraditional defense partners in the technology community.",
        {"us-department-of-defense"},
    ),
    (
        "The U.S. C&ET strategy specifically identifies a list of 20 priority technology areas "
        "of which Japanese firms have some of the leading technologies, such as advanced "
        "manufacturing, semiconductors and microelectronics and space technologies.",
        {
            "critical-and-emerging-technologies",
            "advanced-manufacturing",
            "semiconductors-and-microelectronics",
            "space-technologies",
        },
    ),
    (
        "On Japan’s side, the Suga government should instruct the Japan External Trade "
        "Organization to market OTA opportunities to Japanese innovators particularly in the "
        "areas of space, hypersonics, trusted microelectronics and additive technologies.",
        {
            "other-transaction-authority",
            "government-of-japan",
            "jetro",
            "space-technologies",
            "hypersonics",
            "trusted-microelectronics",
            "additive-manufacturing",
        },
    ),
    (
        "Japan’s Ministry of Economy Trade and Industry should then issue the necessary export "
        "control waivers.",
        {"government-of-japan", "meti"},
    ),
    (
        "On the U.S. side, the Biden administration’s incoming undersecretary of defense for "
        "acquisition and sustainment should instruct agencies that use OTAs to reach out to "
        "organizations, such as the Hawaii-based Pacific International Center for High "
        "Technology Research.",
        {
            "other-transaction-authority",
            "us-government",
            "ousd-acquisition-and-sustainment",
            "pacific-international-center-for-high-technology-research",
        },
    ),
    # 002: DefenseScoop on the MOU for RDT&E and the SOSA
    (
        "Via a new legally-binding Memorandum of Understanding for Research, Development, Test "
        "and Evaluation Projects (MOU for RDT&E), Japan and the U.S. seek to bolster "
        "partnerships to accelerate advanced technologies associated with hypersonic defense, "
        "autonomous systems for complementary teaming with fighter jets and high-powered "
        "microwaves for air defense.",
        {
            "mou-for-rdte",
            "government-of-japan",
            "hypersonic-defense",
            "autonomous-systems",
            "high-power-microwaves",
            "air-and-missile-defense",
        },
    ),
    (
        "And through a newly signed non-binding Security of Supply Arrangement (SOSA), the "
        "Defense Department and the Japanese Ministry of Defense intend to build crucial "
        "linkages between their defense industrial bases and enable deeper cooperation between "
        "their nation’s supply chains.",
        {"security-of-supply-arrangement", "us-department-of-defense", "japan-ministry-of-defense"},
    ),
    (
        "The DOD did not publicly release the text of the new MOU or SOSA with Japan, and a "
        "Pentagon spokesperson did not respond to DefenseScoop’s questions regarding the "
        "documents’ inclusions by deadline.",
        {
            "us-department-of-defense",
            "mou-for-rdte",
            "security-of-supply-arrangement",
            "government-of-japan",
            "defensescoop",
        },
    ),
    (
        "DOD currently holds such arrangements with several other nations, including Australia "
        "and the U.K.",
        {"us-department-of-defense", "government-of-australia", "government-of-the-united-kingdom"},
    ),
    (
        "Richard Samuels, an academic expert who steers the Center for International Studies "
        "and MIT-Japan Program at the Massachusetts Institute of Technology, told DefenseScoop "
        "that arrangements to deepen collaboration between the two militaries has “made sense” "
        "for a while now — especially for Japan.",
        {
            "mit-center-for-international-studies",
            "mit-japan-program",
            "mit",
            "defensescoop",
            "government-of-japan",
        },
    ),
    (
        "They also puzzled out recently unveiled plans to upgrade America’s force posture in "
        "Japan, which involves stationing a U.S. Marine unit with sophisticated intelligence "
        "and surveillance capabilities on Japanese soil.",
        {"government-of-japan", "us-marine-corps", "intelligence-and-surveillance"},
    ),
    # 003: US-Japan Tech Cooperation Offers Comprehensive List of Opportunities in 2022
    (
        "A large portion of these funds will go to finance the Sony and Taiwan Semiconductor "
        "Manufacturing Company (TSMC) factories in Kumamoto, Kyushu.",
        {"sony", "tsmc"},
    ),
    (
        "The pursuit of coordinated progress on artificial intelligence (AI), the deployment "
        "of 5G, quantum information science (QIS), civil space cooperation and collaboration "
        "with the Quad, and the increase of their respective capacities in international "
        "organizations, should also be part of this meeting.",
        {"artificial-intelligence", "5g", "quantum-information-science", "civil-space", "quad"},
    ),
    (
        "The JHLC is a ministerial-level meeting of the highest-ranking science and technology "
        "officials of the two countries, established under the 1988 Agreement on Cooperation "
        "in Research and Development in Science and Technology.",
        {"jhlc", "us-japan-science-and-technology-agreement-1988"},
    ),
    (
        "This iteration of the JHLC Ministerial Meeting is also the perfect opportunity for "
        "Minister Karen Makishima of the newly formed Digital Ministry to meet with her US "
        "counterparts on further digital collaboration.",
        {"jhlc", "digital-agency", "digital-economy"},
    ),
    (
        "This could be done by working independently of the Quad’s Critical and Emerging "
        "Technologies working groups.",
        {"quad-critical-and-emerging-technologies-working-groups"},
    ),
    (
        "Technology-specific working groups are expected to continue to play a role in the "
        "development of open radio access networks (ORANs) as an alternative to Chinese "
        "dominance in the deployment of advanced telecommunications networks, including 5G.",
        {"open-ran", "information-and-communications-technology", "5g"},
    ),
    (
        "In November 2021, the 12th U.S.-Japan Internet Economy Political Cooperation Dialogue "
        "was held in Tokyo and included discussions on artificial intelligence, information "
        "technology and communications (ICT) and environmental promotion for innovative "
        "approaches to the next stages of the digital economy. , including the ORAN deployment.",
        {
            "digital-economy",
            "us-japan-internet-economy-dialogue",
            "government-of-japan",
            "artificial-intelligence",
            "information-and-communications-technology",
            "open-ran",
        },
    ),
    (
        "As the Kishida government continues to develop its priorities in this area, the two "
        "countries are expected to convene the eighth meeting of the Bilateral Dialogue on "
        "Space Cooperation.",
        {"government-of-japan", "bilateral-dialogue-on-space-cooperation"},
    ),
    # 004: the National Academies report
    (
        "The central finding of the Defense Task Force is that future U.S.-Japan cooperation "
        "in defense and dual-use technology must involve greater reciprocity in technology "
        "flows than has been the case in the past.",
        {"defense-task-force", "dual-use-technologies"},
    ),
    (
        "In order for the U.S.-Japan alliance to continue to mature and develop, it must "
        "increasingly be characterized by cooperation that involves comparable contributions "
        "and mutual opportunities for benefit.",
        {"us-japan-security-alliance"},
    ),
    (
        "Even if U.S. military security interests alone no longer provide a rationale for "
        "collaboration involving one-way transfers of technology to Japan, some might argue "
        "that such collaboration is worthwhile for other reasons.",
        {"us-armed-forces", "government-of-japan"},
    ),
]

WRITTEN_FOR_THE_TESTS: list[tuple[str, set[str]]] = [
    # Possessives, articles and word order.
    ("Japan's Ministry of Defense said the request would be met.", {"japan-ministry-of-defense"}),
    ("Japan’s Ministry of Defense confirmed the schedule.", {"japan-ministry-of-defense"}),
    (
        "Officials at the Ministry of Defense of Japan declined to comment.",
        {"japan-ministry-of-defense"},
    ),
    (
        "The Defense Department and Japan’s Defense Ministry signed it together.",
        {"us-department-of-defense", "japan-ministry-of-defense"},
    ),
    (
        "A spokesperson for Japan’s Foreign Ministry said talks would continue.",
        {"japan-ministry-of-foreign-affairs"},
    ),
    (
        "The Japanese Self-Defense Forces will test the radar first.",
        {"radar-and-sensors", "japan-self-defense-forces"},
    ),
    ("The Quad's leaders discussed Open RAN at length.", {"quad", "open-ran"}),
    (
        "The Atlantic Council's report named hypersonic missiles and space systems as priorities.",
        {"atlantic-council", "hypersonic-missiles", "space-technologies"},
    ),
    (
        "The Acquisition, Technology and Logistics Agency’s commissioner met DARPA’s director.",
        {"atla", "darpa"},
    ),
    # Apostrophes, hyphens and dashes.
    (
        "The two governments renewed the U.S.–Japan Security of Supply Arrangement.",
        {"security-of-supply-arrangement"},
    ),
    (
        "Both sides renewed the U.S.-Japan Security of Supply Arrangement this spring.",
        {"security-of-supply-arrangement"},
    ),
    (
        "The US–Japan security alliance has never been closer, officials said.",
        {"us-japan-security-alliance"},
    ),
    (
        "Tokyo and Washington agreed to co‑develop counter—hypersonic interceptors.",
        {
            "missile-defense-interceptors",
            "government-of-japan",
            "us-government",
            "hypersonic-defense",
        },
    ),
    (
        "High power microwaves and high-power microwave weapons were both discussed.",
        {"high-power-microwaves"},
    ),
    ("Artificial-intelligence tools were on the list.", {"artificial-intelligence"}),
    # British and American spelling.
    ("Japan’s Ministry of Defence confirmed the schedule.", {"japan-ministry-of-defense"}),
    (
        "Ballistic missile defence remains the first concern of both navies.",
        {"ballistic-missile-defense"},
    ),
    (
        "Japanese officials said the Japan External Trade Organisation would help.",
        {"jetro"},
    ),
    (
        "Hypersonic defence and high-powered microwaves are the first two projects.",
        {"hypersonic-defense", "high-power-microwaves"},
    ),
    (
        "The Global Combat Air Programme (GCAP) brings together Japan, Italy and the "
        "United Kingdom.",
        {
            "next-generation-combat-aircraft",
            "japan-uk-italy-next-generation-fighter",
            "government-of-japan",
            "government-of-italy",
            "government-of-the-united-kingdom",
        },
    ),
    # Plurals.
    (
        "Both firms build UAVs for the Japan Self-Defense Forces.",
        {"drones", "japan-self-defense-forces"},
    ),
    (
        "Semiconductors and quantum technologies topped the agenda.",
        {"semiconductors", "quantum-technology"},
    ),
    (
        "Drones, robots and satellite navigation featured in the talks.",
        {"drones", "robotics", "global-positioning-system"},
    ),
    (
        "Unmanned aerial vehicles will support the next-generation fighter jets.",
        {"drones", "next-generation-combat-aircraft"},
    ),
    # The longest name wins; a lower-case term is not read inside a capitalised name.
    (
        "The Missile Defense Agency will lead the American side of the work.",
        {"missile-defense-agency"},
    ),
    (
        "The Missile Defense Agency and Japan's Ministry of Defense will share the cost of the "
        "Glide Phase Interceptor.",
        {"missile-defense-agency", "japan-ministry-of-defense"},
    ),
    (
        "Missile defense cooperation began long before the Missile Defense Agency existed.",
        {"missile-defense-agency", "ballistic-missile-defense"},
    ),
    (
        "The White House Office of Science and Technology Policy released the plan.",
        {"office-of-science-and-technology-policy"},
    ),
    (
        "Defense applications of artificial intelligence were a separate item.",
        {"defense-ai"},
    ),
    # Acronyms are case-sensitive; other words that look alike are not mentions.
    ("Atlas rockets are not part of the deal, an ATLA official said.", {"atla"}),
    ("The panel said ai and atla were not mentioned in lower case.", set()),
    (
        "Both MHI and RTX will share the work on the interceptor.",
        {"missile-defense-interceptors", "mitsubishi-heavy-industries", "raytheon"},
    ),
    (
        "The Ministry of Economy, Trade and Industry (METI) issued new export rules.",
        {"meti"},
    ),
    (
        "The International Telecommunication Union (ITU) will elect a new leader in 2022.",
        {"itu"},
    ),
    (
        "A Mitsubishi Heavy Industries spokesman welcomed the MOU for RDT&E.",
        {"mitsubishi-heavy-industries", "mou-for-rdte"},
    ),
    ("An ISR drone flew over the strait at night.", {"intelligence-and-surveillance", "drones"}),
]

SENTENCES = FROM_THE_SOURCES + WRITTEN_FOR_THE_TESTS
