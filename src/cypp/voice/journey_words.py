"""The journey's own words, in English and Welsh, in words a child of eight can read.

A survey's own words (its title, questions, privacy notice and help) come from its file and
its translations; these are the words around them: headings, buttons, links and messages.
Welsh is Cymraeg as a Welsh-medium primary school would write it; a Welsh speaker at the
partnership should read it before a Welsh survey opens (docs/voice.md, "A child's journey").
"""

from __future__ import annotations

ENGLISH = {
    "service": "Have your say",
    "start": "Start now",
    "continue": "Continue",
    "back": "Back",
    "error_title": "There is a problem",
    "error_prefix": "Error:",
    "what_for": "What this is for",
    "how_long": "It has {n} questions and takes about {minutes} minutes.",
    "stop_any_time": "You can stop at any time. You do not have to answer every question.",
    "no_wrong": "There are no right or wrong answers.",
    "privacy_link": "How we look after your answers",
    "help_link": "Where to get help",
    "resume_link": "Carry on with answers you saved",
    "closed_title": "This survey is not open just now",
    "closed_body": "Thank you for wanting to have your say. You cannot answer this survey at "
    "the moment. Ask the person who told you about it when it opens again.",
    "privacy_title": "How we look after your answers",
    "language_title": "Which language do you want to use?",
    "language_error": "Choose a language",
    "audience_title": "Who are you?",
    "audience_error": "Choose who you are",
    "age_title": "Are you 13 or over?",
    "age_hint": "We ask so we know who needs to say yes to you taking part.",
    "age_yes": "Yes, I am 13 or over",
    "age_no": "No, I am 12 or under",
    "age_error": "Choose yes or no",
    "agree_self_title": "Do you agree to take part?",
    "agree_self_body": "It is your choice. You can stop at any time.",
    "agree_self": "I agree to take part",
    "agree_self_error": "Tick the box to say you agree, or close this page if you do not",
    "agree_parent_title": "A parent or carer needs to say yes",
    "agree_parent_body": "Because you are under 13, a parent or carer needs to read how we "
    "look after your answers and tick the box.",
    "agree_parent": "I am this child's parent or carer and I agree to them taking part",
    "agree_parent_error": "A parent or carer needs to tick the box to agree",
    "setting_title": "Before you start",
    "setting_body": "{setting} is running this survey and has said yes to it. It is still "
    "your choice: you can stop at any time.",
    "setting_default": "Your school or group",
    "name_label": "Your name",
    "name_hint": "We ask your name so that someone can help you if you need it.",
    "name_error": "Enter your name",
    "honeypot": "Leave this empty",
    "save_later": "Save and come back later",
    "optional": "You can skip this question.",
    "rank_position": "Number {n}",
    "rank_first": "Number 1 (matters most)",
    "rank_choose": "Choose one",
    "text_limit": "You can write up to {n} characters.",
    "save_title": "Your code to come back",
    "save_body": "Write this code down or take a photo of it. You need it to carry on. We do "
    "not keep it, so we cannot tell you it again.",
    "save_where": "To carry on, go to this page and type in your code:",
    "save_get": "Get a code",
    "save_intro": "We will give you a code. Use it to carry on from where you stopped.",
    "save_carry_on": "Or carry on now",
    "resume_title": "Carry on with your answers",
    "resume_label": "Your code",
    "resume_hint": "For example, sun tree frog 47",
    "resume_error": "We could not find answers for that code. Check it and try again.",
    "resume_empty": "Enter your code",
    "help_title": "You are not in trouble",
    "help_lead": "Here is who can help you now.",
    "childline": "Childline: call 0800 1111 for free, any time. It will not show on the "
    "phone bill.",
    "emergency": "If you are in danger now, call 999.",
    "help_carry_on": "Carry on with the survey",
    "help_start": "Go to the start of the survey",
    "finish_title": "You have answered the questions",
    "finish_body": "When you send your answers you cannot change them.",
    "finish_send": "Send my answers",
    "thanks_title": "Thank you",
    "thanks_panel": "Your answers have been sent",
    "next_title": "What happens next",
    "next_body": "The people who plan for children and young people in your area will read "
    "what everyone said, and tell you what they are doing about it.",
    "anonymous_note": "We did not ask your name. Nobody can tell which answers are yours.",
    "you_said_link": "See what has been done about what children and young people told us",
    "wait_title": "Please wait a little while",
    "wait_body": "A lot of answers have come from where you are in the last hour. Please "
    "wait an hour, then try again. The answers you gave before are kept.",
    "gone_title": "Your answers have already been sent",
    "gone_body": "Thank you. If you want to start again, go to the start of the survey.",
    "stopped": "These answers have been sent already.",
    "error_required": "Answer this question, please",
    "error_too_long": "Your answer must be {n} characters or fewer",
    "error_choice": "Choose an answer from the list",
    "error_rank": "Give every choice a different number",
    "question_of": "Question {n}",
}

WELSH = {
    "service": "Dweud dy ddweud",
    "start": "Dechrau nawr",
    "continue": "Parhau",
    "back": "Yn ôl",
    "error_title": "Mae problem",
    "error_prefix": "Gwall:",
    "what_for": "Beth yw pwrpas hwn",
    "how_long": "Mae ganddo {n} cwestiwn ac mae'n cymryd tua {minutes} munud.",
    "stop_any_time": "Gelli di stopio unrhyw bryd. Does dim rhaid i ti ateb pob cwestiwn.",
    "no_wrong": "Does dim atebion cywir nac anghywir.",
    "privacy_link": "Sut rydyn ni'n gofalu am dy atebion",
    "help_link": "Ble i gael help",
    "resume_link": "Parhau gydag atebion a gadwaist",
    "closed_title": "Dydy'r arolwg hwn ddim ar agor ar hyn o bryd",
    "closed_body": "Diolch am fod eisiau dweud dy ddweud. Elli di ddim ateb yr arolwg hwn "
    "ar hyn o bryd. Gofynna i'r person a ddywedodd wrthot ti amdano pryd bydd yn agor eto.",
    "privacy_title": "Sut rydyn ni'n gofalu am dy atebion",
    "language_title": "Pa iaith wyt ti eisiau ei defnyddio?",
    "language_error": "Dewisa iaith",
    "audience_title": "Pwy wyt ti?",
    "audience_error": "Dewisa pwy wyt ti",
    "age_title": "Wyt ti'n 13 oed neu'n hŷn?",
    "age_hint": "Rydyn ni'n gofyn er mwyn gwybod pwy sydd angen dweud ie i ti gymryd rhan.",
    "age_yes": "Ydw, rydw i'n 13 oed neu'n hŷn",
    "age_no": "Nac ydw, rydw i'n 12 oed neu'n iau",
    "age_error": "Dewisa ydw neu nac ydw",
    "agree_self_title": "Wyt ti'n cytuno i gymryd rhan?",
    "agree_self_body": "Dy ddewis di yw e. Gelli di stopio unrhyw bryd.",
    "agree_self": "Rydw i'n cytuno i gymryd rhan",
    "agree_self_error": "Ticia'r blwch i ddweud dy fod yn cytuno, neu cau'r dudalen os nad wyt ti",
    "agree_parent_title": "Mae angen i riant neu ofalwr ddweud ie",
    "agree_parent_body": "Gan dy fod o dan 13 oed, mae angen i riant neu ofalwr ddarllen sut "
    "rydyn ni'n gofalu am dy atebion a thicio'r blwch.",
    "agree_parent": "Fi yw rhiant neu ofalwr y plentyn hwn ac rydw i'n cytuno iddo gymryd rhan",
    "agree_parent_error": "Mae angen i riant neu ofalwr dicio'r blwch i gytuno",
    "setting_title": "Cyn i ti ddechrau",
    "setting_body": "Mae {setting} yn cynnal yr arolwg hwn ac wedi dweud ie iddo. Dy ddewis "
    "di yw e o hyd: gelli di stopio unrhyw bryd.",
    "setting_default": "Dy ysgol neu dy grŵp",
    "name_label": "Dy enw",
    "name_hint": "Rydyn ni'n gofyn dy enw fel bod rhywun yn gallu dy helpu os oes angen.",
    "name_error": "Rho dy enw",
    "honeypot": "Gad hwn yn wag",
    "save_later": "Cadw a dod yn ôl wedyn",
    "optional": "Gelli di hepgor y cwestiwn hwn.",
    "rank_position": "Rhif {n}",
    "rank_first": "Rhif 1 (y pwysicaf)",
    "rank_choose": "Dewisa un",
    "text_limit": "Gelli di ysgrifennu hyd at {n} nod.",
    "save_title": "Dy god i ddod yn ôl",
    "save_body": "Ysgrifenna'r cod hwn neu tynna lun ohono. Mae ei angen arnat ti i barhau. "
    "Dydyn ni ddim yn ei gadw, felly allwn ni ddim ei ddweud wrthot ti eto.",
    "save_where": "I barhau, cer i'r dudalen hon a theipio dy god:",
    "save_get": "Cael cod",
    "save_intro": "Byddwn ni'n rhoi cod i ti. Defnyddia fe i barhau o'r man lle stopiaist ti.",
    "save_carry_on": "Neu parha nawr",
    "resume_title": "Parhau gyda dy atebion",
    "resume_label": "Dy god",
    "resume_hint": "Er enghraifft, sun tree frog 47",
    "resume_error": "Doedden ni ddim yn gallu dod o hyd i atebion ar gyfer y cod hwnnw. "
    "Gwiria fe a rho gynnig arall arni.",
    "resume_empty": "Rho dy god",
    "help_title": "Dwyt ti ddim mewn trwbl",
    "help_lead": "Dyma pwy all dy helpu di nawr.",
    "childline": "Childline: ffonia 0800 1111 am ddim, unrhyw bryd. Fydd e ddim yn dangos "
    "ar y bil ffôn.",
    "emergency": "Os wyt ti mewn perygl nawr, ffonia 999.",
    "help_carry_on": "Parhau gyda'r arolwg",
    "help_start": "Mynd i ddechrau'r arolwg",
    "finish_title": "Rwyt ti wedi ateb y cwestiynau",
    "finish_body": "Pan fyddi di'n anfon dy atebion, elli di ddim eu newid nhw.",
    "finish_send": "Anfon fy atebion",
    "thanks_title": "Diolch",
    "thanks_panel": "Mae dy atebion wedi cael eu hanfon",
    "next_title": "Beth sy'n digwydd nesaf",
    "next_body": "Bydd y bobl sy'n cynllunio ar gyfer plant a phobl ifanc yn dy ardal di yn "
    "darllen beth ddywedodd pawb, ac yn dweud wrthot ti beth maen nhw'n ei wneud amdano.",
    "anonymous_note": "Wnaethon ni ddim gofyn dy enw. All neb ddweud pa atebion yw dy rai di.",
    "you_said_link": "Gweld beth sydd wedi cael ei wneud am beth ddywedodd plant a phobl ifanc "
    "wrthon ni (yn Saesneg)",
    "wait_title": "Aros am ychydig, os gweli di'n dda",
    "wait_body": "Mae llawer o atebion wedi dod o'r lle rwyt ti ynddo yn yr awr ddiwethaf. "
    "Aros am awr, yna rho gynnig arall arni. Mae'r atebion a roddaist ti o'r blaen wedi'u cadw.",
    "gone_title": "Mae dy atebion wedi cael eu hanfon yn barod",
    "gone_body": "Diolch. Os wyt ti eisiau dechrau eto, cer i ddechrau'r arolwg.",
    "stopped": "Mae'r atebion hyn wedi cael eu hanfon yn barod.",
    "error_required": "Ateba'r cwestiwn hwn, os gweli di'n dda",
    "error_too_long": "Rhaid i dy ateb fod yn {n} nod neu lai",
    "error_choice": "Dewisa ateb o'r rhestr",
    "error_rank": "Rho rif gwahanol i bob dewis",
    "question_of": "Cwestiwn {n}",
}

WORDS = {"en": ENGLISH, "cy": WELSH}

# The language each language's name is written in, for the language question.
LANGUAGE_NAMES = {"en": "English", "cy": "Cymraeg"}
# The page's lang attribute for each language (en-GB as the rest of CYPP).
PAGE_LANG = {"en": "en-GB", "cy": "cy"}


def words(language: str) -> dict[str, str]:
    """The journey's words in ``language``; English for any language without them (the
    survey's own words may still be translated)."""
    return WORDS.get(language, ENGLISH)
