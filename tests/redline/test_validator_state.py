"""The openxml-audit helper must not carry findings from one file to the next."""

from __future__ import annotations

import pytest

from redline_helpers import make_docx


def test_every_call_gets_a_fresh_validator(monkeypatch):
    pytest.importorskip("openxml_audit")
    import openxml_audit

    from support import validators

    built = []
    real = openxml_audit.OpenXmlValidator

    def counting(*args, **kwargs):
        built.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(openxml_audit, "OpenXmlValidator", counting)
    bad = make_docx('<w:p><w:r><w:t>a</w:t></w:r><w:bogus/></w:p>')
    good = make_docx('<w:p><w:r><w:t>a</w:t></w:r></w:p>')

    first = validators.openxml_audit_findings(bad)
    second = validators.openxml_audit_findings(good)

    assert len(built) == 2
    assert any("bogus" in f.message for f in first)
    assert not any("bogus" in f.message for f in second)
