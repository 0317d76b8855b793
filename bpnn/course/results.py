"""Results as JSON-ready data, for `--json` and the pages: every chapter returns a dataclass."""
import dataclasses


def as_data(value):
    """JSON-ready data: a result's fields (but not its trained networks) as dicts, lists and numbers."""
    if dataclasses.is_dataclass(value):
        return {field.name: as_data(getattr(value, field.name)) for field in dataclasses.fields(value)
                if field.name != "network"}
    if isinstance(value, dict):
        return {key: as_data(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [as_data(item) for item in value]
    return value.tolist() if hasattr(value, "tolist") else value  # a numpy scalar from the kernels
