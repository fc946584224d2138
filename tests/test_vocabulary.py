"""A minimal pair for each word family of the default codebook and language file.

Each pair is two short sentences written for this file that differ only in the words of one
family: the first is coded through that family, the contrast (another word in the same place)
is not, or is coded otherwise. The test fails when the family's words leave the codebook.
"""

from __future__ import annotations

from datetime import date

import pytest

from stances.codebook import load_codebook
from stances.coder import analyse_article
from stances.corpus import normalise_text

DAY = date(2025, 3, 10)

Expected = set[tuple[str, str, str]]

# family -> (text, its statements, contrasting text, its statements)
FAMILIES: dict[str, tuple[str, Expected, str, Expected]] = {
    "criticism in every form": (
        "Trump was tough on Putin for stonewalling peace talks.",
        {("trump", "peace_negotiations", "support")},
        "Trump was soft on Putin for stonewalling peace talks.",
        {("trump", "peace_negotiations", "oppose")},
    ),
    "displeasure with someone for an act": (
        "Trump is angry with Putin over his refusal to agree to a ceasefire.",
        {("trump", "peace_negotiations", "support")},
        "Trump is pleased with Putin over his refusal to agree to a ceasefire.",
        {("trump", "peace_negotiations", "oppose")},
    ),
    "pushing back": (
        "Zelensky pushed back at the minerals deal.",
        {("zelensky", "minerals_deal", "oppose")},
        "Zelensky signed off on the minerals deal.",
        {("zelensky", "minerals_deal", "support")},
    ),
    "words of going back that judge nothing": (
        "Zelensky flew back to Kyiv to discuss Crimea.",
        set(),
        "Zelensky flew to Kyiv to back Crimea.",
        {("zelensky", "ukraine_pre2014_borders", "support")},
    ),
    "conducting talks": (
        "Witkoff concluded three hours of talks on a ceasefire in Riyadh.",
        {("witkoff", "peace_negotiations", "support")},
        "Witkoff questioned three hours of talks on a ceasefire in Riyadh.",
        set(),
    ),
    "making the peace": (
        "Erdogan said Trump was trying to broker a peace deal.",
        {("trump", "peace_negotiations", "support")},
        "Erdogan said Trump was trying to picture a peace deal.",
        set(),
    ),
    "a greater role in defence": (
        "Trump said he wants Europe to play a greater role in Ukraine's defence.",
        {("trump", "european_security_burden", "support")},
        "Trump said he wants Europe to play a greater role in Ukraine's economy.",
        set(),
    ),
    "the alliance's members": (
        "Hegseth said members of the alliance agreed to a spending target of 5% of GDP.",
        {("hegseth", "european_security_burden", "support")},
        "Hegseth said members of the committee agreed to a spending target of 5% of GDP.",
        set(),
    ),
    "the end of the killing": (
        "Trump said he wants the killing to stop.",
        {("trump", "peace_negotiations", "support")},
        "Trump said he wants the killing to be investigated.",
        set(),
    ),
    "a war settled": (
        "Trump said he was trying to get the war settled.",
        {("trump", "peace_negotiations", "support")},
        "Trump said he was trying to get the war funded.",
        set(),
    ),
    "mediating": (
        "Trump said he would mediate between Moscow and Kyiv.",
        {("trump", "peace_negotiations", "support")},
        "Trump said he would choose between Moscow and Kyiv.",
        set(),
    ),
    "declaring a truce": (
        "Putin declared an Easter truce.",
        {("putin", "peace_negotiations", "support")},
        "Putin recalled an Easter truce.",
        set(),
    ),
    "an owner's efforts": (
        "The trip was part of Trump's efforts to end the war.",
        {("trump", "peace_negotiations", "support")},
        "The trip was part of Trump's reading on the war's end.",
        set(),
    ),
    "sending soldiers": (
        "Trump said he would not send American soldiers to Ukraine.",
        {("trump", "us_troops_ukraine", "oppose")},
        "Trump said he would not meet American soldiers in Ukraine.",
        set(),
    ),
    "excluding an act": (
        "Trump has excluded sending American soldiers to Ukraine.",
        {("trump", "us_troops_ukraine", "oppose")},
        "Trump has considered sending American soldiers to Ukraine.",
        {("trump", "us_troops_ukraine", "support")},
    ),
    "unlawful": (
        "Putin said the sanctions were illegitimate.",
        {("putin", "russia_sanctions", "oppose")},
        "Putin said the sanctions were in place.",
        set(),
    ),
    "reopening embassies": (
        "Rubio said the United States would reopen its embassy in Moscow.",
        {("rubio", "us_russia_relations", "support")},
        "Rubio said the United States would inspect its embassy in Moscow.",
        set(),
    ),
    "carrying the war on": (
        "Lavrov said the Russians were committed to fighting.",
        {("lavrov", "peace_negotiations", "oppose")},
        "Lavrov said the Russians were committed to rebuilding.",
        set(),
    ),
    "a way out of the war": (
        "Trump said Putin is seeking a way out of the war.",
        {("putin", "peace_negotiations", "support")},
        "Trump said Putin is seeking a way into the war.",
        set(),
    ),
    "an owner's invitation": (
        "Putin's invitation to talks was welcomed in Washington.",
        {("putin", "peace_negotiations", "support")},
        "Putin's absence from talks was noticed in Washington.",
        set(),
    ),
    "hosting the other side": (
        "Putin hosted Witkoff in St Petersburg.",
        {("putin", "us_russia_relations", "support")},
        "Putin quoted Witkoff in St Petersburg.",
        set(),
    ),
    "shaking hands": (
        "Trump shook hands with Putin in Alaska.",
        {("trump", "us_russia_relations", "support"), ("putin", "us_russia_relations", "support")},
        "Trump waved at Putin in Alaska.",
        set(),
    ),
    "speaking together": (
        "Rubio and Lavrov spoke on Monday.",
        {("rubio", "us_russia_relations", "support"), ("lavrov", "us_russia_relations", "support")},
        "Rubio and Lavrov flew on Monday.",
        set(),
    ),
    "holding talks": (
        "Witkoff and Zelensky held three hours of talks on a ceasefire.",
        {
            ("witkoff", "peace_negotiations", "support"),
            ("zelensky", "peace_negotiations", "support"),
        },
        "Witkoff and Zelensky skipped three hours of talks on a ceasefire.",
        set(),
    ),
    "Europe buying weapons": (
        "Trump said European allies would buy American weapons for Ukraine.",
        {("trump", "european_security_burden", "support"), ("trump", "us_aid_ukraine", "support")},
        "Trump said European allies would inspect American weapons for Ukraine.",
        set(),
    ),
    "spending a share": (
        "Trump said NATO countries should spend 5 percent.",
        {("trump", "european_security_burden", "support")},
        "Trump said NATO countries should stay 5 percent.",
        set(),
    ),
    "an owner's pledge": (
        "The Kremlin said Trump's pledge of more weapons for Kyiv was dangerous.",
        {("trump", "us_aid_ukraine", "support")},
        "The Kremlin said Trump's account of more weapons for Kyiv was dangerous.",
        set(),
    ),
    "warning against": (
        "Putin warned against sending weapons to Ukraine.",
        {("putin", "us_aid_ukraine", "oppose")},
        "Putin spoke about sending weapons to Ukraine.",
        set(),
    ),
    "a penalty": (
        "Trump said India will be hit with an additional penalty for purchasing Russian oil.",
        {("trump", "russia_sanctions", "support")},
        "Trump said India will be hit with an additional problem for purchasing Russian oil.",
        set(),
    ),
    "truce efforts": (
        "Trump surprised Europe by announcing truce efforts with Putin.",
        {("trump", "peace_negotiations", "support")},
        "Trump surprised Europe by announcing trade efforts with Putin.",
        set(),
    ),
    "trading land": (
        "Zelensky said Ukraine would not trade its land.",
        {("zelensky", "ukraine_pre2014_borders", "support")},
        "Zelensky said Ukraine would not farm its land.",
        set(),
    ),
    "forbidding": (
        "Zelensky said the constitution forbids giving away territory.",
        {("zelensky", "ukraine_pre2014_borders", "support")},
        "Zelensky said the constitution covers giving away territory.",
        {("zelensky", "ukraine_pre2014_borders", "oppose")},
    ),
    "paid for by Europe": (
        "Trump said the equipment would be paid for by European countries.",
        {("trump", "european_security_burden", "support")},
        "Trump said the equipment would be looked at by European countries.",
        set(),
    ),
    "being in NATO": (
        "Trump said Ukraine will never be in NATO.",
        {("trump", "ukraine_nato_membership", "oppose")},
        "Trump said Ukraine will never be in Davos.",
        set(),
    ),
    "a future in NATO": (
        "Rutte said Ukraine's future is in NATO.",
        {("rutte", "ukraine_nato_membership", "support")},
        "Rutte said Ukraine's future is in doubt.",
        set(),
    ),
    "the open door": (
        "Lavrov said NATO's open door policy was a threat to Russia.",
        {("lavrov", "ukraine_nato_membership", "oppose")},
        "Lavrov said NATO's air policing policy was a threat to Russia.",
        set(),
    ),
    "giving up NATO": (
        "Zelensky offered to give up NATO membership in return for security guarantees.",
        {("zelensky", "ukraine_nato_membership", "oppose")},
        "Zelensky offered to discuss NATO membership in return for security guarantees.",
        {("zelensky", "ukraine_nato_membership", "support")},
    ),
    "focusing on Europe's security": (
        "Hegseth said the US would no longer be focused on Europe's security.",
        {("hegseth", "european_security_burden", "support")},
        "Hegseth said the US would no longer be briefed on Europe's security.",
        set(),
    ),
    "giving weapons": (
        "Trump said he was not thinking about giving Tomahawks to Ukraine.",
        {("trump", "us_aid_ukraine", "oppose")},
        "Trump said he was not thinking about Tomahawks in Ukraine.",
        set(),
    ),
    "asking someone for it": (
        "Zelensky asked Trump for Tomahawks.",
        {("zelensky", "us_aid_ukraine", "support")},
        "Zelensky told Trump of Tomahawks.",
        set(),
    ),
    "too much": (
        "Vance said Ukraine had received too much American money.",
        {("vance", "us_aid_ukraine", "oppose")},
        "Vance said Ukraine had received some American money.",
        set(),
    ),
    "getting along": (
        "Trump said he wanted to get along with Russia.",
        {("trump", "us_russia_relations", "support")},
        "Trump said he wanted to get ahead of Russia.",
        set(),
    ),
    "direct flights": (
        "Lavrov said Washington had agreed to restore direct flights.",
        {("lavrov", "us_russia_relations", "support")},
        "Lavrov said Washington had agreed to restore order.",
        set(),
    ),
    "in no rush": (
        "Trump said he was in no rush to impose sanctions on Russia.",
        {("trump", "russia_sanctions", "oppose")},
        "Trump said he was in a rush to impose sanctions on Russia.",
        {("trump", "russia_sanctions", "support")},
    ),
    "putting troops in": (
        "Trump said he would not put American troops in Ukraine.",
        {("trump", "us_troops_ukraine", "oppose")},
        "Trump said he would not count American troops in Ukraine.",
        set(),
    ),
    "a halt on strikes": (
        "Putin agreed to a 30-day halt on strikes against energy infrastructure.",
        {("putin", "peace_negotiations", "support")},
        "Putin agreed to a 30-day study on strikes against energy infrastructure.",
        set(),
    ),
    "troops as legitimate targets": (
        "Putin warned that any European troops in Ukraine would be legitimate targets.",
        {("putin", "european_security_burden", "oppose")},
        "Putin warned that any European troops in Ukraine would be welcome guests.",
        {("putin", "european_security_burden", "support")},
    ),
    "talks that were pleasant": (
        "Lavrov said the talks with Rubio were pleasant.",
        {("lavrov", "us_russia_relations", "support")},
        "Lavrov said the talks with Rubio were long.",
        set(),
    ),
    "a peaceful or diplomatic solution": (
        "Peskov said Moscow is committed to finding a peaceful resolution.",
        {("peskov", "peace_negotiations", "support")},
        "Peskov said Moscow is committed to finding a military resolution.",
        set(),
    ),
    "a pause of strikes": (
        "Putin agreed to a 30-day pause of strikes on energy sites.",
        {("putin", "peace_negotiations", "support")},
        "Putin agreed to a 30-day pause of exports from energy sites.",
        set(),
    ),
    "NATO paying for weapons": (
        "Trump said NATO would pay for the weapons.",
        {("trump", "european_security_burden", "support")},
        "Trump said the US would pay for the weapons.",
        {("trump", "us_aid_ukraine", "support")},
    ),
    "best to": (
        "Trump said it was best to focus on a comprehensive peace deal.",
        {("trump", "peace_negotiations", "support")},
        "Trump said it was hard to focus on a comprehensive peace deal.",
        set(),
    ),
    "conversation between": (
        "Rubio met Lavrov, following a conversation between Trump and Putin.",
        {
            ("rubio", "us_russia_relations", "support"),
            ("lavrov", "us_russia_relations", "support"),
            ("trump", "us_russia_relations", "support"),
            ("putin", "us_russia_relations", "support"),
        },
        "Rubio met Lavrov, following a dispute between Trump and Putin.",
        {("rubio", "us_russia_relations", "support"), ("lavrov", "us_russia_relations", "support")},
    ),
    "delegation, led by": (
        "Rubio held talks with Lavrov in Riyadh. The American delegation, led by Witkoff, "
        "arrived on Monday.",
        {
            ("rubio", "us_russia_relations", "support"),
            ("lavrov", "us_russia_relations", "support"),
            ("witkoff", "us_russia_relations", "support"),
            # leading the delegation is taking part in the talks (`led_by`)
            ("witkoff", "peace_negotiations", "support"),
        },
        "Rubio held talks with Lavrov in Riyadh. The American delegation, seen by Witkoff, "
        "arrived on Monday.",
        {("rubio", "us_russia_relations", "support"), ("lavrov", "us_russia_relations", "support")},
    ),
    "breakthrough in the war": (
        "Witkoff met Putin on a mission to seek a breakthrough in the three-year war.",
        {
            ("witkoff", "us_russia_relations", "support"),
            ("putin", "us_russia_relations", "support"),
            ("witkoff", "peace_negotiations", "support"),
            ("putin", "peace_negotiations", "support"),
        },
        "Witkoff met Putin on a mission to seek a breakthrough in trade.",
        {
            ("witkoff", "us_russia_relations", "support"),
            ("putin", "us_russia_relations", "support"),
        },
    ),
    "responding to": (
        "Responding to Zelensky's demand that Putin attend the talks, Lavrov mocked him.",
        {("zelensky", "peace_negotiations", "support")},
        "Lavrov mocked the demand that Putin attend the talks.",
        {("lavrov", "peace_negotiations", "oppose")},
    ),
    "charges in every form": (
        "Trump is accusing Zelensky of harming the peace talks.",
        set(),
        "Trump is asking Zelensky about harming the peace talks.",
        {("trump", "peace_negotiations", "oppose")},
    ),
    "ruling out": (
        "Hegseth ruled out NATO membership for Ukraine.",
        {("hegseth", "ukraine_nato_membership", "oppose")},
        "Hegseth discussed NATO membership for Ukraine.",
        set(),
    ),
    "withholding": (
        "Trump withheld aid to Ukraine.",
        {("trump", "us_aid_ukraine", "oppose")},
        "Trump discussed aid to Ukraine.",
        set(),
    ),
    "authorising": (
        "Trump authorised aid to Ukraine.",
        {("trump", "us_aid_ukraine", "support")},
        "Trump discussed aid to Ukraine.",
        set(),
    ),
    "resisting": (
        "Putin resisted a ceasefire.",
        {("putin", "peace_negotiations", "oppose")},
        "Putin discussed a ceasefire.",
        set(),
    ),
    "backing out": (
        # "backed" alone is support
        "Trump backed out of the peace talks.",
        {("trump", "peace_negotiations", "oppose")},
        "Trump backed the peace talks.",
        {("trump", "peace_negotiations", "support")},
    ),
    "stonewalling": (
        "Putin stonewalled the peace talks.",
        {("putin", "peace_negotiations", "oppose")},
        "Putin discussed the peace talks.",
        set(),
    ),
    "watering down": (
        "Trump watered down sanctions on Russia.",
        {("trump", "russia_sanctions", "oppose")},
        "Trump wrote down sanctions on Russia.",
        {("trump", "russia_sanctions", "support")},
    ),
    "giving up on": (
        "Zelensky gave up on NATO membership.",
        {("zelensky", "ukraine_nato_membership", "oppose")},
        "Zelensky spoke up on NATO membership.",
        set(),
    ),
    "pulling out": (
        "Trump pulled out of the peace talks.",
        {("trump", "peace_negotiations", "oppose")},
        "Trump read about the peace talks.",
        set(),
    ),
    "rescinding": (
        "Trump rescinded aid to Ukraine.",
        {("trump", "us_aid_ukraine", "oppose")},
        "Trump discussed aid to Ukraine.",
        set(),
    ),
    "negotiating the peace": (
        "Witkoff negotiated a ceasefire in Riyadh.",
        {("witkoff", "peace_negotiations", "support")},
        "Witkoff described a ceasefire in Riyadh.",
        set(),
    ),
    "peace on terms": (
        "Macron said peace in Ukraine must not mean surrender.",
        {("macron", "peace_negotiations", "mixed")},
        "Macron said peace in Ukraine must come soon.",
        {("macron", "peace_negotiations", "support")},
    ),
    "nothing against": (
        "Putin said Russia had nothing against talks with the US.",
        {("putin", "us_russia_relations", "support")},
        "Putin said Russia had worries about talks with the US.",
        set(),
    ),
    "unfairness": (
        "Zelensky called the minerals deal unfair.",
        {("zelensky", "minerals_deal", "oppose")},
        "Zelensky called the minerals deal long.",
        set(),
    ),
    "Russian companies": (
        "Trump imposed sanctions on Rosneft and Lukoil.",
        {("trump", "russia_sanctions", "support")},
        "Trump imposed sanctions on Caracas and Havana.",
        set(),
    ),
    "interest": (
        "Trump said he was no longer interested in talks with Putin.",
        {("trump", "us_russia_relations", "oppose")},
        "Trump said he was no longer present at talks with Putin.",
        set(),
    ),
    "relying on the US": (
        "Vance told Europeans they could no longer rely on American protection.",
        {("vance", "european_security_burden", "support")},
        "Vance told Europeans they could no longer rely on the old plans.",
        set(),
    ),
    "coming to the table": (
        "Trump said both sides needed to come to the table.",
        {("trump", "peace_negotiations", "support")},
        "Trump said both sides needed to come to the summit.",
        set(),
    ),
    "closer to": (
        "Witkoff said the sides were closer to a peace agreement.",
        {("witkoff", "peace_negotiations", "support")},
        "Witkoff said the sides were silent on a peace agreement.",
        set(),
    ),
    "violations": (
        "Zelensky said Russia violated the ceasefire.",
        {("zelensky", "peace_negotiations", "support")},
        "Zelensky said Russia discussed the ceasefire.",
        set(),
    ),
    "not recognising the occupation": (
        "Zelensky said Ukraine would never recognise the occupation of Crimea.",
        {("zelensky", "ukraine_pre2014_borders", "support")},
        "Zelensky said Ukraine would never forget the occupation of Crimea.",
        set(),
    ),
    "titles with a country's possessive": (
        "Russia's president said a ceasefire was needed.",
        {("putin", "peace_negotiations", "support")},
        "Brazil's president said a ceasefire was needed.",
        set(),
    ),
    "approving": (
        "Trump approved the sale of Patriot missiles to Ukraine.",
        {("trump", "us_aid_ukraine", "support")},
        "Trump discussed the sale of Patriot missiles to Ukraine.",
        set(),
    ),
    "deployment": (
        "Trump said American troops would not be deployed to Ukraine.",
        {("trump", "us_troops_ukraine", "oppose")},
        "Trump said American troops would not be mentioned in Ukraine.",
        set(),
    ),
    "a plan's points": (
        "Trump unveiled his peace plan. Point four offers recognition of Crimea as Russian.",
        {("trump", "ukraine_pre2014_borders", "oppose")},
        "Trump unveiled his peace plan. Putin offers recognition of Crimea as Russian.",
        {("putin", "ukraine_pre2014_borders", "oppose")},
    ),
    "barred from seeking membership": (
        "Trump said the plan bans Ukraine from seeking NATO membership.",
        {("trump", "ukraine_nato_membership", "oppose")},
        "Trump said the plan helps Ukraine in seeking NATO membership.",
        {("trump", "ukraine_nato_membership", "support")},
    ),
    "delaying": (
        "Trump delayed new sanctions on Russia.",
        {("trump", "russia_sanctions", "oppose")},
        "Trump announced new sanctions on Russia.",
        {("trump", "russia_sanctions", "support")},
    ),
    "displeasure as a noun": (
        "Trump voiced frustration with Putin's refusal to agree to a ceasefire.",
        {("trump", "peace_negotiations", "support")},
        "Trump voiced support for Putin's refusal to agree to a ceasefire.",
        {("trump", "peace_negotiations", "oppose")},
    ),
    "expectations are a forecast": (
        "Rubio has no great expectations for the peace talks.",
        set(),
        "Rubio has no great enthusiasm for the peace talks.",
        {("rubio", "peace_negotiations", "oppose")},
    ),
    "asked someone whether": (
        "Reporters asked Trump whether he would agree to send Tomahawk missiles to Ukraine.",
        set(),
        "Reporters said Trump would agree to send Tomahawk missiles to Ukraine.",
        {("trump", "us_aid_ukraine", "support")},
    ),
    "as long as someone else does": (
        "Zelensky backed the talks for as long as Russia rejects a ceasefire.",
        {("zelensky", "peace_negotiations", "support")},
        "Zelensky backed the talks but rejects a ceasefire.",
        {("zelensky", "peace_negotiations", "mixed")},
    ),
    "feigned wishes": (
        "Trump said Putin was pretending to want peace.",
        {("putin", "peace_negotiations", "oppose")},
        "Trump said Putin was beginning to want peace.",
        {("putin", "peace_negotiations", "support")},
    ),
    "NATO members": (
        "Trump said NATO members must spend far more on defence.",
        {("trump", "european_security_burden", "support")},
        "Trump said Asian partners must spend far more on defence.",
        set(),
    ),
    "goals reached": (
        "Zelensky said he discussed how to achieve a lasting peace.",
        {("zelensky", "peace_negotiations", "support")},
        "Zelensky said he discussed how to describe a lasting peace.",
        set(),
    ),
    "readiness": (
        "Zelensky signalled openness to talks with Russia.",
        {("zelensky", "peace_negotiations", "support")},
        "Zelensky signalled doubts about talks with Russia.",
        set(),
    ),
    "no point": (
        "Lavrov said Moscow saw no point in a ceasefire.",
        {("lavrov", "peace_negotiations", "oppose")},
        "Lavrov said Moscow saw a draft of a ceasefire.",
        set(),
    ),
    "sanctions in place": (
        "Rubio said the Moscow sanctions would remain in place.",
        {("rubio", "russia_sanctions", "support")},
        "Rubio said the Moscow sanctions would remain under study.",
        set(),
    ),
    "sending to talks": (
        "Zelensky said Ukraine would send a delegation to the talks in Istanbul.",
        {("zelensky", "peace_negotiations", "support")},
        "Zelensky said Ukraine would watch a broadcast of the talks in Istanbul.",
        set(),
    ),
    "winning territory back": (
        "Trump said Ukraine could win all of its territory back.",
        {("trump", "ukraine_pre2014_borders", "support")},
        "Trump said Ukraine could map all of its territory now.",
        set(),
    ),
    "territory swaps": (
        "Trump said a deal could include territory swaps.",
        {("trump", "ukraine_pre2014_borders", "oppose")},
        "Trump said a deal could include prisoner swaps.",
        set(),
    ),
    "keeping sanctions": (
        "Rubio said Washington would maintain the Moscow sanctions.",
        {("rubio", "russia_sanctions", "support")},
        "Rubio said Washington would review the Moscow sanctions.",
        set(),
    ),
    "a threat of sanctions": (
        "Trump said the tariff threat against Russia would work.",
        {("trump", "russia_sanctions", "support")},
        "Trump said the tariffs against Russia were a threat to trade.",
        {("trump", "russia_sanctions", "oppose")},
    ),
    "regaining Crimea": (
        "Trump said Ukraine will never regain Crimea.",
        {("trump", "ukraine_pre2014_borders", "oppose")},
        "Trump said Ukraine will soon regain Crimea.",
        {("trump", "ukraine_pre2014_borders", "support")},
    ),
    "hitting a long object with sanctions": (
        "Vance said the US would hit Russia's two largest state oil firms with sanctions.",
        {("vance", "russia_sanctions", "support")},
        "Vance said the US would hit Russia's two largest state oil firms with lawsuits.",
        set(),
    ),
    "assuring as reporting": (
        "There will be no boots on the ground in Ukraine, Hegseth assured allies on Tuesday.",
        {("hegseth", "us_troops_ukraine", "oppose")},
        "There will be no boots on the ground in Ukraine, Hegseth showed allies on Tuesday.",
        set(),
    ),
    "Russia's sovereignty over Ukrainian land": (
        "Putin spoke of Russia's sovereignty over Crimea.",
        {("putin", "ukraine_pre2014_borders", "oppose")},
        "Putin spoke of the history of Crimea.",
        set(),
    ),
    "talks on other matters": (
        "Trump said the talks with Kyiv were productive.",
        {("trump", "peace_negotiations", "support")},
        "Trump said the trade talks with Kyiv were productive.",
        set(),
    ),
    "removing Russia from a club": (
        "Trump said removing Russia from the Group of Eight had been a mistake.",
        {("trump", "us_russia_relations", "support")},
        "Trump said removing tariffs from the Group of Eight had been a mistake.",
        set(),
    ),
    "a basis for a settlement": (
        "Putin said the plan could form a basis for a final settlement in Ukraine.",
        {("putin", "peace_negotiations", "support")},
        "Putin said the plan could form an obstacle for a final settlement in Ukraine.",
        set(),
    ),
    "unconstitutional": (
        "Zelensky called such territorial concessions unconstitutional.",
        {("zelensky", "ukraine_pre2014_borders", "support")},
        "Zelensky called such territorial concessions unavoidable.",
        {("zelensky", "ukraine_pre2014_borders", "oppose")},
    ),
    "tremendous": (
        "Trump said the Russian oil sanctions were tremendous.",
        {("trump", "russia_sanctions", "support")},
        "Trump said the Russian oil sanctions were unexpected.",
        set(),
    ),
    "ceding land, not leadership": (
        "Putin demanded that Ukraine cede the rest of Donetsk.",
        {("putin", "ukraine_pre2014_borders", "oppose")},
        "Putin demanded that Ukraine cede the leadership of the talks.",
        set(),
    ),
    "Crimea staying with Russia": (
        "Trump said Crimea will stay with Russia.",
        {("trump", "ukraine_pre2014_borders", "oppose")},
        "Trump said Crimea will stay with Ukraine.",
        set(),
    ),
    "a long object of imposing sanctions": (
        "Trump warned Russia that he would impose a new round of punishing sanctions.",
        {("trump", "russia_sanctions", "support")},
        "Trump warned Russia that he would study a new round of punishing sanctions.",
        set(),
    ),
    "skepticism": (
        "Vance expressed deep skepticism of more military aid to Ukraine.",
        {("vance", "us_aid_ukraine", "oppose")},
        "Vance expressed deep interest in more military aid to Ukraine.",
        set(),
    ),
    "pushing toward talks": (
        "Trump pushed both sides toward peace talks.",
        {("trump", "peace_negotiations", "support")},
        "Trump blamed both sides for the peace talks.",
        {("trump", "peace_negotiations", "oppose")},
    ),
    "peacekeepers as troops": (
        "Hegseth said Washington would not send peacekeepers to Ukraine.",
        {("hegseth", "us_troops_ukraine", "oppose")},
        "Hegseth said Washington would not send diplomats to Ukraine.",
        set(),
    ),
    "backfiring": (
        "Dmitriev predicted that the U.S. sanctions on Russian oil would backfire.",
        {("dmitriev", "russia_sanctions", "oppose")},
        "Dmitriev predicted that the U.S. sanctions on Russian oil would work.",
        {("dmitriev", "russia_sanctions", "support")},
    ),
    "weapons going to Ukraine": (
        "Trump said billions of dollars of US weapons would go to Ukraine.",
        {("trump", "us_aid_ukraine", "support")},
        "Trump said billions of dollars of US weapons would go to Israel.",
        set(),
    ),
    "finishing the war": (
        "Zelensky said he and Trump would talk about how to finish the war.",
        {("zelensky", "peace_negotiations", "support"), ("trump", "peace_negotiations", "support")},
        "Zelensky said he and Trump would talk about how to describe the war.",
        set(),
    ),
    "a backstop is no aid": (
        "Starmer called for US aid to Ukraine.",
        {("starmer", "us_aid_ukraine", "support")},
        "Starmer called for a US backstop for Ukraine.",
        set(),
    ),
    "making available": (
        "Trump said more Patriot systems could be made available to Ukraine.",
        {("trump", "us_aid_ukraine", "support")},
        "Trump said more Patriot systems could be made known to Ukraine.",
        set(),
    ),
    "drafting a plan": (
        "Witkoff drafted the peace proposal.",
        {("witkoff", "peace_negotiations", "support")},
        "Witkoff read the peace proposal.",
        set(),
    ),
    "reversing a halt": (
        "Trump reverses the Pentagon pause on weapons aid to Ukraine.",
        {("trump", "us_aid_ukraine", "support")},
        "Trump orders the Pentagon pause on weapons aid to Ukraine.",
        {("trump", "us_aid_ukraine", "oppose")},
    ),
    "territorial realities": (
        "Lavrov said the new territorial realities must be recognised.",
        {("lavrov", "ukraine_pre2014_borders", "oppose")},
        "Lavrov said the new economic realities must be recognised.",
        set(),
    ),
    "accepting the loss of land": (
        "Trump said Ukraine might need to accept territorial losses.",
        {("trump", "ukraine_pre2014_borders", "oppose")},
        "Trump said Ukraine might need to accept economic losses.",
        set(),
    ),
    "leading talks": (
        "Dmitriev has been leading the business talks with the US side.",
        {("dmitriev", "us_russia_relations", "support")},
        "Dmitriev has been watching the business talks with the US side.",
        set(),
    ),
    "the coalition's names": (
        "Starmer and Macron co-chaired a meeting of the coalition countries.",
        {
            ("starmer", "european_security_burden", "support"),
            ("macron", "european_security_burden", "support"),
        },
        "Starmer and Macron co-chaired a meeting of the G7 countries.",
        set(),
    ),
    "raising spending": (
        "Rutte said European allies would agree on massive spending hikes.",
        {("rutte", "european_security_burden", "support")},
        "Rutte said European allies would agree on massive road repairs.",
        set(),
    ),
    "giving up a region": (
        "Zelensky rejected Putin's demand that Ukraine withdraw from the rest of Donetsk.",
        {
            ("zelensky", "ukraine_pre2014_borders", "support"),
            ("putin", "ukraine_pre2014_borders", "oppose"),
        },
        "Zelensky rejected Putin's demand that Ukraine rebuild the rest of Donetsk.",
        {
            ("zelensky", "ukraine_pre2014_borders", "oppose"),
            ("putin", "ukraine_pre2014_borders", "support"),
        },
    ),
    "concluding as reporting": (
        "The talks with Moscow were useful, Rubio concluded on Friday.",
        {("rubio", "us_russia_relations", "support")},
        "The talks with Moscow were useful, Rubio arrived on Friday.",
        set(),
    ),
    "sending Patriots": (
        "Zelensky asked the US to send more Patriots.",
        {("zelensky", "us_aid_ukraine", "support")},
        "Zelensky asked the US to count more Patriots.",
        set(),
    ),
    "funding the war effort": (
        "Vance said the United States would no longer fund Ukraine's war effort.",
        {("vance", "us_aid_ukraine", "oppose")},
        "Vance said the United States would no longer mock Ukraine's war effort.",
        set(),
    ),
    "paying for the war": (
        "Vance said the US would not keep paying for the war in Ukraine.",
        {("vance", "us_aid_ukraine", "oppose")},
        "Vance said the US would not keep reporting on the war in Ukraine.",
        set(),
    ),
    "sent in the passive": (
        "Hegseth said US troops would not be sent to Ukraine.",
        {("hegseth", "us_troops_ukraine", "oppose")},
        "Hegseth said US troops would not be seen in Ukraine.",
        set(),
    ),
    "an outcome reported, negated": (
        "Vance said the talks had not resulted in a ceasefire.",
        set(),
        "Vance said he had not sought a ceasefire.",
        {("vance", "peace_negotiations", "oppose")},
    ),
    "an outcome reported": (
        "Zelensky flew to Washington after the summit in Alaska ended without a ceasefire.",
        set(),
        "Zelensky flew to Washington after the summit in Alaska to argue against a ceasefire.",
        {("zelensky", "peace_negotiations", "oppose")},
    ),
    "dragging into": (
        "Lavrov said Washington had been dragging Ukraine into NATO for years.",
        {("lavrov", "ukraine_nato_membership", "oppose")},
        "Lavrov said Washington had been watching Ukraine's talks with NATO for years.",
        set(),
    ),
    "taking ownership of security": (
        "Hegseth called on Europe to take ownership of conventional security on the continent.",
        {("hegseth", "european_security_burden", "support")},
        "Hegseth called on Europe to take note of conventional security on the continent.",
        set(),
    ),
    "the security guarantor": (
        "Hegseth said the U.S. would remain Europe's security guarantor.",
        {("hegseth", "european_security_burden", "oppose")},
        "Hegseth said the U.S. would remain Europe's security partner.",
        set(),
    ),
    "preventing and blocking": (
        "Putin sought to block a ceasefire.",
        {("putin", "peace_negotiations", "oppose")},
        "Putin sought to watch a ceasefire.",
        {("putin", "peace_negotiations", "support")},
    ),
    "a negated finality": (
        "Trump said the peace plan was not his final offer.",
        {("trump", "peace_negotiations", "support")},
        "Trump said the peace plan was not his offer.",
        {("trump", "peace_negotiations", "oppose")},
    ),
    "relinquishing territory": (
        "Vance said Ukraine would have to relinquish some territory.",
        {("vance", "ukraine_pre2014_borders", "oppose")},
        "Vance said Ukraine would have to map some territory.",
        set(),
    ),
    "ending imports of Russian energy": (
        "Zelensky urged European nations to halt imports of Russian oil and gas.",
        {("zelensky", "russia_sanctions", "support")},
        "Zelensky urged European nations to count imports of Russian oil and gas.",
        set(),
    ),
    "ending purchases of Russian energy": (
        "Zelensky urged European nations to end their purchases of Russian oil.",
        {("zelensky", "russia_sanctions", "support")},
        "Zelensky urged European nations to end their sales of Russian oil.",
        set(),
    ),
    "support of Europe": (
        "Rutte said Ukraine could hold its lines with the support of the European Union.",
        {("rutte", "european_security_burden", "support")},
        "Rutte said Ukraine could hold its lines with the support of the weather.",
        set(),
    ),
    "aid from the West as a whole": (
        "Zelensky said Ukraine needs weapons and training from American partners.",
        {("zelensky", "us_aid_ukraine", "support")},
        "Zelensky said Ukraine needs weapons and training from Western partners.",
        set(),
    ),
    "providing Ukraine with": (
        "Trump said the U.S. would provide Ukraine with military equipment.",
        {("trump", "us_aid_ukraine", "support")},
        "Trump said the U.S. would trouble Ukraine with military equipment.",
        set(),
    ),
    "there will not be": (
        "Hegseth said there will not be US troops in Ukraine.",
        {("hegseth", "us_troops_ukraine", "oppose")},
        "Hegseth said there will be US troops in Ukraine.",
        set(),
    ),
    "optimism": (
        "Trump expressed optimism about the peace talks.",
        {("trump", "peace_negotiations", "support")},
        "Trump expressed surprise about the peace talks.",
        set(),
    ),
    "fruitful talks": (
        "Rubio said the peace talks were fruitful.",
        {("rubio", "peace_negotiations", "support")},
        "Rubio said the peace talks were lengthy.",
        set(),
    ),
    "meeting in person": (
        "Putin said he would meet Zelensky face to face in Istanbul.",
        {("putin", "peace_negotiations", "support")},
        "Putin said he would mock Zelensky face to face in Istanbul.",
        set(),
    ),
    "talks whose subject is the war": (
        "Rubio arrived in Riyadh on Monday to discuss the war in Ukraine.",
        {("rubio", "peace_negotiations", "support")},
        "Rubio arrived in Riyadh on Monday to discuss the weather in Ukraine.",
        set(),
    ),
    "ending the bloodbath": (
        "Vance said the plan would stop the bloodbath within weeks.",
        {("vance", "peace_negotiations", "support")},
        "Vance said the plan would stop the leaks within weeks.",
        set(),
    ),
    "good done": (
        "Lavrov said the exchange of prisoners would pave the way to talks with Washington.",
        {("lavrov", "us_russia_relations", "support")},
        "Lavrov said the exchange of prisoners would stand in for talks with Washington.",
        set(),
    ),
    "harm done": (
        "Lavrov said the strikes had damaged the talks with Washington.",
        {("lavrov", "us_russia_relations", "support")},
        "Lavrov said the strikes had preceded the talks with Washington.",
        set(),
    ),
    "failing to act": (
        "Vance said Moscow failed to back the ceasefire.",
        {("vance", "peace_negotiations", "oppose")},
        "Vance said Moscow hurried to back the ceasefire.",
        {("vance", "peace_negotiations", "support")},
    ),
    "travel to the other side": (
        "Witkoff travelled to Moscow on Thursday.",
        {("witkoff", "us_russia_relations", "support")},
        "Witkoff travelled to Riga on Thursday, a day before the talks with Russia.",
        set(),
    ),
    "thanking the other side": (
        "Witkoff thanked Moscow on Friday, as the team flew home from Russia.",
        {("witkoff", "us_russia_relations", "support")},
        "Witkoff thanked his staff on Friday, as the team flew home from Russia.",
        set(),
    ),
    "talking to the other side": (
        "Rubio said the United States was ready to talk to Moscow.",
        {("rubio", "us_russia_relations", "support")},
        "Rubio said the United States was ready to listen to Moscow.",
        set(),
    ),
    "business ties": (
        "Rubio said business deals with Moscow were on the agenda.",
        {("rubio", "us_russia_relations", "support")},
        "Rubio said the weather in Moscow was on the agenda.",
        set(),
    ),
    "isolating the other side": (
        "Hegseth said the US would isolate Russia.",
        {("hegseth", "us_russia_relations", "oppose")},
        "Hegseth said the US would understand Russia.",
        set(),
    ),
    "resolving the conflict": (
        "Trump said he was working on resolving the conflict quickly.",
        {("trump", "peace_negotiations", "support")},
        "Trump said he was working on describing the conflict quickly.",
        set(),
    ),
    "stopping the bloodshed": (
        "Starmer said the leaders must stop the bloodshed.",
        {("starmer", "peace_negotiations", "support")},
        "Starmer said the leaders must count the bloodshed.",
        set(),
    ),
    "weapon systems": (
        "Trump said the United States would not send Tomahawk missiles to Kyiv.",
        {("trump", "us_aid_ukraine", "oppose")},
        "Trump said the United States would not send Russian diplomats to Kyiv.",
        set(),
    ),
    "selling weapons": (
        "Zelensky said the United States would sell weapons to Ukraine.",
        {("zelensky", "us_aid_ukraine", "support")},
        "Zelensky said the United States would show weapons to Ukraine.",
        set(),
    ),
    "financing weapons": (
        "Starmer said Europe would finance American weapons for Ukraine.",
        {("starmer", "us_aid_ukraine", "support")},
        "Starmer said Europe would examine American weapons for Ukraine.",
        set(),
    ),
    "investing in defence": (
        "Rutte said allies must invest far more in defence.",
        {("rutte", "european_security_burden", "support")},
        "Rutte said allies must think far more about defence.",
        set(),
    ),
    "allies are the European side": (
        "Vance said allies must spend more on defence.",
        {("vance", "european_security_burden", "support")},
        "Vance said Canada must spend more on defence.",
        set(),
    ),
    "a share of GDP": (
        "Macron said Europe would spend 3.5 per cent of GDP on the military.",
        {("macron", "european_security_burden", "support")},
        "Macron said Europe would see 3.5 per cent of the vote on the military.",
        set(),
    ),
    "footing the bill": (
        "Macron said Europe would foot the bill.",
        {("macron", "european_security_burden", "support")},
        "Macron said Europe would read the bill.",
        set(),
    ),
    "bearing responsibility": (
        "Macron said Europe would assume responsibility for its security.",
        {("macron", "european_security_burden", "support")},
        "Macron said Europe would assume nothing about its security.",
        set(),
    ),
    "prioritising European security": (
        "Hegseth said Washington would no longer prioritise European and Ukrainian security.",
        {("hegseth", "european_security_burden", "support")},
        "Hegseth said Washington would no longer discuss European and Ukrainian affairs.",
        set(),
    ),
    "the main guarantor": (
        "Hegseth said the United States would remain the main guarantor of Europe's security.",
        {("hegseth", "european_security_burden", "oppose")},
        "Hegseth said the United States would remain the main guardian of Europe's security.",
        set(),
    ),
    "meeting face to face": (
        "Lavrov said he was ready to meet Rubio face to face.",
        {("lavrov", "peace_negotiations", "support")},
        "Lavrov said he was ready to meet Rubio in Istanbul.",
        {("lavrov", "us_russia_relations", "support")},
    ),
    "rebuffing": (
        "Putin rebuffed the ceasefire.",
        {("putin", "peace_negotiations", "oppose")},
        "Putin studied the ceasefire.",
        set(),
    ),
    "calling off": (
        "Trump postponed the summit with Putin.",
        {("trump", "us_russia_relations", "oppose")},
        "Trump prepared the summit with Putin.",
        {("trump", "us_russia_relations", "support"), ("putin", "us_russia_relations", "support")},
    ),
    # A side clause opened by "even as" has its own subject.
    "even as": (
        "The delegations will hold talks in Istanbul, even as Putin rejected a ceasefire.",
        {("putin", "peace_negotiations", "oppose")},
        "The delegations will hold talks in Istanbul because Putin rejected a ceasefire.",
        set(),
    ),
    "tariffs": (
        "Trump said he would put a 25% tariff on Russian oil.",
        {("trump", "russia_sanctions", "support")},
        "Trump said he would put a 25% label on Russian oil.",
        set(),
    ),
    "pressure on the Kremlin": (
        "Zelensky urged Trump to ratchet up the pressure on the Kremlin.",
        {("zelensky", "russia_sanctions", "support")},
        "Zelensky urged Trump to ease up the pressure on the Kremlin.",
        {("zelensky", "russia_sanctions", "oppose")},
    ),
    "waiving sanctions": (
        "Trump said he would waive the sanctions on Russian banks.",
        {("trump", "russia_sanctions", "oppose")},
        "Trump said he would widen the sanctions on Russian banks.",
        {("trump", "russia_sanctions", "support")},
    ),
    # "against" names the target of the sanctions, not a judgement of what follows.
    "imposing or adding sanctions": (
        "Vance said Washington would impose sanctions, as Russia kept up its strikes.",
        {("vance", "russia_sanctions", "support")},
        "Vance said sanctions were not as simple as people thought, as Russia kept up its strikes.",
        set(),
    ),
    "hitting with sanctions": (
        "Trump hit Russian oil companies with sanctions, Peskov said.",
        {("trump", "russia_sanctions", "support")},
        "Trump asked Russian oil companies about sanctions, Peskov said.",
        set(),
    ),
    "sanctions against": (
        "Peskov said the sanctions against Russia came as efforts to restore relations with "
        "Washington went on.",
        {("peskov", "russia_sanctions", "support"), ("peskov", "us_russia_relations", "support")},
        "Peskov said the sanctions came as Russia was against efforts to restore relations with "
        "Washington.",
        {("peskov", "us_russia_relations", "oppose")},
    ),
    "NATO's expansion": (
        "Lavrov said the West was pursuing the expansion of NATO.",
        {("lavrov", "ukraine_nato_membership", "oppose")},
        "Lavrov said the West was pursuing the modernisation of NATO.",
        set(),
    ),
    "handing over territory": (
        "Vance said Ukraine might have to hand over some territory to Russia.",
        {("vance", "ukraine_pre2014_borders", "oppose")},
        "Vance said Ukraine might have to keep some territory from Russia.",
        set(),
    ),
    "reclaiming territory": (
        "Zelensky said Ukraine would reclaim its occupied territory.",
        {("zelensky", "ukraine_pre2014_borders", "support")},
        "Zelensky said Ukraine would survey its occupied territory.",
        set(),
    ),
}


@pytest.fixture(scope="module")
def codebook():
    return load_codebook()


def statements(text: str, codebook) -> Expected:
    traces = analyse_article(normalise_text(text), codebook, published=DAY)
    return {(s.actor_id, s.topic_id, s.stance) for trace in traces for s in trace.statements}


@pytest.mark.parametrize("family", list(FAMILIES))
def test_family_pair(codebook, family):
    text, expected, contrast, contrast_expected = FAMILIES[family]
    assert statements(text, codebook) == expected
    assert statements(contrast, codebook) == contrast_expected


@pytest.mark.parametrize("family", list(FAMILIES))
def test_pair_results_differ(family):
    text, expected, contrast, contrast_expected = FAMILIES[family]
    assert text != contrast
    assert expected != contrast_expected
