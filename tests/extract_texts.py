"""Short articles written for the extraction and resolution tests (our own wording; the facts are real or,
like the Eastern Ridge Liberation Front, plainly invented). Each text exercises one behaviour, so a failing
test points at one rule. The published date of most is Tuesday 2024-03-26 (``PUBLISHED``)."""

from __future__ import annotations

from datetime import date

PUBLISHED = date(2024, 3, 26)  # a Tuesday: "on Monday" is 2024-03-25

# -- actors and aliases ----------------------------------------------------------------------------------
# An invented group, so the acronym can only come from its definition in the text, not from the gazetteer.
NEW_GROUP_ACRONYM = (
    "The Eastern Ridge Liberation Front (ERLF) was formed in 2021 by defectors from the army. "
    "The ERLF ambushed an army convoy near Kandahar on March 3, killing nine soldiers. "
    "ERLF fighters withdrew into the hills after the ambush."
)

TTP_ACRONYM = (
    "Tehrik-i-Taliban Pakistan (TTP) claimed responsibility for a suicide bombing at a police post in "
    "Dera Ismail Khan on March 12. The TTP said the attack avenged the deaths of its commanders."
)

ISK_SPELLINGS = (
    "IS-Khorasan has grown into one of the deadliest branches of its movement. "
    "Analysts say IS- Khorasan recruits heavily among migrant workers from Central Asia. "
    "IS Khorasan said it carried out the attack on a concert hall near Moscow on March 22."
)

MANSOUR = (
    "Mullah Akhtar Mansour became leader of the Taliban in 2015, two years after the death of the movement's "
    "founder. A year later Mullah Mansour was travelling through Balochistan by car. "
    "Mansour was killed there in a US drone strike in May 2016."
)

# An article about the Islamic State that never names its Khorasan branch, and one about the branch.
IS_ARTICLE = (
    "The Islamic State seized Mosul in June 2014 and declared a caliphate. The group lost its last "
    "stronghold, Baghuz in Syria, in March 2019. Abu Bakr al-Baghdadi, the leader of the Islamic State, "
    "was killed in a US raid in Idlib in October 2019."
)

ISK_ARTICLE = (
    "Islamic State Khorasan Province (IS-K) was founded in 2015 by former commanders of other militant groups. "
    "IS-K claimed responsibility for a suicide bombing at Kabul airport on August 26, 2021, which killed at "
    "least 170 people. Today it is the most active branch of the Islamic State outside the Middle East."
)

TALIBAN_AND_TTP = (
    "The Afghan Taliban took Kabul in August 2021. Across the border, Tehrik-i-Taliban Pakistan (TTP), "
    "a separate movement, has stepped up its campaign. The TTP killed seven soldiers at a checkpoint in "
    "Bannu on March 16."
)

# The byline is in the metadata and repeated in the text; the credit line names two more people.
CREDITED = (
    "By Jane Roe\n\n"
    "Gunmen attacked a market in Kandahar on Sunday, killing four people, a police spokesman said.\n\n"
    "Reporting by Tom Hale; Additional reporting by Priya Nair; Editing by Ann Kerr\n"
)
CREDITED_BYLINE = ["Jane Roe"]
CREDITED_CREDITS = ["Priya Nair"]
CREDITED_NAMES = ["Jane Roe", "Tom Hale", "Priya Nair", "Ann Kerr"]

# -- coreference -----------------------------------------------------------------------------------------
COREF_IT = (
    "Jamaat Nusrat al-Islam wal-Muslimin (JNIM) operates across the Sahel. It carried out an attack on an "
    "army base in Djibo, Burkina Faso, on March 10, killing 30 soldiers."
)

# "The group" is the TTP, the group named last, not the Taliban named first.
COREF_THE_GROUP = (
    "Taliban officials met foreign diplomats in Doha last week. Separately, Tehrik-i-Taliban Pakistan is "
    "active in Khyber Pakhtunkhwa. The group attacked a police station in Bannu on Monday, killing six officers."
)

COREF_ITS_LEADER = (
    "Al-Shabaab is an armed group based in Somalia. Its leader, Ahmed Diriye, has run the group since 2014. "
    "The group attacked a hotel in Mogadishu on Friday, killing 20 people."
)

COREF_IT_CLAIMED = (
    "Tehrik-i-Taliban Pakistan grew stronger last year. It claimed responsibility for a suicide bombing at a "
    "police compound in Peshawar on January 30, which killed 84 people."
)

# -- events ----------------------------------------------------------------------------------------------
CLAIMED = (
    "A suicide bomber set off his explosives at the gate of a police compound in Quetta on March 22, killing 11 "
    "officers. Tehrik-i-Taliban Pakistan later claimed responsibility for the bombing."
)

STORMED = "Gunmen stormed a hotel in Mogadishu on March 15, killing 12 guests."
DRONE = "A US drone strike killed two militants in a village in North Waziristan on March 18."
KIDNAPPED = "Boko Haram fighters kidnapped 276 schoolgirls from a school in Chibok, Nigeria, in April 2014."
ARRESTED = "Russian authorities arrested four suspects in Moscow on March 24."

BOMB_PESHAWAR = "A bomb exploded at a bus station in Peshawar on March 22, killing five people."

TOLLS = (
    "A suicide bomber struck a crowded market in Kabul on March 22, killing at least 137 people and "
    "wounding nearly 200 others."
)
TOLLS_PASSIVE = (
    "At least 137 people were killed and nearly 200 were wounded when a bomb hit a market in Kabul."
)

GENERIC_PLURAL = "The group has carried out a number of attacks in Pakistan in recent years."
GENERIC_PLURAL_2 = "Militants have staged a number of bombings in Quetta since 2010."
QUESTIONS = [
    "Who carried out the bombing in Kabul on Monday?",
    "Could the Islamic State have attacked the market in Kabul on Monday?",
]

# One shooting told in three sentences.
ONE_SHOOTING = (
    "Gunmen opened fire on worshippers at a mosque in Herat on Monday, killing six people. The attack began "
    "shortly after evening prayers, witnesses said. Police said the assault on the mosque lasted about ten "
    "minutes."
)
# The same, with a claim made a day after the attack ("the shooting" is the attack told before).
ONE_SHOOTING_CLAIMED = ONE_SHOOTING + " On Tuesday the Islamic State claimed responsibility for Monday's shooting."

# -- several reports of one bombing (published on three days; tolls 20 -> 31 -> 27) ----------------------
MOGADISHU_REPORTS = [
    (
        "mogadishu-1",
        date(2023, 6, 11),
        "A car bomb exploded outside a hotel in Mogadishu on Saturday evening, killing 20 people, police said. "
        "Al-Shabaab claimed responsibility for the blast.",
    ),
    (
        "mogadishu-2",
        date(2023, 6, 12),
        "The death toll from Saturday's car bombing at a hotel in Mogadishu has risen to 31, hospital officials "
        "said on Monday. The blast went off outside the hotel in the Somali capital.",
    ),
    (
        "mogadishu-3",
        date(2023, 6, 14),
        "Somali authorities revised the toll from the hotel car bombing in Mogadishu on Saturday to 27 dead, "
        "saying some victims had been counted twice.",
    ),
]

# -- relations -------------------------------------------------------------------------------------------
LEADER_AND_DEPUTY = (
    "Tehrik-i-Taliban Pakistan (TTP) was founded in 2007 in South Waziristan. It has carried out hundreds of "
    "attacks since then. In 2018 the group appointed Noor Wali Mehsud as its leader and Mufti Mazahim as "
    "his deputy."
)
SPOKESMAN = "Zabihullah Mujahid, a spokesman for the Taliban, denied the report on Sunday."
BRANCH = "The Islamic State Khorasan Province (ISKP) is the deadliest regional branch of the Islamic State."
ALLEGIANCE = "In 2015 Boko Haram declared its allegiance to the Islamic State."
CLASHES = (
    "Clashes between the Taliban and the Islamic State Khorasan Province continued in Nangarhar in 2020."
)
BACKED = "The Houthis, backed by Iran, fired missiles at ships in the Red Sea in January."
RULED = "Thousands of residents have left Taliban-ruled Afghanistan since August 2021."
DEATH_ENDS_LEADERSHIP = (
    "The Islamic State Khorasan Province (ISKP) emerged in 2015. Its first leader, Hafiz Saeed Khan, was "
    "killed by an American drone in Nangarhar in July 2016."
)
RIVAL_OF = (
    "Al-Shabaab controls much of southern Somalia. Al-Shabaab is a rival of the Islamic State in Somalia, "
    "which is based in Puntland."
)
FOUGHT = "Hayat Tahrir al-Sham ruled Idlib for years. It fought the Islamic State and smaller rebel factions."
BACKED_PASSIVE = (
    "Hayat Tahrir al-Sham ruled Idlib for years. The group is backed by Turkey, according to analysts."
)
SUCCEEDED_HIM = (
    "Hakimullah Mehsud led the Pakistani Taliban until he was killed in a drone strike in November 2013. "
    "Mullah Fazlullah, the cleric who had ordered the 2012 shooting of a schoolgirl, succeeded him and was "
    "killed in June 2018."
)
LONE_SURNAME_REAL_NAME = (
    "Hayat Tahrir al-Sham was founded by Abu Mohammad al-Julani. Julani, whose real name is Ahmed al-Sharaa, "
    "is the leader of HTS."
)
MALL_SIEGE = "In September 2013 four gunmen stormed the Westgate shopping mall in Nairobi, killing 67 people."
TWO_GROUPS_CLASH = (
    "Al-Shabaab is the largest armed group in Somalia. The Islamic State in Somalia broke away from it in 2015. "
    "Clashes between the two groups have been reported in Puntland."
)
MERGED_TO_FORM = (
    "A few months later, in January 2017, the Nusra Front merged with smaller factions to form HTS."
)
FAMILY_NAME = (
    "The Houthis were founded in the 1990s by Hussein Badreddin al-Houthi, who was killed by Yemeni troops in "
    "2004. His brother, Abdul-Malik al-Houthi, has led the movement since then."
)
TOWN_OF = "In January 2015, Boko Haram fighters attacked the town of Baga, killing hundreds of people."
TOOK_OVER = (
    "Mohammed Yusuf founded Boko Haram in 2002 and was killed in police custody in 2009. His deputy, Abubakar "
    "Shekau, took over the group."
)
SON_OF = (
    "In 2016 the Islamic State named Abu Musab al-Barnawi, a son of Mohammed Yusuf, as the leader of ISWAP."
)
THEIR_ENEMIES = (
    "The Houthis are backed by Iran. They fire missiles at ships in the Red Sea. Israel and the United States "
    "are their declared enemies."
)
PROVINCE_IN_NAME = (
    "In March 2015, Boko Haram pledged allegiance to the Islamic State, and the group became the Islamic State "
    "West Africa Province."
)
TWO_ATTACKS_APART = (
    "In January 2015, Boko Haram fighters attacked the town of Baga, killing hundreds of people. In May 2021, "
    "ISWAP fighters overran a camp in the Sambisa Forest, and the leader blew himself up with a suicide vest."
)
ACRONYM_AT_SENTENCE_END = (
    "Hafiz Saeed heads Jamaat-ud-Dawa (JuD), which the United States says is a front for LeT. The group's "
    "operations chief, Zaki-ur-Rehman Lakhvi, was arrested in Pakistan in December 2008."
)
ITS_LEADER_IS = (
    "JNIM was formed in Mali in March 2017. Its leader is Iyad Ag Ghaly, a Tuareg who led Ansar Dine, and his "
    "deputy is Amadou Koufa, the founder of the Macina Liberation Front. The group pledged allegiance to al-Qaeda "
    "and its leader Ayman al-Zawahiri."
)
ALLY_OF = "Lashkar-e-Taiba is an ally of the Afghan Taliban and has fought alongside them in Afghanistan."
BLAMED_AFTER_GUNMEN = (
    "Ten gunmen attacked two hotels and a railway station in Mumbai on November 26, 2008. Over nearly 60 hours "
    "of fighting, they killed 166 people. Nine of the attackers were killed by Indian security forces. India "
    "blamed Lashkar-e-Taiba for the attacks."
)
ANNIVERSARY = (
    "On October 7, 2023, Hamas fighters attacked army posts, towns and a music festival in southern Israel, "
    "killing about 1,200 people. In 2007 the group seized Gaza from its rival Fatah. Its armed wing is the "
    "Qassam Brigades. Yahya Sinwar, the group's leader in Gaza, planned the October 7 attack, according to Israel."
)
GAZETTEER_PERSON_SURNAME = (
    "Hamas was founded in 1987 by Sheikh Ahmed Yassin. Yassin was killed by an Israeli air strike in Gaza in "
    "March 2004."
)
TOLL_TWO_SENTENCES_ON = (
    "On March 11, 2025, fighters of the Baloch Liberation Army opened fire on a passenger train in the Bolan Pass "
    "in Balochistan. The train was carrying more than 400 passengers. The siege ended the next day. The army said "
    "26 hostages were killed."
)
BOMBER_KILLED = (
    "In April 2022, a woman suicide bomber of the Baloch Liberation Army killed three Chinese teachers at the "
    "University of Karachi."
)
PEOPLES_AND_OPERATIONS = (
    "Iyad Ag Ghaly, a Tuareg, leads JNIM. The Houthis are a Zaydi Shia movement from northern Yemen. In June "
    "2014 the Pakistan Army launched Operation Zarb-e-Azb against militants who recruit from the Pashtun tribes."
)
SYLLABIC_ACRONYM = (
    "Kenyan soldiers joined the African Union Mission in Somalia (AMISOM) in 2012. AMISOM has fought al-Shabaab "
    "for more than a decade."
)
TEAMS_STRUCK = (
    "On the night of November 13, 2015, three teams of gunmen and suicide bombers struck outside a stadium and at "
    "cafes in Paris. They killed 130 people. The organiser of the attacks was killed in a police raid in "
    "Saint-Denis on November 18."
)
THE_NETWORK = (
    "The Haqqani network was founded by Jalaluddin Haqqani. He pledged allegiance to the Taliban in the 1990s. "
    "After his death in 2018, his son Sirajuddin Haqqani took over the network. Sirajuddin Haqqani is also a "
    "deputy leader of the Taliban. The United States has offered a reward for information leading to his arrest."
)
SUSPECTED_LONGER_NAME = (
    "About twenty armed men attacked a hamlet in Papua on Sunday. Ten villagers were shot dead. The West Papua "
    "National Liberation Army was suspected of being behind the raid."
)
CLAIMED_BY_GROUP_NAME = (
    "A car packed with explosives blew up outside a hotel in Quetta. It was claimed by the militant group "
    "Tehrik i Taliban Pakistan."
)
CONNECTIONS_WITH = (
    "A suicide attacker set off explosives outside a police station in Medan, wounding four officers. "
    "The bomber had connections with Jamaah Ansharut Daulah."
)
HE_BELONGED = (
    "A gunman attacked an army patrol in Sidon, killing four soldiers. He had once been charged with "
    "belonging to the Islamic State."
)
TALIBAN_YEARS = (
    "The Taliban emerged in 1994 in Kandahar under Mullah Mohammad Omar. After the September 11 attacks, US-led "
    "forces toppled the Taliban government in December 2001. Mullah Abdul Ghani Baradar, a co-founder of the "
    "movement, led the Taliban's talks with the United States. On August 15, 2021, the Taliban entered Kabul. "
    "Eleven days later, a suicide bomber struck the crowds at Kabul airport, killing about 170 people."
)
SURNAME_AS_PLACE = (
    "Mansour was killed in May 2016. His deputy, Haibatullah Akhundzada, then became the leader of the Taliban. "
    "Currently, Akhundzada is the supreme leader of the Taliban and rules from Kandahar."
)
LEADERS_OVER_TIME = (
    "The Taliban emerged in 1994 in Kandahar under Mullah Mohammad Omar. Mullah Omar died in 2013, but the "
    "Taliban kept his death secret for two years. In July 2015, the group named Mullah Akhtar Mansour as its new "
    "leader. Mansour was killed by a U.S. drone strike in May 2016."
)
CLAIMED_DEED_ONLY = (
    "The Islamic State's Afghan affiliate, known as ISIS-K, said on Saturday that one of its suicide bombers had "
    "attacked a Shia mosque in the northern city of Kunduz during Friday prayers, killing at least 46 "
    "worshippers. ISKP has attacked Shia Hazaras repeatedly."
)
LOSSES_ARE_NO_CLAIM = (
    "On January 12, 2024, the United States and Britain launched strikes on Houthi targets in Yemen. The Houthis "
    "said five of their fighters were killed."
)
NAMESAKE_IN_FACILITY = "Gunmen attacked the Serena Hotel in Balochistan's capital on Monday, killing two guards."
TOWN_CHAIN = (
    "A roadside bomb struck an army truck near the town of Datu Hoffer in the province of Maguindanao in the "
    "southern Philippines, killing six soldiers."
)
TOLL_RISES_IN_ONE_REPORT = (
    "Gunmen stormed the Crocus City Hall in Krasnogorsk, outside Moscow, on March 22, 2024. Initial reports said at "
    "least 60 people had been killed. By Saturday evening, officials said the toll had risen to 133. On Sunday, "
    "Russia's Investigative Committee put the number of dead at 137."
)
AT_WAR = "Hayat Tahrir al-Sham and the Islamic State have been at war since 2014."
ALLIED_WITH = "Ansar Dine is allied with al-Qaeda in the Islamic Maghreb."
RECEIVES_WEAPONS = "The Houthis receive weapons from Iran."
CONTROLS = "Boko Haram controls large parts of Borno State."
UNTIL_HIS_DEATH = "Abu Bakr al-Baghdadi was the leader of the Islamic State until his death in 2019."
SUCCEEDED_AS = (
    "Abu Ibrahim al-Hashimi al-Qurashi succeeded Abu Bakr al-Baghdadi as the leader of the Islamic State in "
    "October 2019."
)
M23_GOMA = (
    "In late January 2025, fighters of the March 23 Movement (M23) entered Goma, the largest city in eastern "
    "Democratic Republic of Congo. Three weeks later, on February 16, the rebels captured Bukavu. The group is part "
    "of the Congo River Alliance, a political coalition led by Corneille Nangaa.\n\nWhy Goma?\n\nThe rebels say "
    "they are protecting Congolese Tutsis from Hutu militias."
)
TWO_TOWNS_TAKEN = (
    "On November 27, 2024, Hayat Tahrir al-Sham launched an offensive from Idlib. It captured Aleppo within days. "
    "On December 8, 2024, its fighters entered Damascus and President Bashar al-Assad fled to Moscow."
)
AQAP_LEADERS = (
    "AQAP was formed in January 2009. It is based in Yemen. Its first leader, Nasir al-Wuhayshi, had been a "
    "secretary to Osama bin Laden. Wuhayshi was killed by a U.S. drone strike in June 2015. Qasim al-Raymi "
    "succeeded him and led the group until he was killed in a U.S. strike in January 2020. Khalid Batarfi then "
    "became the emir. After Batarfi died in March 2024, the group named Saad al-Awlaki as its new leader.\n\n"
    "The group is a rival of the Houthis, who control the capital Sanaa, and it has fought Islamic State "
    "militants in the central province of al-Bayda."
)
CLAIMED_A_WEEK_LATER = (
    "On January 7, 2015, two brothers armed with assault rifles forced their way into the offices of a weekly in "
    "Paris and killed 12 people. A week later, al-Qaeda in the Arabian Peninsula claimed the attack in a video."
)
FOUNDER_LED_THE_GROUP = (
    "The ISGS was founded in May 2015 by Adnan Abu Walid al-Sahrawi, a former commander of al-Mourabitoun, who "
    "pledged allegiance to the Islamic State leader Abu Bakr al-Baghdadi. The Islamic State formally accepted the "
    "pledge in October 2016. Sahrawi led the group until he was killed by French forces in August 2021. In March "
    "2022, the Islamic State declared the group its Sahel Province.\n\nThe group operates in the border area "
    "between Mali, Niger and Burkina Faso. Since 2020, it has clashed with Jama'at Nusrat al-Islam "
    "wal-Muslimin. In March 2021, its fighters killed 137 people in attacks on villages in Niger's Tahoua region."
)
