from whoswatching.coding.highlight import segments


def test_quotes_found_across_line_breaks_and_tagged():
    text = "1. Yes, we use\nHikvision cameras.\n2. No Dahua."
    segs = segments(text, {"uses_hikvision": ["Yes, we use Hikvision cameras."], "uses_dahua": ["No Dahua."]})
    assert "".join(s.text for s in segs) == text
    tagged = {s.text: s.fields for s in segs if s.fields}
    assert tagged["Yes, we use\nHikvision cameras."] == ("uses_hikvision",)
    assert tagged["No Dahua."] == ("uses_dahua",)


def test_missing_and_cut_quotes_do_not_break():
    text = "We hold 12 cameras in total across the estate."
    segs = segments(text, {"camera_count": ["12 cameras in total …"], "models": ["not in the text"]})
    assert "".join(s.text for s in segs) == text
    assert [s.text for s in segs if s.fields] == ["12 cameras in total"]
