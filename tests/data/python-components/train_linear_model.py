"""Train Linear Model

Test component: fits scikit-learn's LinearRegression; the fitted model is a Python object.
"""
from sklearn.linear_model import LinearRegression

COMPONENT_INFO = {
    "inputs": {"x": "DATAFRAME", "y": "SERIES"},
    "outputs": {"model": "ANY"},
    "name": "Train Linear Model",
    "category": "User",
    "description": "LinearRegression().fit(x, y)",
    "version_tag": "1.0.0",
    "id": "c0ffee00-0000-4000-8000-000000000041",
    "revision_group_id": "c0ffee00-0000-4000-8000-000000000042",
    "state": "RELEASED",
}


def main(*, x, y):
    return {"model": LinearRegression().fit(x, y)}
