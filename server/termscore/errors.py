"""The exception tree. Each class carries the HTTP status of the response the server sends.

Only ``termscore.server`` turns these into responses; every other layer raises them
with a message that names the bad value and says what to do next.
"""


class TermScoreError(Exception):
    """Base class of every error TermScore raises on purpose."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, detail: str | None = None):
        super().__init__(message)
        self.message = message
        self.detail = detail

    def to_dict(self) -> dict:
        return {"code": self.code, "message": self.message, "detail": self.detail}


class InvalidRequestError(TermScoreError):
    """An option or parameter has a value TermScore does not accept."""

    status = 400
    code = "invalid_request"


class UnsupportedFormatError(TermScoreError):
    """The input is not a format TermScore reads (legacy .doc, not a zip nor Flat OPC)."""

    status = 415
    code = "unsupported_format"


class CorruptDocumentError(TermScoreError):
    """The input claims a supported format but cannot be read (truncated zip, bad XML)."""

    status = 422
    code = "corrupt_document"


class PasswordProtectedError(TermScoreError):
    """An encrypted OOXML package (a CFB container with an EncryptionInfo stream)."""

    status = 422
    code = "password_protected"


class UnsafeXmlError(TermScoreError):
    """XML with a DOCTYPE or entity declarations, which OPC forbids (ECMA-376 Part 2, 8.1.4)."""

    status = 422
    code = "unsafe_xml"


class DocumentTooLargeError(TermScoreError):
    """The input or its inflated parts exceed a configured size or compression-ratio cap."""

    status = 413
    code = "document_too_large"


class EditRejectedError(TermScoreError):
    """A requested edit cannot be written safely (it cuts a field, a locked control)."""

    status = 422
    code = "edit_rejected"


class AnalysisTimeoutError(TermScoreError):
    """Analysis ran past the configured per-request time limit."""

    status = 503
    code = "analysis_timeout"


class ClauseLibraryError(TermScoreError):
    """A clause-library file is invalid; the message starts with ``file:line``."""

    status = 500
    code = "clause_library_invalid"


class EmptyDocumentError(TermScoreError):
    """The input has no bytes, or no text to audit (white space only)."""

    status = 422
    code = "empty_document"
