"""The local library on disk: TinyDB files written atomically, an inter-process
lock, schema versions and the analysis cache. No Textual and no Rich here."""
