"""Vendored reference data for the en_US demo: US debtors plus a few in Great Britain and Japan.

The platform places a debtor in a time zone from region and phone number, so the demo
must keep them consistent: each US city row carries its state, real area codes and its
IANA zone (Texas and Tennessee each span two zones, which is exactly the case the
platform has to handle), each British city its ISO 3166-2:GB code, dialling code and
postcode area, each Japanese city its prefecture code. A minority of GB (GBP) and JP
(JPY, a zero-decimal currency) debtors keeps the multi-currency paths honest.
"""

FIRST_NAMES: tuple[str, ...] = (
    "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David",
    "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah",
    "Christopher", "Karen", "Charles", "Lisa", "Daniel", "Nancy", "Matthew", "Betty", "Anthony",
    "Sandra", "Mark", "Margaret", "Donald", "Ashley", "Steven", "Kimberly", "Andrew", "Emily",
    "Paul", "Donna", "Joshua", "Michelle", "Kenneth", "Carol", "Kevin", "Amanda", "Brian",
    "Melissa", "George", "Deborah", "Timothy", "Stephanie", "Ronald", "Rebecca", "Jason", "Sharon",
    "Edward", "Laura", "Jeffrey", "Cynthia", "Ryan", "Dorothy", "Jacob", "Amy", "Gary", "Kathleen",
    "Nicholas", "Angela", "Eric", "Shirley", "Jonathan", "Emma", "Stephen", "Brenda", "Larry",
    "Pamela", "Justin", "Nicole", "Scott", "Anna", "Brandon", "Samantha", "Benjamin", "Katherine",
    "Samuel", "Christine", "Gregory", "Debra", "Alexander", "Rachel", "Patrick", "Carolyn",
    "Frank", "Janet", "Raymond", "Maria", "Jack", "Olivia", "Dennis", "Heather", "Jerry", "Helen",
    "Jose", "Sofia", "Luis", "Camila", "Carlos", "Isabella", "Wei", "Priya", "Mohammed", "Aisha",
)  # fmt: skip

LAST_NAMES: tuple[str, ...] = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
    "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor",
    "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez",
    "Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott",
    "Torres", "Nguyen", "Hill", "Flores", "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera",
    "Campbell", "Mitchell", "Carter", "Roberts", "Gomez", "Phillips", "Evans", "Turner", "Diaz",
    "Parker", "Cruz", "Edwards", "Collins", "Reyes", "Stewart", "Morris", "Morales", "Murphy",
    "Cook", "Rogers", "Gutierrez", "Ortiz", "Morgan", "Cooper", "Peterson", "Bailey", "Reed",
    "Kelly", "Howard", "Ramos", "Kim", "Cox", "Ward", "Richardson", "Watson", "Brooks", "Chavez",
    "Wood", "James", "Bennett", "Gray", "Mendoza", "Ruiz", "Hughes", "Price", "Alvarez", "Castillo",
    "Sanders", "Patel", "Myers", "Long", "Ross", "Foster", "O'Brien", "O'Connor", "Chen", "Singh",
)  # fmt: skip

# (state, city, ZIP prefix, area codes, IANA zone, relative weight)
US_CITIES: tuple[tuple[str, str, str, tuple[int, ...], str, int], ...] = (
    ("CA", "Los Angeles", "900", (213, 310, 323), "America/Los_Angeles", 9),
    ("CA", "San Diego", "921", (619, 858), "America/Los_Angeles", 4),
    ("CA", "San Jose", "951", (408,), "America/Los_Angeles", 3),
    ("CA", "San Francisco", "941", (415,), "America/Los_Angeles", 3),
    ("CA", "Sacramento", "958", (916,), "America/Los_Angeles", 2),
    ("CA", "Fresno", "937", (559,), "America/Los_Angeles", 2),
    ("NV", "Las Vegas", "891", (702,), "America/Los_Angeles", 3),
    ("WA", "Seattle", "981", (206,), "America/Los_Angeles", 3),
    ("WA", "Spokane", "992", (509,), "America/Los_Angeles", 1),
    ("AZ", "Phoenix", "850", (602, 480), "America/Phoenix", 4),
    ("AZ", "Tucson", "857", (520,), "America/Phoenix", 2),
    ("CO", "Denver", "802", (303, 720), "America/Denver", 3),
    ("CO", "Colorado Springs", "809", (719,), "America/Denver", 1),
    ("TX", "Houston", "770", (713, 281, 832), "America/Chicago", 7),
    ("TX", "Dallas", "752", (214, 469, 972), "America/Chicago", 6),
    ("TX", "Austin", "787", (512,), "America/Chicago", 3),
    ("TX", "San Antonio", "782", (210,), "America/Chicago", 4),
    ("TX", "El Paso", "799", (915,), "America/Denver", 2),
    ("IL", "Chicago", "606", (312, 773), "America/Chicago", 7),
    ("IL", "Springfield", "627", (217,), "America/Chicago", 1),
    ("IL", "Naperville", "605", (630,), "America/Chicago", 1),
    ("TN", "Nashville", "372", (615,), "America/Chicago", 2),
    ("TN", "Memphis", "381", (901,), "America/Chicago", 2),
    ("TN", "Knoxville", "379", (865,), "America/New_York", 1),
    ("NY", "New York", "100", (212, 646, 917), "America/New_York", 9),
    ("NY", "Brooklyn", "112", (718, 347), "America/New_York", 5),
    ("NY", "Buffalo", "142", (716,), "America/New_York", 2),
    ("NY", "Albany", "122", (518,), "America/New_York", 1),
    ("NJ", "Newark", "071", (973,), "America/New_York", 2),
    ("NJ", "Jersey City", "073", (201,), "America/New_York", 2),
    ("PA", "Philadelphia", "191", (215, 267), "America/New_York", 4),
    ("PA", "Pittsburgh", "152", (412,), "America/New_York", 2),
    ("MA", "Boston", "021", (617, 857), "America/New_York", 3),
    ("MA", "Worcester", "016", (508,), "America/New_York", 1),
    ("OH", "Columbus", "432", (614,), "America/New_York", 3),
    ("OH", "Cleveland", "441", (216,), "America/New_York", 2),
    ("OH", "Cincinnati", "452", (513,), "America/New_York", 2),
    ("MI", "Detroit", "482", (313,), "America/Detroit", 3),
    ("MI", "Grand Rapids", "495", (616,), "America/Detroit", 1),
    ("GA", "Atlanta", "303", (404, 678, 770), "America/New_York", 5),
    ("GA", "Savannah", "314", (912,), "America/New_York", 1),
    ("NC", "Charlotte", "282", (704, 980), "America/New_York", 3),
    ("NC", "Raleigh", "276", (919,), "America/New_York", 2),
    ("FL", "Miami", "331", (305, 786), "America/New_York", 5),
    ("FL", "Orlando", "328", (407,), "America/New_York", 3),
    ("FL", "Tampa", "336", (813,), "America/New_York", 3),
    ("FL", "Jacksonville", "322", (904,), "America/New_York", 2),
)

US_STREETS: tuple[str, ...] = (
    "Main", "Oak", "Maple", "Cedar", "Pine", "Elm", "Washington", "Lake", "Hill", "Park", "Sunset",
    "Lincoln", "Jackson", "Church", "Highland", "Madison", "River", "Forest", "Spring", "Ridge",
    "Meadow", "Walnut", "Chestnut", "Franklin", "Jefferson", "Willow", "Broad", "Center", "Mill",
)  # fmt: skip
US_STREET_TYPES: tuple[str, ...] = ("St", "Ave", "Rd", "Dr", "Ln", "Blvd", "Ct", "Way", "Pl")
US_EMAIL_DOMAINS: tuple[str, ...] = ("gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "icloud.com", "aol.com")

# (ISO 3166-2:GB, city, postcode areas, landline dialling code without the 0, local digits, weight)
GB_CITIES: tuple[tuple[str, str, tuple[str, ...], str, int, int], ...] = (
    ("GB-LND", "London", ("E", "N", "SE", "SW", "W", "NW"), "20", 8, 10),
    ("GB-MAN", "Manchester", ("M",), "161", 7, 3),
    ("GB-BIR", "Birmingham", ("B",), "121", 7, 3),
    ("GB-LDS", "Leeds", ("LS",), "113", 7, 2),
    ("GB-LIV", "Liverpool", ("L",), "151", 7, 2),
    ("GB-BST", "Bristol", ("BS",), "117", 7, 2),
    ("GB-GLG", "Glasgow", ("G",), "141", 7, 2),
    ("GB-EDH", "Edinburgh", ("EH",), "131", 7, 2),
    ("GB-CRF", "Cardiff", ("CF",), "29", 8, 1),
    ("GB-BFS", "Belfast", ("BT",), "28", 8, 1),
)
GB_STREETS: tuple[str, ...] = (
    "High Street", "Station Road", "Church Lane", "Victoria Road", "Park Road", "Mill Lane",
    "The Crescent", "Queens Road", "King Street", "London Road", "Manor Way", "Green Lane",
)  # fmt: skip
GB_EMAIL_DOMAINS: tuple[str, ...] = ("gmail.com", "btinternet.com", "hotmail.co.uk", "yahoo.co.uk", "outlook.com")
# Inward postcode letters never include C I K M O V; NINO prefixes avoid D F I Q U V (and O second).
GB_POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
GB_NINO_LETTERS = "ABCEGHJKLMNPRSTWXYZ"
GB_NINO_BANNED: frozenset[str] = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})

# (surname, romaji) and (given name, romaji) for Japanese debtors.
JP_SURNAMES: tuple[tuple[str, str], ...] = (
    ("佐藤", "sato"), ("鈴木", "suzuki"), ("高橋", "takahashi"), ("田中", "tanaka"), ("伊藤", "ito"),
    ("渡辺", "watanabe"), ("山本", "yamamoto"), ("中村", "nakamura"), ("小林", "kobayashi"),
    ("加藤", "kato"), ("吉田", "yoshida"), ("山田", "yamada"), ("佐々木", "sasaki"), ("山口", "yamaguchi"),
    ("松本", "matsumoto"), ("井上", "inoue"), ("木村", "kimura"), ("林", "hayashi"), ("清水", "shimizu"),
)  # fmt: skip
JP_GIVEN: tuple[tuple[str, str], ...] = (
    ("翔太", "shota"), ("大輔", "daisuke"), ("健太", "kenta"), ("拓也", "takuya"), ("直樹", "naoki"),
    ("太郎", "taro"), ("一郎", "ichiro"), ("蓮", "ren"), ("翼", "tsubasa"), ("陽子", "yoko"),
    ("美咲", "misaki"), ("さくら", "sakura"), ("由美", "yumi"), ("愛", "ai"), ("花子", "hanako"),
    ("恵", "megumi"), ("裕子", "yuko"), ("結衣", "yui"),
)  # fmt: skip
# (ISO 3166-2:JP, address prefix: prefecture, city and ward, town, weight)
JP_CITIES: tuple[tuple[str, str, int], ...] = (
    ("JP-13", "東京都新宿区西新宿", 4), ("JP-13", "東京都世田谷区三軒茶屋", 3), ("JP-13", "東京都江東区豊洲", 2),
    ("JP-14", "神奈川県横浜市中区山下町", 3), ("JP-27", "大阪府大阪市北区梅田", 3),
    ("JP-23", "愛知県名古屋市中村区名駅", 2), ("JP-40", "福岡県福岡市博多区博多駅前", 2),
    ("JP-01", "北海道札幌市中央区北一条西", 1),
)  # fmt: skip
JP_EMAIL_DOMAINS: tuple[str, ...] = ("gmail.com", "yahoo.co.jp", "docomo.ne.jp", "icloud.com")
