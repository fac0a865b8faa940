from fitmigrate.rules import Rule


class SignatureSampled(Rule):
    """With ``migrate --infer sample`` (opt-in, never the default), a call whose signature could not be
    proven statically gets one read from one real batch: the generator's module runs in a child
    process with a time limit, stopped before it trains, and one batch is pulled. A generator whose
    dtypes or ranks change from batch to batch is not caught that way, so the note asks for a review
    (and `fitmigrate verify` checks every sampled batch against the signature)."""

    CODE = "FM207"
    NAME = "signature-sampled"
    SEVERITY = "warning"
    SUMMARY = "the output_signature was read from one real batch (--infer sample), not proven from the code"
    FIX = "Review the declared dtypes; run `fitmigrate verify` on the script."
    FIX_SAFETY = "unsafe"
