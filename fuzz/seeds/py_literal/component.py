"""Doc"""
COMPONENT_INFO = {"inputs": {"a": "FLOAT"}, "outputs": {"b": "FLOAT"}, "name": "X", "category": "C", "id": "c9736810-73d8-b109-3822-96a5bf0a6d1c", "revision_group_id": "c9736810-73d8-b109-3822-96a5bf0a6d1c", "version_tag": "1.0.0"}
def main(*, a):
    return {"b": a}
