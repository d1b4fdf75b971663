"""Stage 3: the extractor on small texts of our own, one construction of news English per test."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


# ---------------------------------------------------------------- posts
def test_title_before_a_name_is_a_post_in_the_city(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract("Boston officials met on Monday. City Solicitor Dana K. Whitlow said the city would appeal.")
    assert x.has("Dana K. Whitlow", "holdsPost", "City of Boston")
    assert x.qualifiers("Dana K. Whitlow", "holdsPost", "City of Boston")["role"] == "City Solicitor"


def test_a_name_then_its_title_in_apposition_is_a_post(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract("Denver approved the budget. Maria Lopez, the city's budget director, said the plan was sound.")
    assert x.has("Maria Lopez", "holdsPost", "City of Denver")
    assert x.qualifiers("Maria Lopez", "holdsPost", "City of Denver")["role"] == "budget director"


def test_the_title_then_the_name_in_apposition_is_a_post(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract("Tucson officials spoke on Monday. The mayor, Ruth Castillo, said the city would not renew it.")
    assert x.has("Ruth Castillo", "holdsPost", "City of Tucson")


def test_an_agency_in_front_of_a_title_is_the_employer(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract("FBI special agent in charge Omar Haddad said the bureau had finished its review.")
    assert x.has("Omar Haddad", "holdsPost", "Federal Bureau of Investigation")


def test_a_spokesperson_for_an_organisation(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "Resonant Labs Inc. makes the sensors. Jenna Cole, a spokesperson for the company, declined to comment."
    )
    assert x.has("Jenna Cole", "holdsPost", "Resonant Labs Inc")


def test_a_sheriff_holds_the_sheriffs_office_named_after_the_county(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract("Knox County Sheriff Rowan Talbert renewed the agreement. The sheriff's office confirmed it.")
    assert x.has("Rowan Talbert", "holdsPost", "Knox County Sheriff's Office")


# ---------------------------------------------------------------- aliases and coreference
def test_one_person_under_full_name_surname_and_title(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "Mayor Jane Ortiz met with ICE officials on Monday. Ortiz later said she opposed the contract. "
        "The mayor has said she does not support the renewal of the contract."
    )
    people = [label for label, (kind, _) in x.entities.items() if kind == "Person"]
    assert people == ["Jane Ortiz"]
    assert {"Ortiz", "Mayor Jane Ortiz"} <= set(x.entities["Jane Ortiz"][1])


def test_an_acronym_defined_in_parentheses_is_an_alias(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "The city shares the Regional Plate Exchange (RPX), a database of plate scans, with CBP. "
        "Border agents searched RPX thousands of times, and the database is operated by the police."
    )
    kind, aliases = x.entities["Regional Plate Exchange"]
    assert kind == "InformationSystem" and "RPX" in aliases
    assert x.has("U.S. Customs and Border Protection", "hasAccessTo", "Regional Plate Exchange")


def test_the_agency_refers_back_to_the_agency_named(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "Immigration and Customs Enforcement uses the database. "
        "Activists fear the agency has used it to target residents."
    )
    assert any(c[2] == "U.S. Immigration and Customs Enforcement" for c in x.claims)


# ---------------------------------------------------------------- typed relations
def test_negation_turns_support_into_opposition(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract("District Attorney Larry Park has said he does not support the renewal of the contract.")
    assert x.has("Larry Park", "opposes", "renewal of the contract")
    assert not any(p == "supports" for _, p, _, _ in x.relations)


def test_refusing_to_back_is_opposing(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract("Mayor Evelyn Strand has refused to back the program, a 287(g) agreement with ICE.")
    assert any(s == "Evelyn Strand" and p == "opposes" for s, p, _, _ in x.relations)


def test_a_passive_with_a_coordinated_agent_gives_one_relation_per_agent(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "The Harbor Records System, which has been shared with the FBI since 2011, is managed by three "
        "county entities: the courts, the Harbor County Sheriff's Office and "
        "the Harbor County Public Defender's Office."
    )
    assert x.has("Harbor County Sheriff's Office", "manages", "Harbor Records System")
    assert x.has("Harbor County Public Defender's Office", "manages", "Harbor Records System")
    assert x.qualifiers("Federal Bureau of Investigation", "hasAccessTo", "Harbor Records System")["since"] == "2011"


def test_a_meeting_is_dated_from_the_publication_date(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract("Sheriff Tom Hale met with Mayor Ana Ruiz on Monday.", published="2024-03-07")
    assert x.qualifiers("Tom Hale", "metWith", "Ana Ruiz")["date"] == "2024-03-04"


def test_a_request_is_a_communication_but_the_meeting_asked_for_is_not_a_fact(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "Last Thursday, City Attorney Ben Cruz requested that ICE officials meet with the mayor.",
        published="2024-03-07",
    )
    assert (
        x.qualifiers("Ben Cruz", "communicatedWith", "U.S. Immigration and Customs Enforcement")["date"] == "2024-02-29"
    )
    assert not any(p == "metWith" for _, p, _, _ in x.relations)


def test_a_letter_sent_with_no_addressee_goes_to_the_other_party_not_the_senders_agency(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "Chicago officials asked for answers. ICE field office director Ana Petrov sent a letter Monday in which "
        "she said that the city had failed to provide any examples.",
        published="2024-03-07",
    )
    assert x.has("Ana Petrov", "communicatedWith", "City of Chicago")
    assert not x.has("Ana Petrov", "communicatedWith", "U.S. Immigration and Customs Enforcement")


def test_a_judge_sides_with_one_party_and_rules_against_the_other(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract("Last month, a federal judge sided with Denver officials, ruling against the Justice Department.")
    assert x.has("federal judge", "ruledInFavorOf", "City of Denver")
    assert x.has("federal judge", "ruledAgainst", "U.S. Department of Justice")


def test_a_possessive_case_against_is_a_lawsuit(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract("The ruling could affect Oakland's case against the Justice Department.")
    assert x.has("City of Oakland", "litigatesAgainst", "U.S. Department of Justice")


def test_withholding_money_names_the_amount(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract("Commissioner Marisol Benn has proposed withholding $412,000 from the Knox County Sheriff's Office.")
    assert x.qualifiers("Marisol Benn", "withholdsFundsFrom", "Knox County Sheriff's Office")["amount"] == "$412,000"


def test_protesters_at_a_place_with_a_date(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "On Saturday, members of the Desert Rights Coalition rallied outside City Hall.",
        published="2024-03-07",
    )
    assert x.qualifiers("Desert Rights Coalition", "protestsAt", "City Hall")["date"] == "2024-03-02"


def test_a_contract_that_ends_on_a_date_is_an_end_date(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract("The data is shared with ICE via a contract that ends Aug. 31.", published="2018-07-19")
    assert ("contract", "endDate", "2018-08-31") in [(s.split()[-1], a, v) for s, a, v in x.attributes]


def test_a_unit_of_an_organisation_is_a_sub_organisation(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract("Councilmember Dana Osei chairs the Toledo City Council's public safety committee.")
    assert any(p == "subOrganizationOf" and o == "Toledo City Council" for _, p, o, _ in x.relations)
    assert any(s == "Dana Osei" and p == "holdsPost" and q.get("role") == "chair" for s, p, _, q in x.relations)


# ---------------------------------------------------------------- claims
def test_a_denial_is_a_claim_with_the_denies_stance(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract("Sheriff Rowan Talbert denied that his deputies ask drivers for immigration papers.")
    assert x.claims[0][:2] == ("Rowan Talbert", "denies")


def test_a_negated_complement_is_a_denial(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract("ICE director Simona Reyes said that ICE was not in breach of its contract with the county.")
    assert x.claims[0][:3] == ("Simona Reyes", "denies", "U.S. Immigration and Customs Enforcement")


def test_calling_a_suggestion_baseless_denies_it(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "Agent Mia Stone sent a reply. "
        '"The suggestion that the FBI is targeting witnesses is entirely baseless," she wrote.'
    )
    assert ("Mia Stone", "denies", "Federal Bureau of Investigation") in [c[:3] for c in x.claims]


def test_a_belief_is_a_claim_and_never_a_plain_edge(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract("Immigration activists fear ICE has breached the contract with the city of Reno.")
    assert any(c[1] == "asserts" and c[2] == "U.S. Immigration and Customs Enforcement" for c in x.claims)
    assert not any(p in ("terminates", "partyTo") and s.startswith("U.S. Immigration") for s, p, _, _ in x.relations)


def test_a_spokespersons_report_of_a_meeting_is_a_fact_not_a_claim(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract("Chicago spokesperson Dee Gamble said senior administration officials met Wednesday with ICE.")
    assert any(p == "metWith" for _, p, _, _ in x.relations)
    assert x.claims == []


# ---------------------------------------------------------------- quotes
def test_a_split_quote_is_two_quotes_of_one_speaker(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract('"It is clear from your response," Ben Cruz wrote, "that the agency broke the rules."')
    assert x.quotes == [
        ("Ben Cruz", "It is clear from your response,"),
        ("Ben Cruz", "that the agency broke the rules."),
    ]


def test_fragments_of_one_clause_are_one_quote_and_of_two_clauses_two(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        'Judge Ann Fox wrote that the county "has shared" records about an inmate\'s family "with any agency'
        ' that asks." She added that the jail "keeps no log" and that the sheriff "has never checked."'
    )
    assert sorted(x.quotes) == [
        ("Ann Fox", "has never checked."),
        ("Ann Fox", "has shared … with any agency that asks."),
        ("Ann Fox", "keeps no log"),
    ]


def test_a_speaker_named_in_apposition_before_the_verb(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "In an email to the Courier, the company's general counsel, Harriet Slocum, wrote that Veridex \"has never"
        ' issued credentials to ICE or to any immigration agency."'
    )
    assert [s for s, _ in x.quotes] == ["Harriet Slocum"]


def test_he_is_the_spokesman_named_in_apposition_not_an_earlier_subject(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "Sheriff Carla Demarest said the protest was unlawful. An ICE spokesman, Trevor Lamm, said the agency"
        ' inspects the center regularly. He said ICE "respects the right to peaceful protest."'
    )
    assert x.quotes == [("Trevor Lamm", "respects the right to peaceful protest.")]


def test_the_title_of_a_person_named_before_is_that_person(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "Attorney General Josh Kettering certified the city on March 11. In his letter, the attorney general wrote"
        ' that the ordinance defies the law "in direct defiance of Missouri law."'
    )
    assert [s for s, _ in x.quotes] == ["Josh Kettering"]


def test_a_judgement_in_the_speakers_words_is_a_quote(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract('Mayor Luis Castellanos praised the deal on Tuesday as "fair to our officers and fair to taxpayers."')
    assert x.quotes == [("Luis Castellanos", "fair to our officers and fair to taxpayers.")]


def test_a_pronoun_speaker_is_the_person_named_before(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        'Field office director Simona Reyes sent a letter on Monday. "The claim is entirely baseless," she wrote.'
    )
    assert x.quotes == [("Simona Reyes", "The claim is entirely baseless,")]


def test_an_unattributed_quote_continues_the_speaker_before_it(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract('"When a shot goes off, nobody calls," Chief Warren Hollis said. "This system does."')
    assert [s for s, _ in x.quotes] == ["Warren Hollis", "Warren Hollis"]


def test_scare_quotes_are_not_quotes(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract('The "sanctuary city" case went on while "Occupy ICE" protesters camped at City Hall.')
    assert x.quotes == []
    assert "Occupy ICE" in x.entities


def test_a_chanted_slogan_is_a_quote_and_a_stance(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract('Activists for immigrant rights chanted "Abolish ICE" outside the federal building.')
    assert [q for _, q in x.quotes] == ["Abolish ICE"]
    assert any(p == "opposes" and o == "U.S. Immigration and Customs Enforcement" for _, p, o, _ in x.relations)


# ---------------------------------------------------------------- evidence
def test_every_statement_cites_the_sentence_that_supports_it(nlp) -> None:  # type: ignore[no-untyped-def]
    from graphkit.extract import extract_document
    from graphkit.types import Document

    text = "The council met on Monday.\n\nSheriff Tom Hale met with Mayor Ana Ruiz on Tuesday. It rained."
    x = extract_document(nlp(text), Document(id="d", text=text, published="2024-03-07"))
    for stmt in x.statements:
        for ev in stmt.evidence:
            assert text[ev.start : ev.end] == ev.text
    meeting = next(s for s in x.statements if getattr(s, "predicate", "") == "metWith")
    assert meeting.evidence[0].text == "Sheriff Tom Hale met with Mayor Ana Ruiz on Tuesday."


# ---------------------------------------------------------------- more constructions
def test_membership_by_apposition_and_by_party(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "The Desert Rights Coalition rallied on Monday. Tomas Arellano, a volunteer with the coalition, spoke. "
        "State Sen. Dale Harstad, a Republican from Alexandria, does not support the plan."
    )
    assert x.has("Tomas Arellano", "memberOf", "Desert Rights Coalition")
    assert x.has("Dale Harstad", "memberOf", "Republican Party")


def test_a_case_name_is_a_lawsuit_between_its_parties(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract("Oregon sued in March. The case, Oregon v. U.S. Department of Justice, is set for trial.")
    assert x.has("State of Oregon", "litigatesAgainst", "U.S. Department of Justice")


def test_according_to_attributes_a_claim(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "The Tucson Police Department runs the database. "
        "According to Derechos Unidos Coalition, the department reviewed fewer than 1% of the queries."
    )
    assert ("Derechos Unidos Coalition", "asserts", "Tucson Police Department") in [c[:3] for c in x.claims]


def test_acting_under_an_agreement_makes_a_party(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract("Under a 2020 memorandum of understanding, the Harbor School District shared records with the FBI.")
    parties = {s for s, p, o, _ in x.relations if p == "partyTo"}
    assert {"Harbor School District", "Federal Bureau of Investigation"} <= parties


def test_both_parties_of_an_agreement_between_two_names(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract("The proposed agreement between the Columbus Division of Police and Halcyon Vision Systems runs"
                " five years.")  # fmt: skip
    parties = {s for s, p, o, _ in x.relations if p == "partyTo"}
    assert parties == {"Columbus Division of Police", "Halcyon Vision Systems"}


def test_having_access_to_a_system(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract("The Regional Plate Exchange (RPX) is run by the county. CBP has had access to RPX since 2019.")
    assert x.has("U.S. Customs and Border Protection", "hasAccessTo", "Regional Plate Exchange")


def test_a_spokesperson_for_an_organisation_speaks_for_it(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "Northline Imaging supplies the cameras. A spokesperson for Northline Imaging said the company does not "
        "decide who can search the database."
    )
    assert ("Northline Imaging", "denies", "Northline Imaging") not in [c[:3] for c in x.claims]
    assert any(c[0] == "Northline Imaging" for c in x.claims) or x.claims == []


def test_voting_against_and_criticism(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "Councilmember Ana Ruiz voted against the surveillance ordinance. "
        "Mayor Tom Hale lambasted the Police Department on Tuesday."
    )
    assert any(s == "Ana Ruiz" and p == "opposes" for s, p, _, _ in x.relations)
    assert any(s == "Tom Hale" and p == "criticizes" for s, p, _, _ in x.relations)


def test_a_name_after_a_title_with_its_court(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract("U.S. District Judge Raymond Okafor of the U.S. District Court for Minnesota granted the motion.")
    assert x.has("Raymond Okafor", "holdsPost", "U.S. District Court")


def test_a_planned_act_is_not_an_act(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract("Sheriff Rowan Talbert said he has no plans to end the 287(g) agreement with ICE.")
    assert not any(p == "terminates" for _, p, _, _ in x.relations)


# ---------------------------------------------------------------- entity labels from context
def test_a_company_the_ner_takes_for_a_person_is_an_organisation(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "Omar Reyes, a spokesperson for Harrow Vale, said the company follows the law. "
        "Harrow Vale, which is based in Plano, Texas, sells location data."
    )
    assert x.entities["Harrow Vale"][0] == "Organization"
    assert x.has("Omar Reyes", "holdsPost", "Harrow Vale")
    assert any(r[:3] == ("Harrow Vale", "locatedIn", "City of Plano") for r in x.relations)


def test_a_volunteer_with_a_group_names_the_group(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract("Lucía Ferrer, a volunteer with Frontera Viva, said the city had waited too long.")
    assert x.has("Lucía Ferrer", "memberOf", "Frontera Viva")


def test_a_name_in_apposition_with_a_system_is_the_system_everywhere(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "The order ends a memorandum that gave ICE’s El Paso field office access to Mesa, the Albuquerque Police"
        " Department’s records management system. Mesa holds arrest reports. Police Chief Raymond Archuleta said"
        " the department will shut off the field office’s Mesa accounts by Friday."
    )
    assert x.entities["Mesa"][0] == "InformationSystem"
    assert not any("’s" in label or "'s Mesa" in label for label in x.entities)


def test_the_city_whose_mayor_the_article_names_is_its_city(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "Albuquerque Mayor Tomás Varela signed the order. It ends the access of ICE’s El Paso field office to"
        " the Albuquerque Police Department’s records. El Paso agents had used the system. Officials in El Paso"
        " did not comment."
    )
    assert x.has("Tomás Varela", "holdsPost", "City of Albuquerque")


def test_a_capitalised_common_noun_starting_a_sentence_is_no_name(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract("ICE agents used the records system. Agency spokesman Carl Wendt said the searches were lawful.")
    assert x.has("Carl Wendt", "holdsPost", "U.S. Immigration and Customs Enforcement")
    assert "Agency" not in x.entities


def test_a_name_before_a_title_is_the_employer_but_a_county_is_a_county(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "The account was flagged, said Vantor account manager Brett Lacombe. Douglas County Commissioner"
        ' Ray Ortega said he will ask the board to cancel the contract. "We will keep praying," said Sister'
        " Ana Bergeron, a nun."
    )
    assert x.has("Brett Lacombe", "holdsPost", "Vantor")
    assert "Douglas" not in x.entities
    assert x.quotes == [("Ana Bergeron", "We will keep praying,")]


def test_an_immigrant_network_is_a_group_not_a_computer_network(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract("Lucia Paredes, an organizer with the Front Range Immigrant Network, spoke at the rally.")
    assert x.entities["Front Range Immigrant Network"][0] == "AdvocacyGroup"
    assert x.has("Lucia Paredes", "memberOf", "Front Range Immigrant Network")


def test_a_state_legislator_sits_in_the_state_of_the_dateline_not_in_a_committee(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "PAHRUMP, Nev. (KVGN) — State Assemblywoman Lucia Arvizu, D-Las Vegas, spoke at the rally. Arvizu, who"
        " chairs the Assembly Judiciary Committee, wrote to ICE. The center is run by Sentry Group, a Florida"
        " company."
    )
    assert x.has("Lucia Arvizu", "holdsPost", "State of Nevada")
    assert x.qualifiers("Lucia Arvizu", "holdsPost", "Assembly Judiciary Committee") == {"role": "chair"}


def test_a_named_unit_keeps_its_own_name(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract("ICE said the agency's Enforcement and Removal Operations division inspects the center regularly.")
    assert x.has("Enforcement and Removal Operations", "subOrganizationOf", "U.S. Immigration and Customs Enforcement")
    assert not any("Enforcement Enforcement" in label for label in x.entities)


def test_a_councilor_and_the_city_named_only_in_its_institutions(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "The Indianapolis City-County Council approved the contract, handing Mayor Leland Okonjo a victory."
        " Councilor Tamsin Weller voted no. The Indianapolis Metropolitan Police Department will use the"
        " software. ICE's Chicago field office has accounts."
    )
    assert x.has("Leland Okonjo", "holdsPost", "City of Indianapolis")
    assert x.has("Tamsin Weller", "holdsPost", "Indianapolis City-County Council")


def test_the_staff_of_a_party_member_work_for_the_government_not_the_party(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "INDIANAPOLIS — Mayor Leland Okonjo, a Democrat, praised the contract. Okonjo's chief of staff, Brianna"
        " Feeney, called the council."
    )
    assert not x.has("Brianna Feeney", "holdsPost", "Democratic Party")
    assert x.has("Brianna Feeney", "holdsPost", "City of Indianapolis")


def test_a_judge_sits_on_the_court_the_article_names(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "Kansas City sued the state in Cole County Circuit Court. Late Wednesday, Circuit Judge Harold Vennard"
        " blocked the state from holding back the money. The state froze its Justice Assistance Grant awards."
    )
    assert x.has("Harold Vennard", "holdsPost", "Cole County Circuit Court")
    assert not any(s != "Harold Vennard" for s, p, _, _ in x.relations if p == "holdsPost")


def test_a_judge_granting_an_order_rules_for_whom_it_is_granted(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "Judge Ann Fox granted a preliminary injunction to the Harbor Tenants Union on Monday. Judge Ann Fox"
        " granted the city's lawyers a short break."
    )
    assert x.has("Ann Fox", "ruledInFavorOf", "Harbor Tenants Union")
    assert [o for s, p, o, _ in x.relations if p == "ruledInFavorOf"] == ["Harbor Tenants Union"]


def test_a_vote_to_renew_or_to_authorize_is_support(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "The Nye County Commission voted 4-1 in January to renew that agreement. The Portland City Council voted"
        " 8-1 on Monday to authorize the suit."
    )
    assert x.has("Nye County Commission", "supports", "that agreement")
    assert x.has("Portland City Council", "supports", "suit")


def test_a_board_that_governs_a_department_manages_it(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract("The Kansas City Police Department is governed by a Board of Police Commissioners.")
    assert x.has("Board of Police Commissioners", "manages", "Kansas City Police Department")


def test_a_lone_word_that_starts_a_company_name_is_the_company(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "Emails show that executives of Bluestone Custody Partners lobbied the board. "
        "Bluestone vice president Ira Kell wrote to the chair. The county may award Bluestone the contract."
    )
    assert x.has("Ira Kell", "holdsPost", "Bluestone Custody Partners")
    assert "Bluestone" not in x.entities


def test_a_numbered_bill_is_a_law_not_the_chamber(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract("Gov. Amy Dorn says the ordinance violates Senate Bill 12. Dorn says the ban breaks Proposition 8.")
    assert x.entities["Senate Bill 12"][0] == "Policy"
    assert x.entities["Proposition 8"][0] == "Policy"
    assert "Senate" not in x.entities


def test_county_institutions_name_the_articles_county(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "The Dane County Sheriff's Office runs the Dane County Jail in downtown Madison. "
        "County Administrator Lee Park said the Dane County Board of Supervisors would vote Monday."
    )
    assert x.has("Lee Park", "holdsPost", "Dane County")
    assert x.has("Dane County Jail", "locatedIn", "downtown Madison")


def test_an_organisation_name_before_a_title_is_the_employer(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract("Board of Commissioners Chair Nina Holt called the vote historic.")
    assert x.has("Nina Holt", "holdsPost", "Board of Commissioners")
    assert x.qualifiers("Nina Holt", "holdsPost", "Board of Commissioners")["role"] == "Chair"


def test_a_short_and_a_place_prefixed_name_are_one_body(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "The Dane County Board of Supervisors met Monday. Supervisor Ana Brook said the Board of "
        "Supervisors would vote on the contract next week."
    )
    assert "Board of Supervisors" not in x.entities
    assert x.has("Ana Brook", "holdsPost", "Dane County Board of Supervisors")


# ---------------------------------------------------------------- stances and positions
def test_a_perfect_in_a_relative_clause_is_active(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "The board will vote on the jail expansion. Chair Dana Reed, who has backed the expansion since 2020, spoke."
    )
    assert x.has("Dana Reed", "supports", "jail expansion")


def test_being_urged_to_approve_is_not_approving(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract("The board will vote on the contract. Sheriff Al Moss has urged the board to approve the contract.")
    assert x.has("Al Moss", "supports", "contract")
    assert not any(r[1] == "supports" and r[0] != "Al Moss" for r in x.relations)


def test_one_of_the_members_who_opposed_it(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "The board will vote on the contract. Supervisor Ines Lara, one of two board members who have come "
        "out against the contract, spoke first."
    )
    assert x.has("Ines Lara", "opposes", "contract")


def test_it_after_a_stance_verb_is_the_policy_the_story_is_about(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "Mayor Rosa Diaz signed Executive Order 2024-7 on Monday. The order limits data sharing, and "
        "critics say it conflicts with Senate Bill 4. Council member Tom Hale voted against it."
    )
    assert x.has("Tom Hale", "opposes", "Executive Order 2024-7")


def test_opponents_supporters_and_critics_in_apposition(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "Council member Dana Holt, a longtime critic of Mayor Ray Lund, spoke first. Holt is also an "
        "opponent of the camera contract. The Northside Tenants Union, a supporter of the ordinance, rallied."
    )
    assert x.has("Dana Holt", "criticizes", "Ray Lund")
    assert x.has("Dana Holt", "opposes", "camera contract")
    assert x.has("Northside Tenants Union", "supports", "ordinance")


def test_stance_adjectives_and_against_after_is_even_in_a_second_predicate(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "The Harbor Police Officers Association supports the cameras but is against the contract. Council member"
        " Gerald Hollins has been sharply critical of Chief Warren Tolliver. Mayor Ann Cole is opposed to the"
        " ordinance. Council member Ruth Lee voted against the ordinance."
    )
    assert x.has("Harbor Police Officers Association", "supports", "cameras")
    assert x.has("Harbor Police Officers Association", "opposes", "contract")
    assert x.has("Gerald Hollins", "criticizes", "Warren Tolliver")
    assert x.has("Ann Cole", "opposes", "ordinance")
    assert not x.has("Ann Cole", "supports", "ordinance")


def test_a_lawsuit_filed_against_someone(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract("Sheriff Cole Banks runs the jail. The Harbor Gazette filed a lawsuit against the sheriff in March.")
    assert x.has("Harbor Gazette", "litigatesAgainst", "Cole Banks")


def test_the_people_a_suit_names_are_sued_but_not_its_witnesses(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "The Harbor Justice Collective sued the city in March. The suit also names Police Chief Alana Ruiz as a"
        " defendant. It names Mayor Ann Cole as a witness."
    )
    assert x.has("Harbor Justice Collective", "litigatesAgainst", "Alana Ruiz")
    assert not x.has("Harbor Justice Collective", "litigatesAgainst", "Ann Cole")


def test_in_favor_of_is_support_but_ruling_in_favor_is_a_ruling(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "Mayor Ann Cole spoke in favor of the contract. Judge Celia Brandt ruled in favor of the Harbor Tenants Union."
    )
    assert x.has("Ann Cole", "supports", "contract")
    assert not x.has("Celia Brandt", "supports", "Harbor Tenants Union")


def test_a_place_before_a_groups_name_is_part_of_the_name(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract("The Sacramento Justice Collective rallied outside City Hall on Monday.")
    assert "Sacramento Justice Collective" in x.entities


def test_a_firm_named_after_its_town_is_located_there(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract("The county hired the Des Moines firm Benning Strategies to lobby for the contract.")
    assert x.has("Benning Strategies", "locatedIn", "City of Des Moines")


def test_a_name_described_as_a_shelter_is_no_town(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Casa del Puente, a church-run shelter, took in families. Casa del Puente is full.")
    assert [(e.text, e.label_) for e in doc.ents] == [("Casa del Puente", "ORG")] * 2


def test_the_only_member_to_vote_against_is_the_subject(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract("Councilmember Dario Vance was the only council member to vote against the contract in February.")
    assert x.has("Dario Vance", "opposes", "contract")


def test_a_member_of_the_group_by_copula(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract("Tulsa Families for Jail Accountability held a vigil. Rita Moss is a member of the group.")
    assert x.has("Rita Moss", "memberOf", "Tulsa Families for Jail Accountability")


# ---------------------------------------------------------------- claims and quotes
def test_no_in_the_complement_is_a_denial(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "Bluestone Partners bid for the contract. Company spokesperson Erin Vale said Bluestone had no role in "
        "drafting the bid rules."
    )
    assert any(c[1] == "denies" and c[2] == "Bluestone Partners" for c in x.claims)


def test_whether_is_a_question_not_a_claim(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract("Chair Gene Ward has not said whether the county will renew the contract.")
    assert x.claims == []


def test_the_author_of_a_letter_is_the_claimant(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "Gov. Amy Dorn wrote to the mayor about Executive Order 2024-7. "
        "Dorn's letter insists the order violates state law."
    )
    assert ("Amy Dorn", "asserts", "Executive Order 2024-7") in [c[:3] for c in x.claims]


def test_a_name_inside_a_quote_is_not_the_speaker(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "Sheriff Cole Banks kept the reports secret. Jo Reyes says the reports are public. "
        '"They are not personnel files, no matter what the sheriff says," she said.'
    )
    assert ("Jo Reyes", "They are not personnel files, no matter what the sheriff says,") in x.quotes


def test_a_quote_in_an_accusation_is_the_accusers(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "Gov. Amy Dorn wrote to Mayor Rosa Diaz on Friday. "
        'She followed up by accusing Diaz of putting "politics over public safety."'
    )
    assert ("Amy Dorn", "politics over public safety.") in x.quotes


def test_a_title_and_name_the_parser_did_not_join(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract("Portland officials met Monday. Council member Ana Lee wrote to the police chief, Carl Ng, on Tuesday.")
    assert x.has("Carl Ng", "holdsPost", "Portland Police Department")
    assert x.has("Ana Lee", "communicatedWith", "Carl Ng")


def test_appointed_to_a_post(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract("Portland officials met Monday. Carl Ng, who was appointed police chief in 2019, spoke first.")
    assert x.has("Carl Ng", "holdsPost", "Portland Police Department")


def test_idioms_of_criticism_and_opposition(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "Council member Ana Lee took aim at Mayor Ted Wheeler over the contract. The contract drew sharp "
        "criticism from the ACLU of Oregon. Council member Joe Hart is against the contract."
    )
    assert x.has("Ana Lee", "criticizes", "Ted Wheeler")
    assert x.has("American Civil Liberties Union", "criticizes", "contract")
    assert x.has("Joe Hart", "opposes", "contract")


def test_a_quote_reopened_in_the_next_paragraph(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        'Mayor Ana Ruiz defended the plan. "We looked at every option.\n\n'
        '"In the end, this was the only plan," Ruiz said. The council votes Monday.\n\n'
        '"This is a bad deal," according to Council member Joe Park.'
    )
    assert ("Ana Ruiz", "We looked at every option.") in x.quotes
    assert ("Ana Ruiz", "In the end, this was the only plan,") in x.quotes
    assert ("Joe Park", "This is a bad deal,") in x.quotes
    assert not any("council votes" in text for _, text in x.quotes)


def test_a_verb_after_the_next_quote_attributes_that_one(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        'Council member Maria Gonzalez voted no. "It\'s not about money," said Gonzalez, a Democrat. '
        '"It\'s about trust."\n"We have nothing to hide," Sheriff Dan Cho said.'
    )
    assert ("Maria Gonzalez", "It's about trust.") in x.quotes


def test_an_occupation_at_an_organisation_is_a_post(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract('"It is a problem," said David Pimentel, an ecologist at Cornell University.')
    assert x.has("David Pimentel", "holdsPost", "Cornell University")


def test_where_someone_is_from_is_no_membership(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "Diver Brian Michaud of Chicago hooked the men to harnesses. "
        "But trustee Dan Bakst, a West Palm Beach, Fla., lawyer, said he would not settle."
    )
    assert not any(r[1] in ("memberOf", "holdsPost") for r in x.relations)


def test_abbreviated_titles_and_plural_titles(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "Milwaukee officials met Monday. Ald. Teodora Ruiz introduced the ordinance. "
        "Councilmembers Ben Osterhout and Mia Sorensen voted against it."
    )
    assert x.has("Teodora Ruiz", "holdsPost", "City of Milwaukee")
    assert x.qualifiers("Mia Sorensen", "holdsPost", "City of Milwaukee")["role"] == "Councilmember"
    assert x.has("Ben Osterhout", "holdsPost", "City of Milwaukee")


def test_an_organisations_committee_named_with_a_possessive(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract("Councilmember Jasmine Thibodeaux, who chairs the City Council's Criminal Justice Committee, spoke.")
    assert x.has("Criminal Justice Committee", "subOrganizationOf", "City Council")
    assert x.has("Jasmine Thibodeaux", "holdsPost", "City Council")


def test_voting_no_on_a_motion_to_cancel_supports_the_contract(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "The council voted 5-2 to cancel the drone contract. Councilmembers Ben Osterhout and Reid Sorensen voted no."
    )
    assert x.has("Ben Osterhout", "supports", "drone contract")
    assert x.has("Reid Sorensen", "supports", "drone contract")
    y = extract("The council will vote on the drone contract Tuesday. Council member Reid Sorensen voted no.")
    assert y.has("Reid Sorensen", "opposes", "drone contract")


def test_an_agencys_arm_and_a_dateline_city(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "OMAHA, Neb. (KOHN) — Agents with Homeland Security Investigations, ICE's criminal investigative arm, "
        "raided the Prairie Gold Foods plant on Monday. Mayor Karen Lind said the city was not told."
    )
    assert x.has("Homeland Security Investigations", "subOrganizationOf", "U.S. Immigration and Customs Enforcement")
    assert x.has("Homeland Security Investigations", "raided", "Prairie Gold Foods plant")
    assert x.has("Karen Lind", "holdsPost", "City of Omaha")


def test_talking_responding_and_criticism_idioms(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "Mayor Ana Cruz spoke with Gov. Jared Polis by phone on Tuesday. Police Chief Ron Hale responded to the "
        "ACLU of Colorado in a letter. The ACLU of Colorado has been sharply critical of the Sentinel program. "
        "Council member Jo Park blamed Police Chief Ron Hale for the leak."
    )
    assert x.has("Ana Cruz", "communicatedWith", "Jared Polis")
    assert x.has("Ron Hale", "communicatedWith", "American Civil Liberties Union")
    assert x.has("Jo Park", "criticizes", "Ron Hale")
    assert any(r[:2] == ("American Civil Liberties Union", "criticizes") for r in x.relations)


def test_a_split_quote_whose_first_words_the_parser_took_for_the_subject(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        '"This contract," Council Chair Danica Whitehorse said before the vote, "was sold to us as a '
        'search-and-rescue tool."'
    )
    assert ("Danica Whitehorse", "This contract,") in x.quotes
    assert ("Danica Whitehorse", "was sold to us as a search-and-rescue tool.") in x.quotes


def test_a_name_the_ner_missed_before_its_title(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "New Orleans officials met. Tyrone Batiste, the mayor's communications director, said in a written "
        'response that "no city employee has ever run a search for immigration purposes."'
    )
    assert x.has("Tyrone Batiste", "holdsPost", "City of New Orleans")
    assert ("Tyrone Batiste", "no city employee has ever run a search for immigration purposes.") in x.quotes


def test_sitting_on_a_board_and_belonging_to_a_group(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "Maria Méndez, who belongs to Comité Valle Unido, spoke. Council member Ana Lee serves on the Budget Committee."
    )
    assert x.has("Maria Méndez", "memberOf", "Comité Valle Unido")
    assert x.has("Ana Lee", "memberOf", "Budget Committee")


def test_a_councils_committee_is_no_advocacy_group(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "Councilmember Jo Lee chairs the City Council's Criminal Justice Committee. Members of Unión de "
        "Trabajadores del Golfo, a day laborers' organization, rallied at City Hall. The group has accused "
        "Mayor Andre Duplessis of hiding behind the state police."
    )
    assert x.entities["Criminal Justice Committee"][0] == "GovernmentOrganization"
    assert x.has("Unión de Trabajadores del Golfo", "criticizes", "Andre Duplessis")


def test_an_object_pronoun_is_not_its_own_clauses_subject(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "Gov. Wade Pruett wrote to Mayor Teresa Villanueva. He followed up by accusing her of putting politics "
        "over public safety. Mayor Ana Cruz met Sheriff Tom Reyes on Monday. She told him the deal was dead."
    )
    assert x.has("Wade Pruett", "criticizes", "Teresa Villanueva")
    assert x.has("Ana Cruz", "communicatedWith", "Tom Reyes")


def test_calling_a_contract_reckless_is_criticism(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract("The council approved the StreetSight contract. Council member Jo Park called the contract reckless.")
    assert x.has("Jo Park", "criticizes", "StreetSight contract")


# ---------------------------------------------------------------- stances named by nouns, motions, open questions
def test_a_critic_opponent_or_supporter_named_by_a_noun(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "Councilmember Priya Raman has been one of the StreetSight contract's sharpest critics. "
        "Sheriff Dan Miller of Knox County is a vocal supporter of the 287(g) agreement. "
        "Mayor Ann Lee is among the agreement's fiercest opponents. Critics of the StreetSight contract say it "
        "costs too much."
    )
    assert x.has("Priya Raman", "criticizes", "StreetSight contract")
    assert x.has("Dan Miller", "supports", "287(g) agreement")
    assert x.has("Ann Lee", "opposes", "287(g) agreement")
    # "Critics of the contract say": critics the article does not name stand for no one
    assert [s for s, p, _, _ in x.relations if p == "criticizes"] == ["Priya Raman"]


def test_voting_against_ending_an_agreement_is_opposition_not_its_end(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "The Douglas County Board will vote on the ICE jail contract. The board's chairwoman, Linda Pfeiffer, "
        "said she would vote against ending the contract."
    )
    opposed = [o for s, p, o, _ in x.relations if (s, p) == ("Linda Pfeiffer", "opposes")]
    assert [x.entities[o] for o in opposed] == [("Action", ("ending the contract",))]
    assert not [r for r in x.relations if r[1] == "terminates"]


def test_whoever_moves_a_motion_supports_what_it_would_do(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract("Commissioner Lupe Arredondo made the motion to end the jail agreement with ICE.")
    supported = [o for s, p, o, _ in x.relations if (s, p) == ("Lupe Arredondo", "supports")]
    assert [x.entities[o][0] for o in supported] == ["Action"]
    assert not [r for r in x.relations if r[1] in ("terminates", "partyTo") and r[0] == "Lupe Arredondo"]


def test_an_open_question_is_no_stance(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract("Mayor Lionel Achterberg has not said whether he would sign the surveillance ordinance.")
    assert not x.has("Lionel Achterberg", "supports", "surveillance ordinance")


# ---------------------------------------------------------------- names the parser hangs elsewhere
def test_a_spokesman_for_an_agency_then_his_name(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract("A spokesman for Louisiana State Police, Lt. Gerald Fortier, said the agency followed the law.")
    assert x.has("Gerald Fortier", "holdsPost", "Louisiana State Police")


def test_a_group_the_ner_missed_is_known_by_its_description(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "The march was organized by Voces del Sur, a South Omaha immigrant-rights group. Voces del Sur met "
        "Wednesday with lawyers from the Nebraska Immigrant Legal Center."
    )
    assert x.has("Voces del Sur", "metWith", "Nebraska Immigrant Legal Center")


def test_each_description_in_a_coordinated_apposition(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract("Hal Brenner, a hop grower and longtime member of the Yakima Valley Growers Association, voted no.")
    assert x.has("Hal Brenner", "memberOf", "Yakima Valley Growers Association")


def test_a_relative_clause_after_a_place_describes_the_organisation_there(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "Workers were taken to the Douglas County Department of Corrections in downtown Omaha, which holds "
        "detainees under a contract with ICE."
    )
    assert x.has(
        "Douglas County Department of Corrections", "partyTo", "contract with U.S. Immigration and Customs Enforcement"
    )


def test_the_company_that_runs_a_program(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract("The drones are made by SkyTether Inc., the Provo company that runs the city's drone database.")
    assert x.has("SkyTether Inc", "manages", "drone database")


def test_the_board_in_a_possessive_keeps_its_name(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract("The board's chairwoman, Linda Pfeiffer, spoke first.")
    assert all(label for label in x.entities)


# ---------------------------------------------------------------- claims: others' conduct, rebuttals
def test_a_claim_about_others_is_kept_beside_the_fact_it_states(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "The Sentinel database holds plate scans. The New Mexico Immigrant Families Alliance says ICE agents "
        "used the Sentinel database to find people."
    )
    assert (
        "New Mexico Immigrant Families Alliance",
        "asserts",
        "U.S. Immigration and Customs Enforcement",
    ) in [c[:3] for c in x.claims]


def test_denying_that_denies_the_claim_before_it(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "The Sentinel database holds plate scans. The New Mexico Immigrant Families Alliance says ICE agents "
        "used the Sentinel database to find people. ICE spokesman Carl Wendt denied that."
    )
    assert ("Carl Wendt", "denies", "U.S. Immigration and Customs Enforcement") in [c[:3] for c in x.claims]


def test_its_president_belongs_to_the_organisation_the_last_sentence_is_about(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "The Capital City Police Officers Association, which represents 1,800 Columbus officers, opposes the "
        "contract. Its president, Sgt. Phil Marchetti, said the union wants a say."
    )
    assert x.has("Phil Marchetti", "holdsPost", "Capital City Police Officers Association")
    assert not x.has("Phil Marchetti", "holdsPost", "City of Columbus")


def test_a_spokesman_in_a_city_then_his_name(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract("An ICE spokesman in Atlanta, Brent Hollowell, said the agency lodged 41 detainers.")
    assert x.has("Brent Hollowell", "holdsPost", "U.S. Immigration and Customs Enforcement")


def test_hyphenated_place_names_stay_whole(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "Athens-Clarke County Sheriff Ynez Calloway ended the agreement. Winston-Salem Mayor Ann Lee spoke. "
        "State Rep. Carla Nwosu, D-Athens, objected."
    )
    assert x.has("Ynez Calloway", "holdsPost", "Athens-Clarke County Sheriff's Office")
    assert x.has("Ann Lee", "holdsPost", "City of Winston-Salem")
    assert "D-Athens" not in x.entities


# ---------------------------------------------------------------- systems and deals described in passing
def test_a_system_the_company_runs(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "Halcyon Vision Inc. makes the cameras. The footage goes to EvidenceVault, a cloud system the company runs."
    )
    assert x.has("Halcyon Vision Inc", "manages", "EvidenceVault")


def test_it_is_managed_by_is_said_of_the_system(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "The Albuquerque Police Department keeps the Mesa database. It is managed by the department's Records Division."
    )
    assert x.has("Records Division", "manages", "Mesa")
    assert not x.has("Records Division", "manages", "Albuquerque Police Department")


def test_a_memorandum_of_understanding_between_two_parties(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "The three-year contract, a memorandum of understanding between Worcester Public Schools and the "
        "Worcester Police Department, ends in June."
    )
    agreements = [label for label, (kind, _) in x.entities.items() if kind == "Agreement"]
    assert len(agreements) == 1  # the contract and the memorandum in apposition are one deal
    assert x.has("Worcester Public Schools", "partyTo", agreements[0])
    assert x.has("Worcester Police Department", "partyTo", agreements[0])


def test_a_memorandum_of_understanding_keeps_its_whole_name(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract("The policy ends a 2019 memorandum of understanding between Worcester Public Schools and the police.")
    assert x.has("Worcester Public Schools", "partyTo", "memorandum of understanding")


def test_a_product_the_ner_took_for_a_person_is_the_system_it_is_described_as(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "Worcester Public Schools uses ClassBridge, the district's student information system. The School "
        "Safety Unit uses ClassBridge to check on truant students."
    )
    assert x.entities["ClassBridge"][0] == "InformationSystem"
    assert x.has("School Safety Unit", "hasAccessTo", "ClassBridge")


def test_a_hyphenated_surname_stays_whole(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract("Superintendent Lorena Vasquez-Pike of Worcester Public Schools wrote to families on Wednesday.")
    assert x.has("Lorena Vasquez-Pike", "holdsPost", "Worcester Public Schools")


def test_a_police_chief_heads_the_force_whatever_the_city_calls_it(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "The Columbus Division of Police wants the cameras. Police Chief Warren Tolliver said the division has "
        "no plans to share recordings with immigration authorities."
    )
    assert x.has("Warren Tolliver", "holdsPost", "Columbus Division of Police")
    assert ("Warren Tolliver", "denies", "Columbus Division of Police") in [c[:3] for c in x.claims]


def test_the_complaint_speaks_for_whoever_filed_it(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "Attorney General Russell Pennington sued Sheriff Ynez Calloway on Tuesday. According to the complaint, "
        "the sheriff's office released 27 people who were the subject of ICE detainers. Calloway denies that."
    )
    claims = [c[:2] for c in x.claims]
    assert ("Russell Pennington", "asserts") in claims
    assert ("Ynez Calloway", "denies") in claims


# ---------------------------------------------------------------- speakers named beside their title
def test_a_chant_is_the_marching_groups(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "Derechos del Desierto, a Tucson immigrant rights group, sued the city. On Saturday, about 75 members "
        'and supporters of Derechos del Desierto marched to police headquarters, chanting "Our data, our city."'
    )
    assert ("Derechos del Desierto", "Our data, our city.") in x.quotes


def test_the_spokesman_named_in_apposition_speaks_for_his_agency(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        'An ICE spokesman in Atlanta, Brent Hollowell, said the agency "welcomes the attorney general\'s efforts" '
        "and that its officers had lodged 41 detainers at the jail."
    )
    assert ("Brent Hollowell", "welcomes the attorney general's efforts") in x.quotes
    # what a spokesman says of his own agency is its stance, not a contested claim
    assert x.claims == []


def test_a_spokesmans_denial_of_his_agencys_conduct_is_a_claim(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract("ICE spokesman Carl Wendt said agents never used the Mesa database to find anyone.")
    assert ("Carl Wendt", "denies", "U.S. Immigration and Customs Enforcement") in [c[:3] for c in x.claims]


def test_a_bare_chair_holds_the_post_in_the_body_the_story_is_about(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "The Worcester School Committee voted 4-3 on Thursday to keep ICE out of schools. The committee had "
        "debated the policy for months. Vice Chair Paul Lisowski voted no. Committee member Janelle Okoro wrote "
        "the policy."
    )
    assert x.has("Paul Lisowski", "holdsPost", "Worcester School Committee")
    assert x.has("Janelle Okoro", "holdsPost", "Worcester School Committee")


def test_standing_with_and_urging_a_council_to_pass(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "Mayor Whitney Sandoval said she stands with the sheriff, Ynez Calloway. The Spokane Immigrant Rights "
        "Network urged the council to pass the ordinance."
    )
    assert x.has("Whitney Sandoval", "supports", "Ynez Calloway")
    assert x.entities["Spokane Immigrant Rights Network"][0] == "AdvocacyGroup"
    assert x.has("Spokane Immigrant Rights Network", "supports", "ordinance")


def test_the_motion_to_cancel_acts_on_the_contract_the_story_is_about(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "The Salt Lake City Council voted 5-2 on Tuesday to cancel the SkyTether drone contract. Councilmember "
        "Priya Raman, who made the motion to cancel, spoke first."
    )
    supported = [o for s, p, o, _ in x.relations if (s, p) == ("Priya Raman", "supports")]
    assert [x.entities[o][0] for o in supported] == ["Action"]


def test_a_national_agency_is_not_located_where_its_office_is(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract("The jail holds detainees for U.S. Immigration and Customs Enforcement in El Paso.")
    assert not [r for r in x.relations if r[1] == "locatedIn"]


def test_the_district_is_not_the_police_school_unit_named_after_it(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "Worcester Public Schools bought ClassBridge. The Worcester Police Department's School Safety Unit uses "
        "it. ClassBridge is managed by the district's Office of Information Technology."
    )
    assert x.has("Office of Information Technology", "subOrganizationOf", "Worcester Public Schools")
    assert not x.has("Office of Information Technology", "subOrganizationOf", "School Safety Unit")


def test_urging_a_board_is_a_stance_not_a_conversation(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract("The Scott County Board of Supervisors will vote on the jail contract. Sheriff Dale Brandt has "
                "urged the board to approve the jail contract.")  # fmt: skip
    assert x.has("Dale Brandt", "supports", "jail contract")
    assert not [r for r in x.relations if r[1] == "communicatedWith"]


def test_advocates_pushing_to_end_an_agreement_are_no_party_to_it(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "The Albuquerque Police Department signed a 2014 agreement with ICE. The New Mexico Immigrant Families "
        "Alliance has spent two years pushing to end the agreement."
    )
    assert not x.has("New Mexico Immigrant Families Alliance", "partyTo", "2014 agreement")
    assert not [r for r in x.relations if r[0].startswith("New Mexico") and r[1] in ("partyTo", "terminates")]


def test_the_agreement_is_the_one_deal_named_before_it(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "The Albuquerque Police Department signed a 2014 agreement with ICE. Advocates want to end the "
        "agreement. The agreement expires in May."
    )
    assert [label for label, (kind, _) in x.entities.items() if kind == "Agreement"] == [
        "agreement with U.S. Immigration and Customs Enforcement"
    ]


# ---------------------------------------------------------------- streets, units, alerts
def test_a_building_on_a_street(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract("The Prairie Gold Foods plant on South 27th Street employs 600 workers.")
    assert x.has("Prairie Gold Foods plant", "locatedIn", "South 27th Street")
    assert x.entities["South 27th Street"][0] == "Place"


def test_a_division_named_after_the_people_in_it(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract("Analysts in Enforcement and Removal Operations, a division of ICE, can query the system.")
    assert x.has("Enforcement and Removal Operations", "subOrganizationOf", "U.S. Immigration and Customs Enforcement")
    assert x.has("Enforcement and Removal Operations", "hasAccessTo", "system")


def test_receiving_a_systems_alerts_is_access_to_it(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "Toledo police use AcuShot, a gunshot detection system. The Lucas County Sheriff's Office also receives "
        "AcuShot alerts."
    )
    assert x.has("Lucas County Sheriff's Office", "hasAccessTo", "AcuShot")


def test_holding_a_vigil_in_front_of_a_building_is_a_protest_there(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "The Quad Cities Decarceration Alliance, a coalition of faith groups, held a vigil in front of the Scott "
        "County Jail on Sunday. The alliance held a meeting at the Scott County Jail on Monday."
    )
    assert x.has("Quad Cities Decarceration Alliance", "protestsAt", "Scott County Jail")
    assert len([r for r in x.relations if r[1] == "protestsAt"]) == 1  # a meeting is no protest


def test_who_leads_the_bureau(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "The Technology Services Bureau would manage the system. Deputy Chief Karen Sayles, who leads the "
        "bureau, said the footage is safe."
    )
    assert x.has("Karen Sayles", "holdsPost", "Technology Services Bureau")


def test_the_sheriffs_decision_is_the_sheriffs_act(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "Sheriff Ed Gonzalez of Harris County runs the jail. Commissioner Rodney Ellis criticized the sheriff's "
        "decision to renew the agreement."
    )
    assert x.has("Rodney Ellis", "criticizes", "Ed Gonzalez")
    assert not [r for r in x.relations if r[0] == "Rodney Ellis" and r[1] == "partyTo"]


def test_an_investigator_of_a_commission(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "The Spokane Community Police Oversight Commission released a report. The commission's investigator, "
        "Theo Brandvold, reviewed 41 stops."
    )
    assert x.has("Theo Brandvold", "holdsPost", "Spokane Community Police Oversight Commission")


def test_going_after_taking_issue_with_and_chiding_are_criticism(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "Utah Sheriffs Association president Nolan Beck went after the Salt Lake City Council itself. "
        "Councilmember Ana Ruiz took issue with Mayor Tom Hale's budget on Monday. Sheriff Dan Miller chided the "
        "Knox County Commission for delaying the vote. Ruiz took the bus to City Hall after Hale went home."
    )
    assert x.has("Nolan Beck", "criticizes", "Salt Lake City Council")
    assert x.has("Ana Ruiz", "criticizes", "Tom Hale")
    assert x.has("Dan Miller", "criticizes", "Knox County Commission")
    assert len([r for r in x.relations if r[1] == "criticizes"]) == 3


def test_handing_a_victory_to_a_party_is_ruling_in_its_favour(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "Circuit Judge Harriet Olander on Wednesday ordered the Milwaukee Police Department to release records, "
        "handing a victory to the Wisconsin Privacy Project. The mayor handed the keys to the Wisconsin Privacy "
        "Project."
    )
    assert x.has("Harriet Olander", "ruledInFavorOf", "Wisconsin Privacy Project")
    assert len([r for r in x.relations if r[1] == "ruledInFavorOf"]) == 1


def test_an_agencys_access_to_a_system_is_access_and_a_thing_to_end(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "The Tucson Police Department runs the Regional Plate Exchange database. Councilmember Lorena Vidal has "
        "called for an end to CBP's access to the Regional Plate Exchange database."
    )
    assert x.has("U.S. Customs and Border Protection", "hasAccessTo", "Regional Plate Exchange")
    opposed = [o for s, p, o, _ in x.relations if (s, p) == ("Lorena Vidal", "opposes")]
    assert [x.entities[o][0] for o in opposed] == ["Action"]


def test_the_sheriffs_division_is_a_unit_of_the_sheriffs_office(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "Sheriff Vic Regalado runs the Tulsa County Sheriff's Office. The complaint went to the sheriff's "
        "Professional Standards Division, the unit that handles internal affairs."
    )
    assert x.has("Professional Standards Division", "subOrganizationOf", "Tulsa County Sheriff's Office")


def test_withholding_funds_from_a_county_named_as_a_place(extract) -> None:  # type: ignore[no-untyped-def]
    x = extract(
        "House Appropriations Chairman Wesley Dunaway said Wednesday that he will move to withhold $2.4 million "
        "in state jail reimbursement funds from Athens-Clarke County."
    )
    assert x.has("Wesley Dunaway", "withholdsFundsFrom", "Athens-Clarke County")
    assert x.entities["Athens-Clarke County"][0] == "GovernmentOrganization"
