from datetime import date

import pytest

from whoswatching.campaigns import compose

BODY = compose.BodyFields(name="Northmoor Borough Council", slug="northmoor", sector="council", nation="england")


def _render(template, *, body=BODY, law="foia", variables=None, welsh=False):
    variables = {"requester_name": "Ada Lovelace"} if variables is None else variables
    compiled = compose.compile_template(template, variables=variables)
    context = compose.context_for(
        body=body, law=law, reference="WW-2026-000123", reply_address="foi+ww-2026-000123@r.example",
        campaign_name="CCTV", variables=variables, today=date(2026, 11, 27), bilingual_welsh=welsh,
    )
    return compose.render(compiled, context, to="foi@northmoor.example", reference="WW-2026-000123", law=law)


def test_merge_fills_fields_and_subject_carries_reference():
    msg = _render(compose.Template("FOI to {{body.name}}", "{{ greeting }}\nAsk {{ body.name }} on {{ today }}.\n"))
    assert msg.subject == "FOI to Northmoor Borough Council [WW-2026-000123]"
    assert msg.body == "Dear Freedom of Information officer,\nAsk Northmoor Borough Council on 27 November 2026.\n"
    assert msg.reply_to == "foi+ww-2026-000123@r.example" and msg.headers["X-WW-Reference"] == "WW-2026-000123"


def test_unknown_field_names_the_field_line_and_allowed_fields():
    template = compose.Template("Subject", "line one\nHello {{ body.nmae }}\n")
    with pytest.raises(compose.UnknownMergeField) as err:
        compose.compile_template(template)
    assert err.value.name == "body.nmae" and err.value.line == 2 and err.value.where == "body"
    assert "body.name" in str(err.value) and "law.citation" in str(err.value)


def test_template_problems_lists_every_unknown_field():
    template = compose.Template("{{ foo }}", "{{ body.name }} {{ var.missing }} {{ bar baz }}")
    problems = compose.template_problems(template, variables={"requester_name": "x"})
    assert [p.name for p in problems] == ["foo", "var.missing", "bar baz"]
    assert "var.requester_name" in str(problems[1])


def test_unmatched_braces_are_an_error():
    with pytest.raises(compose.TemplateError, match="unmatched"):
        compose.compile_template(compose.Template("S", "Hello {{ body.name"))


def test_empty_subject_is_an_error():
    with pytest.raises(compose.TemplateError, match="Subject"):
        compose.compile_template(compose.Template("  ", "x"))


@pytest.mark.parametrize(
    ("law", "citation", "regulator"),
    [
        ("foia", "section 1(1) of the Freedom of Information Act 2000", "Information Commissioner (section 50"),
        ("foisa", "section 1(1) of the Freedom of Information (Scotland) Act 2002", "Scottish Information Commissioner"),
        ("eir", "regulation 5(1) of the Environmental Information Regulations 2004", "regulation 18"),
    ],
)
def test_per_law_wording(law, citation, regulator):
    msg = _render(compose.Template("S", "{{ law.citation }} | {{ law.regulator }} | {{ law.deadline }}"), law=law)
    assert citation in msg.body and regulator in msg.body and "twentieth" in msg.body or "20 working days" in msg.body


def test_welsh_bodies_get_bilingual_greeting_only_when_asked():
    welsh = compose.BodyFields(name="Cyngor Aberwen", nation="wales")
    template = compose.Template("S", "{{ greeting }}")
    assert _render(template, body=welsh, welsh=True).body.startswith("Annwyl Swyddog Rhyddid Gwybodaeth / Dear")
    assert _render(template, body=welsh).body == "Dear Freedom of Information officer,"
    assert _render(template, welsh=True).body == "Dear Freedom of Information officer,"  # English body


def test_hostile_body_text_is_inserted_verbatim_not_interpreted():
    body = compose.BodyFields(name="{{ var.requester_name }} <script>")
    msg = _render(compose.Template("S", "{{ body.name }}"), body=body)
    assert msg.body == "{{ var.requester_name }} <script>"


def test_bundled_templates_compile_and_ask_the_seed_questions():
    request = compose.bundled_template("request")
    compose.compile_template(request, variables={"requester_name": "x"})
    for phrase in ("Hikvision", "Dahua", "other company headquartered in China", "model numbers",
                   "facial recognition", "thermal", "in use", "connected to the internet"):
        assert phrase in request.body
    for name in ("reminder", "internal_review"):
        compose.compile_template(compose.bundled_template(name), variables={"requester_name": "x"},
                                 fields=compose.FOLLOWUP_FIELDS)
    with pytest.raises(compose.TemplateError, match="known: internal_review, reminder, request"):
        compose.bundled_template("nope")


def test_parse_template_file():
    t = compose.parse_template_file("# note\nSubject: Hello {{ body.name }}\n\nBody line\n")
    assert t == compose.Template("Hello {{ body.name }}", "Body line\n")
    with pytest.raises(compose.TemplateError, match="Subject"):
        compose.parse_template_file("no subject here")


def test_unknown_law_is_an_error():
    with pytest.raises(compose.TemplateError, match="foia"):
        compose.context_for(body=BODY, law="gdpr", reference="r", reply_address="a", campaign_name="c",
                            variables={}, today=date(2026, 1, 1))
