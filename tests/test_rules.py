"""A minimal pair for every switchable rule of the rule coder (`stances.coder.RULES`).

Each pair is two short texts written for this file that differ only in what the rule
handles. With all rules on, each text gives exactly its expected statements; with the rule
switched off, the pair no longer does: the test fails if the rule stops doing anything.
"""

from __future__ import annotations

from datetime import date

import pytest

from stances.codebook import load_codebook
from stances.coder import RULES, analyse_article
from stances.corpus import normalise_text

DAY = date(2025, 3, 10)  # titles resolve by role dates

# Rules for which no pair was found whose result changes with the rule off (candidates for
# deletion). Empty: every rule has a pair below.
NO_PAIR_FOUND: set[str] = set()

# Statements are compared as (actor, topic, stance); rules about time or attribution add
# the field they decide.
EXTRA = {
    "background": "reference",
    "dated_background": "reference",
    "recap": "reference",
    "walk_back": "reference",
    "recap_needs_news": "reference",
    "backshift": "reference",
    "aside_time": "reference",
    "relative_time": "reference",
    "opening_aside": "reference",
    "outsider_speaker": "attribution",
    "outsider_reports": "attribution",
}

Expected = set[tuple[str, ...]]

# rule -> (text, its statements, contrasting text, its statements)
PAIRS: dict[str, tuple[str, Expected, str, Expected]] = {
    "titles": (
        "The Kremlin spokesman said the contacts with Washington had been useful.",
        {("peskov", "us_russia_relations", "support")},
        "Peskov said the contacts with Washington had been useful.",
        {("peskov", "us_russia_relations", "support")},
    ),
    "dateline": (
        "MOSCOW (Reuters) - Lavrov and Rubio discussed prospects for settling the conflict, "
        "the ministry said.",
        {
            ("lavrov", "peace_negotiations", "support"),
            ("rubio", "peace_negotiations", "support"),
            ("lavrov", "us_russia_relations", "support"),
            ("rubio", "us_russia_relations", "support"),
        },
        "MOSCOW (Reuters) - The ministry said Lavrov was discussing prospects for settling "
        "the conflict.",
        {("lavrov", "peace_negotiations", "support")},
    ),
    "pronouns": (
        "Zelensky arrived in Washington on Friday. "
        "He said the minerals deal was fair to both countries.",
        {("zelensky", "minerals_deal", "support")},
        "Olaf Scholz arrived in Washington on Friday. "
        "He said the minerals deal was fair to both countries.",
        set(),
    ),
    "delegation_list": (
        "Rubio held talks with Lavrov in Riyadh. "
        "The American side was represented by Rubio, Waltz and Witkoff.",
        {
            ("rubio", "us_russia_relations", "support"),
            ("lavrov", "us_russia_relations", "support"),
            ("waltz", "us_russia_relations", "support"),
            ("witkoff", "us_russia_relations", "support"),
        },
        "Rubio held talks with Lavrov in Riyadh. "
        "The American side was watched by Rubio, Waltz and Witkoff.",
        {("rubio", "us_russia_relations", "support"), ("lavrov", "us_russia_relations", "support")},
    ),
    "object_not_subject": (
        "Opposition pressure grew on Zelensky to report progress in the negotiations.",
        set(),
        "Zelensky reported progress in the negotiations.",
        {("zelensky", "peace_negotiations", "support")},
    ),
    "intended_contact": (
        "Trump said he plans to speak to Putin about ending the war.",
        {("trump", "peace_negotiations", "support"), ("trump", "us_russia_relations", "support")},
        "Trump said he spoke to Putin about ending the war.",
        {
            ("trump", "peace_negotiations", "support"),
            ("trump", "us_russia_relations", "support"),
            ("putin", "peace_negotiations", "support"),
            ("putin", "us_russia_relations", "support"),
        },
    ),
    "recap_needs_news": (
        "Trump held a call with Putin last week.",
        {
            ("trump", "us_russia_relations", "support", "current"),
            ("putin", "us_russia_relations", "support", "current"),
        },
        "Trump held a call with Putin on Monday.",
        {
            ("trump", "us_russia_relations", "support", "current"),
            ("putin", "us_russia_relations", "support", "current"),
        },
    ),
    "hyphenated_pair": (
        "The Trump-Putin summit in Alaska ended without a deal.",
        {("trump", "us_russia_relations", "support"), ("putin", "us_russia_relations", "support")},
        "The Trump summit with Putin in Alaska ended without a deal.",
        {("trump", "us_russia_relations", "support"), ("putin", "us_russia_relations", "support")},
    ),
    "two_sided_titles": (
        "Top Russian and US diplomats met in Riyadh to restore ties.",
        {("lavrov", "us_russia_relations", "support"), ("rubio", "us_russia_relations", "support")},
        "Top Russian and US economists met in Riyadh to restore ties.",
        set(),
    ),
    "group_reference": (
        "Trump and Putin arrived in Alaska on Friday. Both leaders said they wanted a ceasefire.",
        {("trump", "peace_negotiations", "support"), ("putin", "peace_negotiations", "support")},
        "Trump and Putin arrived in Alaska on Friday. Trump said he wanted a ceasefire.",
        {("trump", "peace_negotiations", "support")},
    ),
    "group_roles": (
        "Trump and Putin arrived in Alaska on Friday. Peskov said a summit between the two "
        "presidents was well prepared.",
        {
            ("trump", "us_russia_relations", "support"),
            ("putin", "us_russia_relations", "support"),
            ("peskov", "us_russia_relations", "support"),
        },
        "Trump and Putin arrived in Alaska on Friday. Peskov said a summit between the two men "
        "was well prepared.",
        set(),
    ),
    "their_exchange": (
        "Trump said he relayed the analogy to Putin during their phone call on Wednesday.",
        {("trump", "us_russia_relations", "support"), ("putin", "us_russia_relations", "support")},
        "Trump said he relayed the analogy to Putin during his phone call on Wednesday.",
        {("trump", "us_russia_relations", "support")},
    ),
    "side_clauses": (
        "Macron called for a ceasefire on Monday, a day after the talks in Riyadh were suspended.",
        {("macron", "peace_negotiations", "support")},
        "Macron called for a ceasefire on Monday.",
        {("macron", "peace_negotiations", "support")},
    ),
    "questions_and_reasons": (
        "Asked whether Washington would lift sanctions on Russia, "
        "Rubio said the talks with Lavrov were productive.",
        {("rubio", "us_russia_relations", "support")},
        "Rubio said the talks with Lavrov were productive.",
        {("rubio", "us_russia_relations", "support")},
    ),
    "conditions": (
        "Starmer said Britain would push for tougher sanctions on Russia "
        "if Putin rejected the truce.",
        {("starmer", "russia_sanctions", "support"), ("starmer", "peace_negotiations", "support")},
        "Starmer said Britain would push for tougher sanctions on Russia.",
        {("starmer", "russia_sanctions", "support")},
    ),
    "contrast_clauses": (
        "Macron backed the ceasefire, while Putin rejected the truce.",
        {("macron", "peace_negotiations", "support"), ("putin", "peace_negotiations", "oppose")},
        "Macron backed the ceasefire.",
        {("macron", "peace_negotiations", "support")},
    ),
    "relative_who": (
        "Zelensky met Kellogg, who said US aid would continue.",
        {("kellogg", "us_aid_ukraine", "support")},
        "Zelensky met Kellogg and said US aid would continue.",
        {("zelensky", "us_aid_ukraine", "support")},
    ),
    "inverted_speaker": (
        "Sanctions on Russia must stay in place, said Rubio.",
        {("rubio", "russia_sanctions", "support")},
        "Sanctions on Russia must stay in place, Rubio said.",
        {("rubio", "russia_sanctions", "support")},
    ),
    "outsider_speaker": (
        "Ukrainian officials said Zelensky was ready for a ceasefire.",
        {("zelensky", "peace_negotiations", "support", "reported")},
        "Rubio said Zelensky was ready for a ceasefire.",
        {("zelensky", "peace_negotiations", "support", "reported")},
    ),
    "possessive_holder": (
        "Trump's determination to impose new sanctions on Russia surprised Moscow.",
        {("trump", "russia_sanctions", "support")},
        "Trump's aide was determined to impose new sanctions on Russia, surprising Moscow.",
        set(),
    ),
    "reported_subjects": (
        "Witkoff said Putin was ready for a ceasefire.",
        {("putin", "peace_negotiations", "support")},
        "Witkoff said he was ready for a ceasefire.",
        {("witkoff", "peace_negotiations", "support")},
    ),
    "inherit_holder": (
        "Putin praised the talks with Washington but rejected a ceasefire.",
        {("putin", "us_russia_relations", "support"), ("putin", "peace_negotiations", "oppose")},
        "Putin praised the talks with Washington but Zelensky rejected a ceasefire.",
        {("putin", "us_russia_relations", "support"), ("zelensky", "peace_negotiations", "oppose")},
    ),
    "background": (
        "During the campaign, Trump promised to end the war within a day.",
        {("trump", "peace_negotiations", "support", "background")},
        "On Monday, Trump promised to end the war within a day.",
        {("trump", "peace_negotiations", "support", "current")},
    ),
    "recap": (
        "Rubio met Lavrov in Riyadh on Tuesday, two days after he told senators that "
        "sanctions on Russia would stay.",
        {
            ("rubio", "us_russia_relations", "support", "current"),
            ("lavrov", "us_russia_relations", "support", "current"),
            ("rubio", "russia_sanctions", "support", "recap"),
        },
        "Rubio met Lavrov in Riyadh on Tuesday and told senators that "
        "sanctions on Russia would stay.",
        {
            ("rubio", "us_russia_relations", "support", "current"),
            ("lavrov", "us_russia_relations", "support", "current"),
            ("rubio", "russia_sanctions", "support", "current"),
        },
    ),
    "headline_framing": (
        "Russia and US hold talks in Riyadh\n\nRubio said relations were improving.",
        {("rubio", "us_russia_relations", "support")},
        "Talks held in Riyadh\n\nRubio said relations were improving.",
        set(),
    ),
    "required_sides": (
        "Zelensky said EU membership was vital for Ukraine.",
        set(),
        "Zelensky said NATO membership was vital for Ukraine.",
        {("zelensky", "ukraine_nato_membership", "support")},
    ),
    "contact_other_side": (
        "Russia rejected the sanctions on Friday. Trump spoke with Macron on Saturday.",
        set(),
        "Russia rejected the sanctions on Friday. Trump spoke with Putin on Saturday.",
        {("trump", "us_russia_relations", "support"), ("putin", "us_russia_relations", "support")},
    ),
    "side_proposal": (
        "Zelensky rejected the Russian proposal for a ceasefire.",
        {("zelensky", "peace_negotiations", "oppose")},
        "Zelensky welcomed the Russian proposal for a ceasefire.",
        {("zelensky", "peace_negotiations", "support")},
    ),
    "sender": (
        "Starmer said Britain was ready to send troops to Ukraine within a coalition "
        "of the willing.",
        {("starmer", "european_security_burden", "support")},
        "Starmer said the United States should send troops to Ukraine.",
        {("starmer", "us_troops_ukraine", "support")},
    ),
    "longest_cue": (
        "Rubio welcomed the talks with Lavrov.",
        {("rubio", "us_russia_relations", "support")},
        "Rubio welcomed the peace talks.",
        {("rubio", "peace_negotiations", "support")},
    ),
    "process_noun": (
        "Witkoff said there was still no agreement to end the fighting.",
        set(),
        "Witkoff said he wanted a quick agreement to end the fighting.",
        {("witkoff", "peace_negotiations", "support")},
    ),
    "owned_evaluation": (
        "Hegseth said Ukraine's hopes of NATO membership were unrealistic.",
        {("hegseth", "ukraine_nato_membership", "oppose")},
        "Hegseth said Ukraine's path to NATO membership was unrealistic.",
        {("hegseth", "ukraine_nato_membership", "oppose")},
    ),
    "negation": (
        "Vance said Ukraine joining NATO was not realistic.",
        {("vance", "ukraine_nato_membership", "oppose")},
        "Vance said Ukraine joining NATO was realistic.",
        {("vance", "ukraine_nato_membership", "support")},
    ),
    "no_cue": (
        "Lavrov said there would be no ceasefire.",
        {("lavrov", "peace_negotiations", "oppose")},
        "Lavrov said a ceasefire was possible.",
        {("lavrov", "peace_negotiations", "support")},
    ),
    "reservation": (
        "Zelensky welcomed the truce, but concerns remained about Russia's intentions.",
        {("zelensky", "peace_negotiations", "mixed")},
        "Zelensky welcomed the truce.",
        {("zelensky", "peace_negotiations", "support")},
    ),
    "contrast_reservation": (
        "Starmer said he backed the truce, but said a truce alone would not hold.",
        {("starmer", "peace_negotiations", "mixed")},
        "Starmer said he backed the truce, and said a truce alone would not hold.",
        {("starmer", "peace_negotiations", "support")},
    ),
    "complaint_alone": (
        "Trump said he was angry with Putin over the strikes.",
        set(),
        "Trump said he was angry with Putin over the strikes, but that their relationship "
        "was good.",
        {("trump", "us_russia_relations", "mixed")},
    ),
    "relative_clauses": (
        "Rubio spoke on Friday at a summit where Lavrov backed a ceasefire.",
        {("lavrov", "peace_negotiations", "support")},
        "Rubio spoke on Friday at a summit with Lavrov and backed a ceasefire.",
        {
            ("rubio", "peace_negotiations", "support"),
            ("rubio", "us_russia_relations", "support"),
            ("lavrov", "us_russia_relations", "support"),
        },
    ),
    "topic_holders": (
        "Macron said the minerals deal was good for Ukraine.",
        set(),
        "Zelensky said the minerals deal was good for Ukraine.",
        {("zelensky", "minerals_deal", "support")},
    ),
    "anaphora": (
        "The minerals deal was finalised in Kyiv on Tuesday. "
        "Zelensky said the agreement was fair to both countries.",
        {("zelensky", "minerals_deal", "support")},
        "The ceasefire was finalised in Riyadh on Tuesday. "
        "Zelensky said the agreement was fair to both countries.",
        {("zelensky", "peace_negotiations", "support")},
    ),
    "side_in_list": (
        "Russian Foreign Minister Sergey Lavrov and U.S. Secretary of State Marco Rubio met in "
        "Riyadh.",
        {("rubio", "us_russia_relations", "support"), ("lavrov", "us_russia_relations", "support")},
        "Russian Foreign Minister Sergey Lavrov and Secretary of State Marco Rubio met in Riyadh.",
        {("rubio", "us_russia_relations", "support"), ("lavrov", "us_russia_relations", "support")},
    ),
    "side_possessive": (
        "Witkoff met with Russia's Vladimir Putin in Moscow.",
        {(a, "us_russia_relations", "support") for a in ("witkoff", "putin")},
        "Witkoff met with Vladimir Putin in Moscow.",
        {(a, "us_russia_relations", "support") for a in ("witkoff", "putin")},
    ),
    "met_object": (
        "Rubio met Lavrov in Riyadh on Tuesday.",
        {("rubio", "us_russia_relations", "support"), ("lavrov", "us_russia_relations", "support")},
        "Rubio met Lavrov's deputy in Riyadh on Tuesday.",
        {("rubio", "us_russia_relations", "support")},
    ),
    "contact_parties": (
        "Rubio praised the talks between Moscow and Kyiv on Tuesday.",
        {("rubio", "peace_negotiations", "support")},
        "Rubio praised the talks between Washington and Moscow on Tuesday.",
        {("rubio", "us_russia_relations", "support")},
    ),
    "negation_scope": (
        "Trump did not say how often he had spoken with Putin.",
        {("trump", "us_russia_relations", "support"), ("putin", "us_russia_relations", "support")},
        "Trump said he had not spoken with Putin.",
        {("trump", "us_russia_relations", "oppose")},
    ),
    "nearest_evaluation": (
        "Zelensky thanked Europe for its help against Russia and called for a minerals deal.",
        {("zelensky", "minerals_deal", "support")},
        "Zelensky called for a minerals deal.",
        {("zelensky", "minerals_deal", "support")},
    ),
    "silence": (
        "Vance did not mention sanctions on Russia in his speech.",
        set(),
        "Vance did not support sanctions on Russia in his speech.",
        {("vance", "russia_sanctions", "oppose")},
    ),
    "failure_condition": (
        "Vance said the US would impose sanctions if Russia fails to agree to a ceasefire.",
        {("vance", "russia_sanctions", "support"), ("vance", "peace_negotiations", "support")},
        "Vance said the US would impose sanctions if Russia agrees to a ceasefire.",
        {("vance", "russia_sanctions", "support")},
    ),
    "listed_speakers": (
        "Macron and Starmer said Europe must spend more on defence.",
        {
            ("macron", "european_security_burden", "support"),
            ("starmer", "european_security_burden", "support"),
        },
        "Macron's adviser and Starmer said Europe must spend more on defence.",
        {("starmer", "european_security_burden", "support")},
    ),
    "consequence": (
        "Peskov said new sanctions on Russia would undermine the peace talks.",
        {("peskov", "russia_sanctions", "oppose"), ("peskov", "peace_negotiations", "support")},
        "Trump said Zelensky would undermine the peace talks.",
        {("zelensky", "peace_negotiations", "oppose")},
    ),
    "listed_partners": (
        "Trump held a call with Putin and Lavrov on Friday.",
        {
            ("trump", "us_russia_relations", "support"),
            ("putin", "us_russia_relations", "support"),
            ("lavrov", "us_russia_relations", "support"),
        },
        "Trump held a call with Putin on Friday.",
        {("trump", "us_russia_relations", "support"), ("putin", "us_russia_relations", "support")},
    ),
    "between_talks": (
        "Lavrov and Rubio met in Riyadh to prepare a summit between Putin and Trump on ending "
        "the war.",
        {
            (actor, topic, "support")
            for actor in ("lavrov", "rubio", "putin", "trump")
            for topic in ("us_russia_relations", "peace_negotiations")
        },
        "Lavrov and Rubio met in Riyadh to prepare a summit between Putin and Trump.",
        {
            (actor, "us_russia_relations", "support")
            for actor in ("lavrov", "rubio", "putin", "trump")
        },
    ),
    "failed_outcome_threat": (
        "Trump threatened sanctions on Russia if a ceasefire is not reached by May.",
        {("trump", "russia_sanctions", "support"), ("trump", "peace_negotiations", "support")},
        "Trump threatened sanctions on Russia if a ceasefire is reached by May.",
        {("trump", "russia_sanctions", "support")},
    ),
    "headline_future": (
        "Rubio to meet Lavrov in Riyadh on Tuesday",
        {("rubio", "us_russia_relations", "support"), ("lavrov", "us_russia_relations", "support")},
        "Rubio flew to Riyadh to meet Lavrov on Tuesday.",
        {("rubio", "us_russia_relations", "support")},
    ),
    "contact_between": (
        "Rubio flew to Riyadh after a phone call between Trump and Putin.",
        {("trump", "us_russia_relations", "support"), ("putin", "us_russia_relations", "support")},
        "Rubio flew to Riyadh after a phone call with Trump and Putin.",
        {("rubio", "us_russia_relations", "support"), ("putin", "us_russia_relations", "support")},
    ),
    "participle_report": (
        "The strikes were bad, Kellogg said, adding that Trump is working to stop the war.",
        {("trump", "peace_negotiations", "support")},
        "The strikes were bad, Kellogg said. He added that Trump is working to stop the war.",
        {("trump", "peace_negotiations", "support")},
    ),
    "predicate_subject": (
        "Trump said that US missiles won't be needed in peace efforts.",
        {("trump", "us_aid_ukraine", "oppose"), ("trump", "peace_negotiations", "support")},
        "Trump said that US missiles won't be needed.",
        {("trump", "us_aid_ukraine", "oppose")},
    ),
    "subject_predicate": (
        "Trump said that expelling Russia from the G8 in 2014 had been a mistake.",
        {("trump", "us_russia_relations", "support")},
        "Trump said that expelling Russia from the G8 in 2014 had been a decision.",
        {("trump", "us_russia_relations", "oppose")},
    ),
    "talks_participants": (
        "Witkoff held a call with Putin while the ceasefire plan took shape.",
        {
            ("witkoff", "us_russia_relations", "support"),
            ("putin", "us_russia_relations", "support"),
            ("witkoff", "peace_negotiations", "support"),
            ("putin", "peace_negotiations", "support"),
        },
        "Witkoff held a call with Putin while the winter weather took shape.",
        {
            ("witkoff", "us_russia_relations", "support"),
            ("putin", "us_russia_relations", "support"),
        },
    ),
    "captions": (
        "Alaska summit\n\n"
        "Trump and Putin met in Alaska to discuss ending the war. (AP Photo/Evan Vucci)",
        set(),
        "Alaska summit\n\nTrump and Putin met in Alaska to discuss ending the war.",
        {
            (actor, topic, "support")
            for actor in ("trump", "putin")
            for topic in ("peace_negotiations", "us_russia_relations")
        },
    ),
    "caption_date": (
        "Trump and Putin met to discuss ending the war in Anchorage, Alaska, Friday, Aug. 15, "
        "2025.",
        set(),
        "Trump and Putin met to discuss ending the war in Anchorage, Alaska, on Friday, Aug. 15.",
        {
            (actor, topic, "support")
            for actor in ("trump", "putin")
            for topic in ("peace_negotiations", "us_russia_relations")
        },
    ),
    "hosted_talks": (
        "In diplomacy aimed at ending the war, Trump hosted Zelensky at the White House.",
        {("trump", "peace_negotiations", "support"), ("zelensky", "peace_negotiations", "support")},
        "In diplomacy aimed at ending the war, Trump praised Zelensky at the White House.",
        {("trump", "peace_negotiations", "support")},
    ),
    "participation": (
        "Witkoff arrived in Moscow on Friday for talks on the ceasefire.",
        {("witkoff", "peace_negotiations", "support")},
        "Witkoff arrived in Moscow on Friday after talks on the ceasefire.",
        set(),
    ),
    "recipient_raises": (
        "Zelensky said he would discuss air defence with Trump.",
        {("zelensky", "us_aid_ukraine", "support")},
        "Macron said he would discuss air defence with Trump.",
        set(),
    ),
    "opening_clause": (
        "After Trump met Putin in Alaska, European leaders announced new sanctions.",
        {("trump", "us_russia_relations", "support"), ("putin", "us_russia_relations", "support")},
        "After meeting Putin in Alaska, Trump announced new sanctions.",
        {("trump", "russia_sanctions", "support")},
    ),
    "attended_event": (
        "Rubio discussed a ceasefire in Jeddah on Tuesday. Waltz attended the meeting.",
        {("waltz", "peace_negotiations", "support")},
        "Rubio discussed a ceasefire in Jeddah on Tuesday. Waltz attended the funeral.",
        set(),
    ),
    "met_event": (
        "Rubio discussed a ceasefire in Paris on Thursday. Witkoff met Macron.",
        {("witkoff", "peace_negotiations", "support"), ("macron", "peace_negotiations", "support")},
        "Rubio discussed a ceasefire in Paris on Thursday. Witkoff will meet Macron.",
        set(),
    ),
    "plan_terms": (
        "Trump gave Ukraine a week to accept the plan. The plan requires Ukraine to cede "
        "territory.",
        {("trump", "ukraine_pre2014_borders", "oppose")},
        "Zelensky refused to accept the plan. The plan requires Ukraine to cede territory.",
        set(),
    ),
    "praised_thing": (
        "Zelensky thanked Trump for the military aid.",
        {("zelensky", "us_aid_ukraine", "support"), ("trump", "us_aid_ukraine", "support")},
        "Zelensky asked Trump about the military aid.",
        set(),
    ),
    "threat_teller": (
        "Trump warned Putin would face a rough situation if he refused to agree to a ceasefire.",
        {("trump", "peace_negotiations", "support")},
        "Trump warned Putin would face a rough situation if he agreed to a ceasefire.",
        set(),
    ),
    "subject_aside": (
        "Hegseth said the restoration of Ukraine's pre-2014 borders — lost in 2014 — was "
        "unrealistic.",
        {("hegseth", "ukraine_pre2014_borders", "oppose")},
        "Hegseth said the restoration of Ukraine's pre-2014 borders was lost in 2014 — "
        "unrealistic.",
        {("hegseth", "ukraine_pre2014_borders", "support")},
    ),
    "owned_charge": (
        "Trump is frustrated with Moscow's refusal to agree to a ceasefire.",
        {("trump", "peace_negotiations", "support")},
        "Trump is frustrated with Moscow and refuses to agree to a ceasefire.",
        {("trump", "peace_negotiations", "oppose")},
    ),
    "conjoined_refusal": (
        "Putin continued strikes and refused an immediate ceasefire.",
        {("putin", "peace_negotiations", "oppose")},
        "Putin continued strikes and an immediate ceasefire.",
        {("putin", "peace_negotiations", "support")},
    ),
    "refused_cue": (
        "Putin refused an immediate ceasefire.",
        {("putin", "peace_negotiations", "oppose")},
        "Putin proposed an immediate ceasefire.",
        {("putin", "peace_negotiations", "support")},
    ),
    "name_as_modifier": (
        "Trump envoy Steve Witkoff met Putin in Moscow.",
        {
            ("witkoff", "us_russia_relations", "support"),
            ("putin", "us_russia_relations", "support"),
        },
        "Trump and Steve Witkoff met Putin in Moscow.",
        {
            ("trump", "us_russia_relations", "support"),
            ("witkoff", "us_russia_relations", "support"),
            ("putin", "us_russia_relations", "support"),
        },
    ),
    "owned_contact": (
        "Peskov praised Trump's call with Putin.",
        {
            ("peskov", "us_russia_relations", "support"),
            ("trump", "us_russia_relations", "support"),
            ("putin", "us_russia_relations", "support"),
        },
        "Rubio praised Trump's call with Putin.",
        {
            ("rubio", "us_russia_relations", "support"),
            ("trump", "us_russia_relations", "support"),
            ("putin", "us_russia_relations", "support"),
        },
    ),
    "led_by": (
        "Talks on a ceasefire began in Riyadh. The US delegation was led by Rubio.",
        {("rubio", "peace_negotiations", "support")},
        "Talks on a ceasefire began in Riyadh. The US delegation was met by Rubio.",
        set(),
    ),
    "joint_exchange": (
        "Lavrov and Rubio discussed prospects for settling the conflict.",
        {
            ("lavrov", "peace_negotiations", "support"),
            ("rubio", "peace_negotiations", "support"),
            ("lavrov", "us_russia_relations", "support"),
            ("rubio", "us_russia_relations", "support"),
        },
        "Lavrov and Rubio welcomed prospects for settling the conflict.",
        {("lavrov", "peace_negotiations", "support"), ("rubio", "peace_negotiations", "support")},
    ),
    "cue_own_words": (
        "Rubio met Zelensky in his efforts to stop the fighting.",
        {("rubio", "peace_negotiations", "support"), ("zelensky", "peace_negotiations", "support")},
        "Rubio met Zelensky in his efforts to end the war.",
        {("rubio", "peace_negotiations", "support"), ("zelensky", "peace_negotiations", "support")},
    ),
    "fronted_phrase": (
        "After the talks, Putin backed a ceasefire.",
        {("putin", "peace_negotiations", "support")},
        "Putin backed a ceasefire after the talks.",
        {("putin", "peace_negotiations", "support")},
    ),
    "speaker_among_subjects": (
        '"Putin and I will meet in Budapest," Trump said.',
        {("putin", "us_russia_relations", "support"), ("trump", "us_russia_relations", "support")},
        '"Putin and Orban will meet in Budapest," Trump said.',
        {("putin", "us_russia_relations", "support")},
    ),
    "relative_time": (
        "Zelensky met Macron on Feb. 2 during a long gathering of European leaders at the "
        "palace, two days after Trump spoke with Putin.",
        {
            ("trump", "us_russia_relations", "support", "background"),
            ("putin", "us_russia_relations", "support", "background"),
        },
        "Zelensky met Macron on Sunday during a long gathering of European leaders at the "
        "palace, two days after Trump spoke with Putin.",
        {
            ("trump", "us_russia_relations", "support", "current"),
            ("putin", "us_russia_relations", "support", "current"),
        },
    ),
    "own_side_contact": (
        "Lavrov said the talks between Putin and Trump would be held in Alaska.",
        {
            ("lavrov", "us_russia_relations", "support"),
            ("putin", "us_russia_relations", "support"),
            ("trump", "us_russia_relations", "support"),
        },
        "Macron said the talks between Putin and Trump would be held in Alaska.",
        {("putin", "us_russia_relations", "support"), ("trump", "us_russia_relations", "support")},
    ),
    "gerund_side_clause": (
        "Rubio met Zelensky in Kyiv, a day after holding a phone call with Lavrov.",
        {("rubio", "us_russia_relations", "support"), ("lavrov", "us_russia_relations", "support")},
        "Rubio met Zelensky in Kyiv, a day after Vance held a phone call with Lavrov.",
        {("vance", "us_russia_relations", "support"), ("lavrov", "us_russia_relations", "support")},
    ),
    "participle_act": (
        "Trump said Putin had gone crazy, praising the ceasefire.",
        {("trump", "peace_negotiations", "support")},
        "Trump said Putin had gone crazy and was praising the ceasefire.",
        {("putin", "peace_negotiations", "support")},
    ),
    "talks_with_other_side": (
        "Rubio arrived in Riyadh for talks with Russia.",
        {("rubio", "peace_negotiations", "support"), ("rubio", "us_russia_relations", "support")},
        "Rubio arrived in Riyadh for talks with Ukraine.",
        {("rubio", "peace_negotiations", "support")},
    ),
    "presence": (
        "Putin and Witkoff spoke for five hours. Dmitriev was also present.",
        {
            ("putin", "us_russia_relations", "support"),
            ("witkoff", "us_russia_relations", "support"),
            ("dmitriev", "us_russia_relations", "support"),
        },
        "Putin and Witkoff spoke for five hours. Dmitriev was also absent.",
        {
            ("putin", "us_russia_relations", "support"),
            ("witkoff", "us_russia_relations", "support"),
        },
    ),
    "adversary_claim": (
        "Zelensky said Putin does not want a ceasefire.",
        set(),
        "Trump said Putin does not want a ceasefire.",
        {("putin", "peace_negotiations", "oppose")},
    ),
    "as_demanded": (
        "Putin refused to agree to a ceasefire, as Trump has demanded.",
        {("putin", "peace_negotiations", "oppose"), ("trump", "peace_negotiations", "support")},
        "Putin refused to agree to a ceasefire, as Trump has said.",
        {("putin", "peace_negotiations", "oppose")},
    ),
    "opening_aside": (
        "Also, after talks with Zelensky, Trump said Ukraine could win back Crimea.",
        {("trump", "ukraine_pre2014_borders", "support", "current")},
        "Trump met Zelensky, after he said Ukraine could win back Crimea.",
        {("trump", "ukraine_pre2014_borders", "support", "recap")},
    ),
    "conjoined_subject": (
        "Trump said he did not want India to buy oil, and the sanctions on Russia stayed.",
        {("trump", "russia_sanctions", "support")},
        "Trump said he did not want India to buy oil or the sanctions on Russia to stay.",
        {("trump", "russia_sanctions", "oppose")},
    ),
    "occasion_meeting": (
        "Rubio discussed a ceasefire in Paris on Thursday. "
        "Witkoff spoke to reporters after a meeting with Macron.",
        {("witkoff", "peace_negotiations", "support")},
        "Rubio discussed a ceasefire in Paris on Thursday. Witkoff held a meeting with Macron.",
        {("witkoff", "peace_negotiations", "support"), ("macron", "peace_negotiations", "support")},
    ),
    "backshift": (
        "Trump said that in a phone call a day earlier he had told Putin to stop the war.",
        {
            ("trump", "us_russia_relations", "support", "current"),
            ("trump", "peace_negotiations", "support", "current"),
        },
        "Trump had said in a phone call a day earlier that he wanted to stop the war.",
        {("trump", "peace_negotiations", "support", "recap")},
    ),
    "aside_time": (
        "Zelensky backed talks on Monday. "
        "Zelensky, who had arrived in London a day earlier, backed a ceasefire.",
        {("zelensky", "peace_negotiations", "support", "current")},
        "Zelensky backed talks on Monday. "
        "Zelensky, who arrived in London, backed a ceasefire a day earlier.",
        {
            ("zelensky", "peace_negotiations", "support", "current"),
            ("zelensky", "peace_negotiations", "support", "recap"),
        },
    ),
    "topic_reservation": (
        "Macron said European troops would need a US backstop.",
        {("macron", "european_security_burden", "mixed")},
        "Macron said European troops would need a UN mandate.",
        {("macron", "european_security_burden", "support")},
    ),
    "noun_phrase_modifier": (
        "Zelensky rejected the proposed ceasefire.",
        {("zelensky", "peace_negotiations", "oppose")},
        "Zelensky welcomed the proposed ceasefire.",
        {("zelensky", "peace_negotiations", "support")},
    ),
    "conjoined_consequence": (
        "Putin said supplying Tomahawk missiles to Ukraine would harm the peace process "
        "and damage U.S.-Russia ties.",
        {
            ("putin", "us_russia_relations", "support"),
            ("putin", "peace_negotiations", "support"),
            ("putin", "us_aid_ukraine", "oppose"),
        },
        "Putin said supplying Tomahawk missiles to Ukraine would harm the peace process.",
        {("putin", "peace_negotiations", "support"), ("putin", "us_aid_ukraine", "oppose")},
    ),
    "negated_complement": (
        "Putin insisted that Ukraine must not join NATO.",
        {("putin", "ukraine_nato_membership", "oppose")},
        "Putin insisted that Ukraine must soon join NATO.",
        {("putin", "ukraine_nato_membership", "support")},
    ),
    "praised_act": (
        "Zelensky thanked Trump for the supply of American weapons.",
        {("zelensky", "us_aid_ukraine", "support"), ("trump", "us_aid_ukraine", "support")},
        "Zelensky thanked Trump after the supply of American weapons.",
        {("zelensky", "us_aid_ukraine", "support")},
    ),
    "sides_meeting": (
        "Putin agreed to meet Zelensky in Istanbul.",
        {("putin", "peace_negotiations", "support")},
        "Putin agreed to meet Lavrov in Istanbul.",
        set(),
    ),
    "framing": (
        "Zelensky said Ukraine would not accept US military aid being treated as a loan.",
        set(),
        "Zelensky said Ukraine would not accept US military aid.",
        {("zelensky", "us_aid_ukraine", "oppose")},
    ),
    "evaluation_chain": (
        "Putin rejected calls to reach a ceasefire.",
        {("putin", "peace_negotiations", "oppose")},
        "Putin backed calls to reach a ceasefire.",
        {("putin", "peace_negotiations", "support")},
    ),
    "reduced_relative": (
        "Macron named the countries willing to guarantee a future peace.",
        set(),
        "Macron said France was willing to guarantee a future peace.",
        {("macron", "peace_negotiations", "support")},
    ),
    "others_act": (
        "Macron said army chiefs would meet in Paris to discuss the peace plan.",
        set(),
        "Macron said he would meet in Paris to discuss the peace plan.",
        {("macron", "peace_negotiations", "support")},
    ),
    "descriptor_subject": (
        "Trump said that Russian dictator Vladimir Putin does not want peace.",
        {("putin", "peace_negotiations", "oppose")},
        "Trump said that he does not want peace with Vladimir Putin.",
        {("trump", "peace_negotiations", "oppose")},
    ),
    "accusation": (
        "Trump accused Zelensky of harming the peace talks.",
        set(),
        "Trump said Zelensky was harming the peace talks.",
        {("zelensky", "peace_negotiations", "oppose")},
    ),
    "lone_surname_speaker": (
        "“Putin wants a ceasefire,” Leavitt said.",
        {("putin", "peace_negotiations", "support")},
        "“Putin wants a ceasefire,” the spokeswoman said.",
        {("putin", "peace_negotiations", "support")},
    ),
    "own_government": (
        "Vance said the Trump administration is committed to a ceasefire.",
        {("vance", "peace_negotiations", "support"), ("trump", "peace_negotiations", "support")},
        "Vance said the Trump team is committed to a ceasefire.",
        {("trump", "peace_negotiations", "support")},
    ),
    "others_send": (
        "Macron said European countries are ready to send troops to Ukraine.",
        {("macron", "european_security_burden", "support")},
        "Macron said the United States is ready to send troops to Ukraine.",
        set(),
    ),
    "other_side_subject": (
        "Putin says Ukraine wants a ceasefire to rearm.",
        set(),
        "Putin says Russia wants a ceasefire to rearm.",
        {("putin", "peace_negotiations", "support")},
    ),
    "outsider_reports": (
        "The Kremlin said Putin wanted a ceasefire.",
        {("putin", "peace_negotiations", "support", "reported")},
        "The Kremlin said it wanted a ceasefire.",
        set(),
    ),
    "concession": (
        "Putin kept up strikes despite calls for a ceasefire.",
        set(),
        "Putin kept up strikes and called for a ceasefire.",
        {("putin", "peace_negotiations", "support")},
    ),
    "joined_acts": (
        "Rubio met with Lavrov in Riyadh on Tuesday. Rubio was joined by Waltz, working to end "
        "the war.",
        {
            ("rubio", "us_russia_relations", "support"),
            ("lavrov", "us_russia_relations", "support"),
            ("rubio", "peace_negotiations", "support"),
            ("waltz", "peace_negotiations", "support"),
            ("waltz", "us_russia_relations", "support"),
        },
        "Rubio met with Lavrov in Riyadh on Tuesday. Rubio was cheered by Waltz, working to end "
        "the war.",
        {
            ("rubio", "us_russia_relations", "support"),
            ("lavrov", "us_russia_relations", "support"),
            ("rubio", "peace_negotiations", "support"),
        },
    ),
    "event_agenda": (
        "Witkoff met Putin in Moscow on Friday. The meeting focused on a ceasefire.",
        {
            ("witkoff", "us_russia_relations", "support"),
            ("putin", "us_russia_relations", "support"),
            ("witkoff", "peace_negotiations", "support"),
            ("putin", "peace_negotiations", "support"),
        },
        "Witkoff met Putin in Moscow on Friday. Later, a ceasefire was announced.",
        {
            ("witkoff", "us_russia_relations", "support"),
            ("putin", "us_russia_relations", "support"),
        },
    ),
    "plan_drafters": (
        "The peace plan was drafted by Witkoff and Dmitriev.",
        {
            ("witkoff", "peace_negotiations", "support"),
            ("dmitriev", "peace_negotiations", "support"),
        },
        'Critics said the peace plan was "basically drafted by Witkoff and Dmitriev."',
        set(),
    ),
    "dispatched_envoy": (
        "Trump directed envoy Witkoff to meet Putin in Moscow.",
        {
            ("trump", "us_russia_relations", "support"),
            ("witkoff", "us_russia_relations", "support"),
        },
        "Trump met Putin after he directed envoy Witkoff to return home.",
        {("trump", "us_russia_relations", "support"), ("putin", "us_russia_relations", "support")},
    ),
    "reported_object": (
        "Trump hailed Zelensky and pledged more military aid.",
        {("trump", "us_aid_ukraine", "support")},
        "Trump hailed Zelensky and Putin for their efforts to end the war.",
        {("zelensky", "peace_negotiations", "support"), ("putin", "peace_negotiations", "support")},
    ),
    "conjoined_predicate": (
        "Trump voiced doubts about military aid to Kyiv and has promised a quick deal.",
        set(),
        "Trump voiced doubts about a quick deal and has promised military aid to Kyiv.",
        {("trump", "us_aid_ukraine", "support")},
    ),
    "failed_outcome": (
        "Trump said no ceasefire was reached.",
        set(),
        "Trump said no ceasefire was possible.",
        {("trump", "peace_negotiations", "oppose")},
    ),
    "dated_background": (
        "Trump met Putin in Riyadh on Jan. 20.",
        {
            ("trump", "us_russia_relations", "support", "background"),
            ("putin", "us_russia_relations", "support", "background"),
        },
        "Trump met Putin in Riyadh on March 5.",
        {
            ("trump", "us_russia_relations", "support", "current"),
            ("putin", "us_russia_relations", "support", "current"),
        },
    ),
    "owned_proposal": (
        "Putin rejected Zelensky's offer of a ceasefire.",
        {("putin", "peace_negotiations", "oppose"), ("zelensky", "peace_negotiations", "support")},
        "Putin rejected Zelensky's account of a ceasefire.",
        {("putin", "peace_negotiations", "oppose")},
    ),
    "provisional_withdrawal": (
        "Rubio said the United States would walk away from the peace talks unless Russia moved.",
        {("rubio", "peace_negotiations", "mixed")},
        "Rubio said the United States would walk away from the peace talks.",
        {("rubio", "peace_negotiations", "oppose")},
    ),
    "joint_contact": (
        "Rubio and Lavrov wrapped up a meeting in Riyadh on Tuesday.",
        {("rubio", "us_russia_relations", "support"), ("lavrov", "us_russia_relations", "support")},
        "Rubio wrapped up a meeting in Riyadh on Tuesday.",
        set(),
    ),
    "delegation": (
        "Trump met Putin in Alaska on Friday. Rubio joined Trump.",
        {
            ("trump", "us_russia_relations", "support"),
            ("putin", "us_russia_relations", "support"),
            ("rubio", "us_russia_relations", "support"),
        },
        "Trump met Putin in Alaska on Friday. Rubio briefed Trump.",
        {("trump", "us_russia_relations", "support"), ("putin", "us_russia_relations", "support")},
    ),
    "binding": (
        "Trump attacked Zelensky, accusing him of harming the peace negotiations.",
        set(),
        "Trump attacked Zelensky, saying he was harming the peace negotiations.",
        {("trump", "peace_negotiations", "oppose")},
    ),
    "criticised_act": (
        "Trump attacked Zelensky for refusing to recognize Crimea as Russian.",
        {("trump", "ukraine_pre2014_borders", "oppose")},
        "Trump praised Zelensky for refusing to recognize Crimea as Russian.",
        {
            ("zelensky", "ukraine_pre2014_borders", "support"),
            ("trump", "ukraine_pre2014_borders", "support"),
        },
    ),
    "walk_back": (
        "Vance had said Ukraine's entry into NATO was unrealistic. "
        "On Sunday he told reporters the issue remains open.",
        {
            ("vance", "ukraine_nato_membership", "oppose", "recap"),
            ("vance", "ukraine_nato_membership", "neutral", "current"),
        },
        "Vance said Ukraine's entry into NATO was unrealistic. "
        "On Sunday he told reporters the issue remains open.",
        {("vance", "ukraine_nato_membership", "oppose", "current")},
    ),
}


@pytest.fixture(scope="module")
def codebook():
    return load_codebook()


def statements(text: str, codebook, rule: str, off: frozenset[str] = frozenset()) -> Expected:
    """What the coder finds in `text`, as the pair for `rule` compares it."""
    fields = ("actor_id", "topic_id", "stance", *([EXTRA[rule]] if rule in EXTRA else []))
    traces = analyse_article(normalise_text(text), codebook, published=DAY, off=off)
    return {tuple(getattr(s, f) for f in fields) for trace in traces for s in trace.statements}


@pytest.mark.parametrize("rule", list(PAIRS))
def test_pair_with_all_rules_on(codebook, rule):
    text, expected, contrast, contrast_expected = PAIRS[rule]
    assert statements(text, codebook, rule) == expected
    assert statements(contrast, codebook, rule) == contrast_expected


@pytest.mark.parametrize("rule", list(PAIRS))
def test_pair_changes_with_its_rule_off(codebook, rule):
    text, expected, contrast, contrast_expected = PAIRS[rule]
    off = frozenset({rule})
    found = (statements(text, codebook, rule, off), statements(contrast, codebook, rule, off))
    assert found != (expected, contrast_expected), f"switching off {rule!r} changes nothing"


def test_every_rule_has_a_pair():
    assert not set(PAIRS) & NO_PAIR_FOUND
    assert set(PAIRS) - set(RULES) == set(), "pairs for rules the coder does not have"
    assert set(RULES) - set(PAIRS) - NO_PAIR_FOUND == set(), "rules without a minimal pair"
    assert set(RULES) >= NO_PAIR_FOUND


@pytest.mark.parametrize("rule", list(PAIRS))
def test_pair_texts_differ(rule):
    text, _, contrast, _ = PAIRS[rule]
    assert text != contrast
